// Molecular graph, kekulisation and perfect matching for SELFIES (see selfies_graph.h).
#include "chem/selfies_graph.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <functional>
#include <queue>
#include <set>
#include <stdexcept>

namespace sild::chem::selfies_internal {
namespace {

/// Aromatic valences and valence electrons of the elements SMILES allows to be aromatic.
const std::map<std::string, std::vector<int>>& aromatic_valences() {
  static const std::map<std::string, std::vector<int>> kValences = {
      {"B", {3}},     {"Al", {3}},   {"C", {4}},    {"Si", {4}},    {"N", {3, 5}}, {"P", {3, 5}},
      {"As", {3, 5}}, {"O", {2, 4}}, {"S", {2, 4}}, {"Se", {2, 4}}, {"Te", {2, 4}}};
  return kValences;
}

int valence_electrons(const std::string& element) {
  static const std::map<std::string, int> kElectrons = {{"B", 3}, {"Al", 3}, {"C", 4},  {"Si", 4},
                                                        {"N", 5}, {"P", 5},  {"As", 5}, {"O", 6},
                                                        {"S", 6}, {"Se", 6}, {"Te", 6}};
  return kElectrons.at(element);
}

/// Python's `%` (result has the sign of the divisor).
long long python_mod(long long a, long long b) {
  long long r = a % b;
  return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
}

/// Just enough of CPython's set of small non-negative ints (Objects/setobject.c) to reproduce
/// the order in which `set.pop()` returns elements: open addressing with linear probes, resize
/// at 60% fill, dummies on discard, and the pop "finger".
class PythonIntSet {
 public:
  explicit PythonIntSet(const std::vector<int>& values) {
    table_.assign(8, kEmpty);
    for (int value : values) add(value);
  }
  bool empty() const { return used_ == 0; }

  int pop() {
    size_t i = finger_ & mask();
    while (table_[i] < 0) i = (i + 1) & mask();  // skips empty and dummy slots, wraps
    int value = table_[i];
    table_[i] = kDummy;
    --used_;
    finger_ = i + 1;
    return value;
  }

  void discard(int value) {
    size_t i = find(value);
    if (i != kNotFound) {
      table_[i] = kDummy;
      --used_;
    }
  }

 private:
  static constexpr int kEmpty = -1;
  static constexpr int kDummy = -2;
  static constexpr size_t kLinearProbes = 9;
  static constexpr size_t kNotFound = static_cast<size_t>(-1);

  size_t mask() const { return table_.size() - 1; }

  /// Visits slots in CPython's probe order until `visit` returns true; returns that slot.
  size_t probe(size_t hash, const std::function<bool(size_t)>& visit) const {
    size_t perturb = hash;
    size_t i = hash & mask();
    while (true) {
      size_t probes = (i + kLinearProbes <= mask()) ? kLinearProbes : 0;
      for (size_t j = 0; j <= probes; ++j) {
        if (visit(i + j)) return i + j;
      }
      perturb >>= 5;
      i = (i * 5 + 1 + perturb) & mask();
    }
  }

  size_t find(int value) const {
    size_t slot = probe(static_cast<size_t>(value),
                        [&](size_t s) { return table_[s] == kEmpty || table_[s] == value; });
    return table_[slot] == value ? slot : kNotFound;
  }

  void add(int value) {
    size_t free_slot = kNotFound;
    size_t slot = probe(static_cast<size_t>(value), [&](size_t s) {
      if (table_[s] == kDummy && free_slot == kNotFound) free_slot = s;
      return table_[s] == kEmpty || table_[s] == value;
    });
    if (table_[slot] == value) return;
    if (free_slot != kNotFound) {
      table_[free_slot] = value;
      ++used_;
      return;
    }
    table_[slot] = value;
    ++fill_;
    ++used_;
    if (fill_ * 5 >= mask() * 3) resize(used_ > 50000 ? used_ * 2 : used_ * 4);
  }

  void resize(size_t min_used) {
    size_t size = 8;
    while (size <= min_used) size <<= 1;
    std::vector<int> old;
    old.swap(table_);
    table_.assign(size, kEmpty);
    fill_ = used_;
    for (int value : old) {
      if (value < 0) continue;
      size_t slot = probe(static_cast<size_t>(value), [&](size_t s) { return table_[s] == kEmpty; });
      table_[slot] = value;
    }
  }

  std::vector<int> table_;
  size_t fill_ = 0;
  size_t used_ = 0;
  size_t finger_ = 0;
};

std::vector<std::optional<int>> greedy_matching(const std::vector<std::vector<int>>& graph) {
  const size_t n = graph.size();
  std::vector<std::optional<int>> matching(n);
  std::vector<int> free_degree(n);
  using Entry = std::pair<int, int>;  // (free degree, node): popped smallest first, like heapq
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> queue;
  for (size_t i = 0; i < n; ++i) {
    free_degree[i] = static_cast<int>(graph[i].size());
    queue.emplace(free_degree[i], static_cast<int>(i));
  }
  while (!queue.empty()) {
    int node = queue.top().second;
    queue.pop();
    if (matching[static_cast<size_t>(node)] || free_degree[static_cast<size_t>(node)] == 0) continue;
    int mate = -1;
    for (int candidate : graph[static_cast<size_t>(node)]) {
      if (!matching[static_cast<size_t>(candidate)]) {
        mate = candidate;
        break;
      }
    }
    if (mate < 0) throw std::invalid_argument("inconsistent delocalisation subgraph");
    matching[static_cast<size_t>(node)] = mate;
    matching[static_cast<size_t>(mate)] = node;
    for (int owner : {node, mate}) {
      for (int adj : graph[static_cast<size_t>(owner)]) {
        auto a = static_cast<size_t>(adj);
        --free_degree[a];
        if (!matching[a] && free_degree[a] > 0) queue.emplace(free_degree[a], adj);
      }
    }
  }
  return matching;
}

std::optional<std::vector<int>> augmenting_path(const std::vector<std::vector<int>>& graph, int root,
                                                const std::vector<std::optional<int>>& matching) {
  const size_t n = graph.size();
  std::vector<std::optional<std::pair<int, int>>> parents(n);
  parents[static_cast<size_t>(root)] = std::make_pair(-1, -1);
  std::deque<int> queue{root};
  int other_end = -1;
  while (!queue.empty() && other_end < 0) {
    int node = queue.front();
    queue.pop_front();
    for (int adj : graph[static_cast<size_t>(node)]) {
      if (!matching[static_cast<size_t>(adj)]) {
        if (adj != root) {
          parents[static_cast<size_t>(adj)] = std::make_pair(node, adj);
          other_end = adj;
          break;
        }
      } else {
        int adj_mate = *matching[static_cast<size_t>(adj)];
        if (!parents[static_cast<size_t>(adj_mate)]) {
          parents[static_cast<size_t>(adj_mate)] = std::make_pair(node, adj);
          queue.push_back(adj_mate);
        }
      }
    }
  }
  if (other_end < 0) return std::nullopt;
  std::vector<int> path;
  for (int node = other_end; node != root;) {
    auto [parent, via] = *parents[static_cast<size_t>(node)];
    path.push_back(via);
    path.push_back(parent);
    node = parent;
  }
  return path;
}

}  // namespace

std::optional<std::vector<int>> find_perfect_matching(const std::vector<std::vector<int>>& graph) {
  auto matching = greedy_matching(graph);
  std::vector<int> unmatched_nodes;
  for (size_t i = 0; i < graph.size(); ++i) {
    if (!matching[i]) unmatched_nodes.push_back(static_cast<int>(i));
  }
  PythonIntSet unmatched(unmatched_nodes);
  while (!unmatched.empty()) {
    int root = unmatched.pop();
    auto path = augmenting_path(graph, root, matching);
    if (!path) return std::nullopt;
    for (size_t i = 0; i + 1 < path->size(); i += 2) {
      int a = (*path)[i], b = (*path)[i + 1];
      matching[static_cast<size_t>(a)] = b;
      matching[static_cast<size_t>(b)] = a;
    }
    unmatched.discard(path->front());
    unmatched.discard(path->back());
  }
  std::vector<int> out;
  for (const auto& mate : matching) out.push_back(*mate);
  return out;
}

bool MolecularGraph::has_bond(int a, int b) const {
  if (a > b) std::swap(a, b);
  return bond_ids_.count({a, b}) != 0;
}

const DirectedBond& MolecularGraph::directed_bond(int src, int dst) const {
  return bonds_[static_cast<size_t>(bond_ids_.at({src, dst}))];
}

int MolecularGraph::add_atom(Atom atom, bool root) {
  atom.index = static_cast<int>(atoms_.size());
  if (root) roots_.push_back(atom.index);
  if (atom.aromatic && delocalized_.count(atom.index) == 0) {
    delocalized_order_.push_back(atom.index);
    delocalized_[atom.index];
  }
  atoms_.push_back(std::move(atom));
  adjacency_.emplace_back();
  bond_counts_.push_back(0);
  ring_bond_flags_.push_back(false);
  return atoms_.back().index;
}

void MolecularGraph::add_delocalized_edge(int a, int b) {
  for (int node : {a, b}) {
    if (delocalized_.count(node) == 0) {
      delocalized_order_.push_back(node);
      delocalized_[node];
    }
  }
  delocalized_[a].push_back(b);
  delocalized_[b].push_back(a);
}

int MolecularGraph::add_directed(const DirectedBond& bond, int pos) {
  int id = static_cast<int>(bonds_.size());
  bonds_.push_back(bond);
  bond_ids_[{bond.src, bond.dst}] = id;
  auto& out = adjacency_[static_cast<size_t>(bond.src)];
  if (pos == -1 || pos == static_cast<int>(out.size())) {
    out.push_back(id);
  } else if (out[static_cast<size_t>(pos)] == -1) {
    out[static_cast<size_t>(pos)] = id;
  } else {
    out.insert(out.begin() + pos, id);
  }
  return id;
}

void MolecularGraph::add_bond(int src, int dst, double order, char stereo) {
  add_directed({src, dst, order, stereo, false}, -1);
  bond_counts_[static_cast<size_t>(src)] += order;
  bond_counts_[static_cast<size_t>(dst)] += order;
  if (order == 1.5) add_delocalized_edge(src, dst);
}

int MolecularGraph::add_placeholder_bond(int src) {
  auto& out = adjacency_[static_cast<size_t>(src)];
  out.push_back(-1);
  return static_cast<int>(out.size()) - 1;
}

void MolecularGraph::add_ring_bond(int a, int b, double order, char a_stereo, char b_stereo, int a_pos,
                                   int b_pos) {
  add_directed({a, b, order, a_stereo, true}, a_pos);
  add_directed({b, a, order, b_stereo, true}, b_pos);
  bond_counts_[static_cast<size_t>(a)] += order;
  bond_counts_[static_cast<size_t>(b)] += order;
  ring_bond_flags_[static_cast<size_t>(a)] = true;
  ring_bond_flags_[static_cast<size_t>(b)] = true;
  if (order == 1.5) add_delocalized_edge(a, b);
}

void MolecularGraph::update_bond_order(int a, int b, double new_order) {
  if (a > b) std::swap(a, b);
  DirectedBond& forward = bonds_[static_cast<size_t>(bond_ids_.at({a, b}))];
  if (new_order == forward.order) return;
  const double old_order = forward.order;
  forward.order = new_order;
  if (forward.ring_bond) bonds_[static_cast<size_t>(bond_ids_.at({b, a}))].order = new_order;
  bond_counts_[static_cast<size_t>(a)] += new_order - old_order;
  bond_counts_[static_cast<size_t>(b)] += new_order - old_order;
}

bool MolecularGraph::prune_from_delocalized(int node) const {
  const auto& adjacent = delocalized_.at(node);
  if (adjacent.empty()) return true;  // aromatic atom without aromatic bonds
  const Atom& atom = atoms_[static_cast<size_t>(node)];
  auto found = aromatic_valences().find(atom.element);
  if (found == aromatic_valences().end()) {
    throw std::invalid_argument("element " + atom.element + " cannot be aromatic");
  }
  const auto& valences = found->second;
  const double count = bond_counts_[static_cast<size_t>(node)];
  // Aromatic bonds (1.5) count as single bonds here.
  long long used = static_cast<long long>(count - 0.5 * static_cast<double>(adjacent.size()));
  if (!atom.h_count) {
    return std::find(valences.begin(), valences.end(), used) != valences.end();
  }
  const long long valence = valences.back() - atom.charge;
  used += *atom.h_count;
  const long long bound = std::max(0LL, atom.charge) + *atom.h_count + static_cast<long long>(count) +
                          static_cast<long long>(2 * std::fmod(count, 1.0));
  const long long radical = python_mod(std::max(0LL, valence_electrons(atom.element) - bound), 2);
  const long long free_electrons = valence - used - radical;
  for (int v : valences) {
    if (used == v - atom.charge) return true;
  }
  return !(free_electrons >= 0 && python_mod(free_electrons, 2) != 0);
}

bool MolecularGraph::kekulize() {
  if (is_kekulized()) return true;
  std::set<int> kept;
  for (int node : delocalized_order_) {
    if (!prune_from_delocalized(node)) kept.insert(node);
  }
  std::vector<int> label_to_node(kept.begin(), kept.end());
  std::map<int, int> node_to_label;
  for (size_t i = 0; i < label_to_node.size(); ++i) node_to_label[label_to_node[i]] = static_cast<int>(i);
  std::vector<std::vector<int>> pruned(label_to_node.size());
  for (int node : label_to_node) {
    for (int adj : delocalized_.at(node)) {
      if (kept.count(adj) != 0)
        pruned[static_cast<size_t>(node_to_label[node])].push_back(node_to_label[adj]);
    }
  }
  auto matching = find_perfect_matching(pruned);
  if (!matching) return false;
  for (int node : delocalized_order_) {
    for (int adj : delocalized_.at(node)) update_bond_order(node, adj, 1);
    atoms_[static_cast<size_t>(node)].aromatic = false;
    bond_counts_[static_cast<size_t>(node)] = std::trunc(bond_counts_[static_cast<size_t>(node)]);
  }
  for (size_t i = 0; i < matching->size(); ++i) {
    update_bond_order(label_to_node[i], label_to_node[static_cast<size_t>((*matching)[i])], 2);
  }
  delocalized_order_.clear();
  delocalized_.clear();
  return true;
}

}  // namespace sild::chem::selfies_internal
