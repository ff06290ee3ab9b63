// Bonding-capacity presets and the semantic-robust alphabet of selfies 2.2
// (selfies/bond_constraints.py), without global state: the preset comes with the options.
#include <map>

#include "chem/selfies.h"
#include "chem/selfies_smiles.h"

namespace sild::chem {
namespace {

using Table = std::map<std::string, int>;

const Table& preset(SelfiesConstraints constraints) {
  static const Table kDefault = {{"H", 1},   {"F", 1},   {"Cl", 1}, {"Br", 1},  {"I", 1},   {"B", 3},
                                 {"B+1", 2}, {"B-1", 4}, {"O", 2},  {"O+1", 3}, {"O-1", 1}, {"N", 3},
                                 {"N+1", 4}, {"N-1", 2}, {"C", 4},  {"C+1", 3}, {"C-1", 3}, {"P", 5},
                                 {"P+1", 4}, {"P-1", 6}, {"S", 6},  {"S+1", 5}, {"S-1", 5}, {"?", 8}};
  static const Table kOctet = [] {
    Table table = kDefault;
    for (const auto& [key, value] :
         Table{{"S", 2}, {"S+1", 3}, {"S-1", 1}, {"P", 3}, {"P+1", 4}, {"P-1", 2}}) {
      table[key] = value;
    }
    return table;
  }();
  static const Table kHypervalent = [] {
    Table table = kDefault;
    for (const auto& [key, value] : Table{{"Cl", 7}, {"Br", 7}, {"I", 7}, {"N", 5}}) table[key] = value;
    return table;
  }();
  switch (constraints) {
    case SelfiesConstraints::kOctetRule:
      return kOctet;
    case SelfiesConstraints::kHypervalent:
      return kHypervalent;
    default:
      return kDefault;
  }
}

}  // namespace

int selfies_bonding_capacity(const std::string& element, long long charge, const SelfiesOptions& options) {
  const Table& table = preset(options.constraints);
  std::string key = element;
  if (charge != 0) key += (charge > 0 ? "+" : "") + std::to_string(charge);
  auto found = table.find(key);
  return found != table.end() ? found->second : table.at("?");
}

namespace selfies_internal {
int bonding_capacity(const std::string& element, long long charge, const SelfiesOptions& options) {
  return selfies_bonding_capacity(element, charge, options);
}
}  // namespace selfies_internal

std::set<std::string> semantic_robust_alphabet(const SelfiesOptions& options) {
  std::set<std::string> alphabet;
  const std::pair<const char*, int> bonds[] = {{"", 1}, {"=", 2}, {"#", 3}};
  for (const auto& [atom, capacity] : preset(options.constraints)) {
    if (atom == "?") continue;
    for (const auto& [bond, order] : bonds) {
      if (order <= capacity) alphabet.insert("[" + std::string(bond) + atom + "]");
    }
  }
  for (int length = 1; length <= 3; ++length) {
    const std::string n = std::to_string(length);
    for (const char* kind : {"[Ring", "[=Ring", "[Branch", "[=Branch", "[#Branch"})
      alphabet.insert(kind + n + "]");
  }
  for (const char* symbol :
       {"[C]", "[Ring1]", "[Ring2]", "[Branch1]", "[=Branch1]", "[#Branch1]", "[Branch2]", "[=Branch2]",
        "[#Branch2]", "[O]", "[N]", "[=N]", "[=C]", "[#C]", "[S]", "[P]"}) {
    alphabet.insert(symbol);
  }
  return alphabet;
}

}  // namespace sild::chem
