// Element requirements of SMARTS patterns (see element_screen.h).
#include "chem/element_screen.h"

#include <GraphMol/QueryAtom.h>
#include <GraphMol/QueryOps.h>
#include <GraphMol/ROMol.h>

#include <map>

namespace sild::chem {
namespace {

using AtomQuery = Queries::Query<int, RDKit::Atom const*, true>;

/// The atomic number a single (non-negated) query node fixes, or -1.
int element_of_node(const AtomQuery& query) {
  if (query.getNegation()) return -1;
  const std::string& what = query.getDescription();
  if (what != "AtomAtomicNum" && what != "AtomType") return -1;
  const auto* equality = dynamic_cast<const Queries::EqualityQuery<int, RDKit::Atom const*, true>*>(&query);
  if (equality == nullptr || equality->getTol() != 0) return -1;
  const int value = equality->getVal();
  return what == "AtomType" ? RDKit::getAtomTypeAtomicNum(value) : value;
}

}  // namespace

int required_element(const RDKit::Atom& atom) {
  if (!atom.hasQuery()) return atom.getAtomicNum();
  const AtomQuery* query = atom.getQuery();
  if (int element = element_of_node(*query); element >= 0) return element;
  if (query->getDescription() == "AtomAnd" && !query->getNegation()) {
    for (auto child = query->beginChildren(); child != query->endChildren(); ++child) {
      if (int element = element_of_node(**child); element >= 0) return element;
    }
  }
  return -1;
}

ElementCounts element_counts(const RDKit::ROMol& mol) {
  ElementCounts counts{};
  for (const auto* atom : mol.atoms()) {
    const int z = atom->getAtomicNum();
    if (z >= 0 && z < static_cast<int>(counts.size()) && counts[z] < UINT16_MAX) ++counts[z];
  }
  return counts;
}

ElementScreen::ElementScreen(const RDKit::ROMol& pattern) {
  std::map<int, uint16_t> needed;
  for (const auto* atom : pattern.atoms()) {
    const int element = required_element(*atom);
    if (element >= 0 && element < static_cast<int>(ElementCounts{}.size())) ++needed[element];
  }
  required_.assign(needed.begin(), needed.end());
}

}  // namespace sild::chem
