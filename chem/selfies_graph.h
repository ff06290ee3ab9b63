// The molecular graph the SELFIES encoder and decoder build (the reference library's
// MolecularGraph): atoms in creation order, directed bonds in SMILES traversal order, ring-bond
// placeholders, bond counts, and kekulisation of the delocalised subgraph by perfect matching.
// Internal to chem/selfies*.cpp.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sild::chem::selfies_internal {

struct Atom {
  std::string element;
  bool aromatic = false;
  std::optional<std::string> isotope;  // decimal digits without leading zeros
  std::string chirality;               // "", "@", "@@"
  std::optional<int> h_count;          // nullopt: implicit hydrogens (organic subset)
  long long charge = 0;
  int capacity = 0;  // bonding capacity (constraints minus explicit Hs)
  int index = -1;
};

struct DirectedBond {
  int src = 0;
  int dst = 0;
  double order = 1;  // 1, 1.5 (aromatic, before kekulisation), 2, 3
  char stereo = 0;   // '/', '\\' or 0
  bool ring_bond = false;
};

class MolecularGraph {
 public:
  size_t size() const { return atoms_.size(); }
  Atom& atom(int index) { return atoms_[static_cast<size_t>(index)]; }
  const Atom& atom(int index) const { return atoms_[static_cast<size_t>(index)]; }
  const std::vector<Atom>& atoms() const { return atoms_; }
  std::vector<Atom>& atoms() { return atoms_; }
  const std::vector<int>& roots() const { return roots_; }

  /// Out-bonds of an atom in traversal order (-1 entries are unfilled ring placeholders).
  const std::vector<int>& out_bonds(int src) const { return adjacency_[static_cast<size_t>(src)]; }
  const DirectedBond& bond(int id) const { return bonds_[static_cast<size_t>(id)]; }
  bool has_bond(int a, int b) const;
  const DirectedBond& directed_bond(int src, int dst) const;
  double bond_count(int index) const { return bond_counts_[static_cast<size_t>(index)]; }
  bool has_out_ring_bond(int index) const { return ring_bond_flags_[static_cast<size_t>(index)]; }

  int add_atom(Atom atom, bool root = false);
  void add_bond(int src, int dst, double order, char stereo);
  /// Reserves the next out-bond slot of `src` for a ring bond; returns its position.
  int add_placeholder_bond(int src);
  /// Both directions of a ring bond; positions -1 append, otherwise fill or insert there.
  void add_ring_bond(int a, int b, double order, char a_stereo, char b_stereo, int a_pos = -1,
                     int b_pos = -1);
  void update_bond_order(int a, int b, double new_order);

  bool is_kekulized() const { return delocalized_order_.empty(); }
  /// Replaces aromatic bonds by alternating single/double bonds; false when impossible.
  /// Throws std::invalid_argument for an atom the reference cannot handle (no aromatic valence).
  bool kekulize();

 private:
  int add_directed(const DirectedBond& bond, int pos);
  bool prune_from_delocalized(int node) const;
  void add_delocalized_edge(int a, int b);

  std::vector<Atom> atoms_;
  std::vector<int> roots_;
  std::vector<DirectedBond> bonds_;
  std::map<std::pair<int, int>, int> bond_ids_;  // (src, dst) -> bond id
  std::vector<std::vector<int>> adjacency_;
  std::vector<double> bond_counts_;
  std::vector<bool> ring_bond_flags_;
  // The delocalisation subgraph, keys in insertion order as the reference's dict.
  std::vector<int> delocalized_order_;
  std::map<int, std::vector<int>> delocalized_;
};

/// A perfect matching of an undirected graph (adjacency lists), or nullopt; the same matching
/// the reference finds (greedy by degree, then augmenting paths in Python's set-pop order).
std::optional<std::vector<int>> find_perfect_matching(const std::vector<std::vector<int>>& graph);

}  // namespace sild::chem::selfies_internal
