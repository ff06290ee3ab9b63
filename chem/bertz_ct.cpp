// BertzCT (see bertz_ct.h): a re-statement of RDKit's Python algorithm on its C++ API.
#include "chem/bertz_ct.h"

#include <GraphMol/MolOps.h>
#include <GraphMol/ROMol.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace sild::chem {
namespace {

/// RDKit's InfoEntropy: -sum p log2 p over the normalised counts.
double info_entropy(const std::vector<double>& counts) {
  double total = 0.0;
  for (double c : counts) total += c;
  if (total == 0.0) return 0.0;
  double result = 0.0;
  for (double c : counts) {
    const double p = c / total;
    if (p != 0.0) result += -p * std::log(p);
  }
  return result / std::log(2.0);
}

/// Atoms whose sorted distance rows agree (to 4 decimals, first `cutoff` entries) share a class;
/// classes are numbered 1, 2, ... in order of first appearance.
std::vector<int> symmetry_classes(const double* distances, unsigned atoms, unsigned cutoff) {
  std::vector<std::vector<std::string>> keys;
  std::vector<int> classes(atoms, 0);
  std::vector<double> row(atoms);
  char buffer[64];
  for (unsigned i = 0; i < atoms; ++i) {
    std::copy(distances + static_cast<size_t>(i) * atoms, distances + static_cast<size_t>(i + 1) * atoms,
              row.begin());
    std::sort(row.begin(), row.end());
    std::vector<std::string> key;
    for (unsigned j = 0; j < std::min(cutoff, atoms); ++j) {
      std::snprintf(buffer, sizeof buffer, "%.4f", row[j]);
      key.emplace_back(buffer);
    }
    auto it = std::find(keys.begin(), keys.end(), key);
    if (it == keys.end()) {
      keys.push_back(std::move(key));
      classes[i] = static_cast<int>(keys.size());
    } else {
      classes[i] = static_cast<int>(it - keys.begin()) + 1;
    }
  }
  return classes;
}

/// Python's float(BondType) for non-aromatic bonds (the enum's value), 1.5 for aromatic ones.
double bond_order(const RDKit::Bond& bond) {
  if (bond.getIsAromatic()) return 1.5;
  return static_cast<double>(static_cast<int>(bond.getBondType()));
}

/// A connection dictionary that keeps insertion order, as Python's dict does (the entropy sums
/// then add in the same order).
class OrderedCounts {
 public:
  void add(const std::vector<int>& key, double value) {
    auto [it, inserted] = index_.emplace(key, values_.size());
    if (inserted) values_.push_back(0.0);
    values_[it->second] += value;
  }
  const std::vector<double>& values() const { return values_; }

 private:
  std::map<std::vector<int>, size_t> index_;
  std::vector<double> values_;
};

}  // namespace

double bertz_ct(const RDKit::ROMol& mol, unsigned cutoff) {
  const unsigned atoms = mol.getNumAtoms();
  if (atoms < 2) return 0.0;
  // Neighbour lists (sorted, unique) and bond orders.
  std::vector<std::vector<unsigned>> neighbours(atoms);
  std::map<std::pair<unsigned, unsigned>, double> orders;
  for (const auto* bond : mol.bonds()) {
    unsigned a = bond->getBeginAtomIdx(), b = bond->getEndAtomIdx();
    if (a > b) std::swap(a, b);
    orders[{a, b}] = bond_order(*bond);
    if (std::find(neighbours[a].begin(), neighbours[a].end(), b) == neighbours[a].end())
      neighbours[a].push_back(b);
    if (std::find(neighbours[b].begin(), neighbours[b].end(), a) == neighbours[b].end())
      neighbours[b].push_back(a);
  }
  for (auto& list : neighbours) std::sort(list.begin(), list.end());
  auto order_of = [&](unsigned a, unsigned b) { return orders.at({std::min(a, b), std::max(a, b)}); };

  // The Python code asks for the bond-order-weighted ("Balaban") distance matrix, recomputed.
  const double* distances =
      RDKit::MolOps::getDistanceMat(mol, /*useBO=*/true, /*useAtomWts=*/false, /*force=*/true, "Balaban");
  const auto classes = symmetry_classes(distances, atoms, cutoff);

  std::vector<int> atom_type_order;
  std::map<int, double> atom_types;
  OrderedCounts connections;
  for (unsigned atom = 0; atom < atoms; ++atom) {
    const int element = mol.getAtomWithIdx(atom)->getAtomicNum();
    if (atom_types.count(element) == 0) atom_type_order.push_back(element);
    atom_types[element] += 1.0;
    const int hinge = classes[atom];
    const auto& list = neighbours[atom];
    for (size_t i = 0; i < list.size(); ++i) {
      const unsigned ni = list[i];
      const int ni_class = classes[ni];
      const double order_i = order_of(atom, ni);
      if (order_i > 1 && ni > atom) {
        connections.add({std::min(hinge, ni_class), std::max(hinge, ni_class)}, order_i * (order_i - 1) / 2);
      }
      for (size_t j = i + 1; j < list.size(); ++j) {
        const unsigned nj = list[j];
        const int nj_class = classes[nj];
        connections.add({std::min(ni_class, nj_class), hinge, std::max(ni_class, nj_class)},
                        order_i * order_of(atom, nj));
      }
    }
  }
  std::vector<double> connection_counts = connections.values();
  if (connection_counts.empty()) connection_counts = {1.0};
  double total = 0.0;
  for (double c : connection_counts) total += c;
  const double connection_ie = total * (info_entropy(connection_counts) + std::log(total) / std::log(2.0));
  std::vector<double> type_counts;
  for (int element : atom_type_order) type_counts.push_back(atom_types[element]);
  const double atom_type_ie = atoms * info_entropy(type_counts);
  return atom_type_ie + connection_ie;
}

}  // namespace sild::chem
