// SELFIES -> SMILES as the reference decoder does it: a derivation with a bond-capacity state,
// branches that recurse with their own budget of symbols, ring bonds collected and formed after
// the main chain ("bilocally"), then the library's SMILES writer. Also split_selfies.
#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include "chem/selfies.h"
#include "chem/selfies_graph.h"
#include "chem/selfies_smiles.h"

namespace sild::chem {
namespace {

using selfies_internal::Atom;
using selfies_internal::MolecularGraph;

constexpr size_t kMaxBranchDepth = 2000;

int index_code(const std::string& symbol) {
  static const std::map<std::string, int> kCodes = {
      {"[C]", 0},        {"[Ring1]", 1},    {"[Ring2]", 2},   {"[Branch1]", 3},
      {"[=Branch1]", 4}, {"[#Branch1]", 5}, {"[Branch2]", 6}, {"[=Branch2]", 7},
      {"[#Branch2]", 8}, {"[O]", 9},        {"[N]", 10},      {"[=N]", 11},
      {"[=C]", 12},      {"[#C]", 13},      {"[S]", 14},      {"[P]", 15}};
  auto found = kCodes.find(symbol);
  return found == kCodes.end() ? 0 : found->second;
}

/// Python's symbol[-4:-2] (slice semantics on short strings).
std::string tail_slice(const std::string& symbol) {
  const long n = static_cast<long>(symbol.size());
  const long start = std::max(0L, n - 4);
  const long end = std::max(0L, n - 2);
  return end > start ? symbol.substr(static_cast<size_t>(start), static_cast<size_t>(end - start)) : "";
}

struct RingRequest {
  int left;
  int right;
  int order;
  char left_stereo;
  char right_stereo;
};

class Derivation {
 public:
  Derivation(const std::vector<std::string>& symbols, const SelfiesOptions& options,
             const std::string& selfies, MolecularGraph& graph, std::vector<RingRequest>& rings)
      : symbols_(symbols), options_(options), selfies_(selfies), graph_(graph), rings_(rings) {}

  /// Derives from the next symbols with `max_derive` budget (< 0: unlimited); returns symbols used.
  long derive(long max_derive, int init_state, int root_atom, size_t depth) {
    if (depth > kMaxBranchDepth)
      throw SelfiesDecodeError("cannot decode SELFIES: branches nested too deeply");
    long derived = 0;
    std::optional<int> state = init_state;
    int prev_atom = root_atom;
    while (state && (max_derive < 0 || derived < max_derive)) {
      if (next_ >= symbols_.size()) break;
      const std::string& symbol = symbols_[next_++];
      ++derived;
      std::optional<int> next_state;
      const std::string tail = tail_slice(symbol);
      if (tail == "ch") {  // [Branch...]
        auto branch = branch_symbol(symbol);
        if (!branch) invalid(symbol);
        const auto [branch_type, n] = *branch;
        if (*state <= 1) {
          next_state = state;
        } else {
          const int branch_state = std::min(*state - 1, branch_type);
          next_state = *state - branch_state;
          const long q = read_index(n);
          derived += n + derive(q + 1, branch_state, prev_atom, depth + 1);
        }
      } else if (tail == "ng") {  // [Ring...]
        auto ring = ring_symbol(symbol);
        if (!ring) invalid(symbol);
        if (*state == 0) {
          next_state = state;
        } else {
          const int order = std::min(ring->order, *state);
          const int left_bonds = *state - order;
          next_state = left_bonds == 0 ? std::nullopt : std::optional<int>(left_bonds);
          const long q = read_index(ring->length);
          derived += ring->length;
          const long left = std::max(0L, static_cast<long>(prev_atom) - (q + 1));
          rings_.push_back({static_cast<int>(left), prev_atom, order, ring->left_stereo, ring->right_stereo});
        }
      } else if (symbol.find("eps") != std::string::npos) {
        next_state = *state == 0 ? std::optional<int>(0) : std::nullopt;
      } else {
        auto atom_symbol = parse_atom(symbol);
        if (!atom_symbol) invalid(symbol);
        auto& [bond_order_in, stereo, atom] = *atom_symbol;
        int bond_order = *state == 0 ? 0 : bond_order_in;
        bond_order = std::min({bond_order, *state, atom.capacity});
        const int left_bonds = atom.capacity - bond_order;
        next_state = left_bonds == 0 ? std::nullopt : std::optional<int>(left_bonds);
        if (bond_order == 0) {
          // state 0 starts a new root; otherwise the atom has no capacity at all and is dropped,
          // which also ends this derivation (next_state is empty), as in the reference.
          prev_atom = *state == 0 ? graph_.add_atom(atom, true) : -1;
        } else {
          const int index = graph_.add_atom(atom);
          graph_.add_bond(prev_atom, index, bond_order, stereo);
          prev_atom = index;
        }
      }
      if (!next_state) break;
      state = next_state;
    }
    while (max_derive >= 0 && derived < max_derive && next_ < symbols_.size()) {  // consume the rest
      ++next_;
      ++derived;
    }
    return derived;
  }

 private:
  struct RingSymbol {
    int order;
    int length;
    char left_stereo;
    char right_stereo;
  };
  struct AtomSymbol {
    int bond_order;
    char stereo;
    Atom atom;
  };

  [[noreturn]] void invalid(const std::string& symbol) const {
    throw SelfiesDecodeError("cannot decode SELFIES '" + selfies_ + "': invalid symbol '" + symbol + "'");
  }

  static std::optional<std::pair<int, int>> branch_symbol(const std::string& symbol) {
    for (int length = 1; length <= 3; ++length) {
      for (auto [prefix, order] : {std::pair<const char*, int>{"", 1}, {"=", 2}, {"#", 3}}) {
        if (symbol == std::string("[") + prefix + "Branch" + std::to_string(length) + "]") {
          return std::make_pair(order, length);
        }
      }
    }
    return std::nullopt;
  }

  static std::optional<RingSymbol> ring_symbol(const std::string& symbol) {
    for (int length = 1; length <= 3; ++length) {
      const std::string suffix = "Ring" + std::to_string(length) + "]";
      if (symbol.size() < suffix.size() + 1 ||
          symbol.compare(symbol.size() - suffix.size(), suffix.size(), suffix) != 0 || symbol[0] != '[') {
        continue;
      }
      const std::string bond = symbol.substr(1, symbol.size() - 1 - suffix.size());
      if (bond.empty()) return RingSymbol{1, length, 0, 0};
      if (bond == "=") return RingSymbol{2, length, 0, 0};
      if (bond == "#") return RingSymbol{3, length, 0, 0};
      if (bond.size() == 2 && bond != "--") {
        auto stereo = [](char c) -> std::optional<char> {
          if (c == '-') return char{0};
          if (c == '/' || c == '\\') return c;
          return std::nullopt;
        };
        auto left = stereo(bond[0]);
        auto right = stereo(bond[1]);
        if (left && right) return RingSymbol{1, length, *left, *right};
      }
      return std::nullopt;
    }
    return std::nullopt;
  }

  /// [bond? isotope? Element chirality? (H digit)? ([+-][1-9]+)?]
  std::optional<AtomSymbol> parse_atom(const std::string& symbol) const {
    if (symbol.size() < 3 || symbol.front() != '[' || symbol.back() != ']') return std::nullopt;
    const std::string body = symbol.substr(1, symbol.size() - 2);
    size_t pos = 0;
    char bond_char = 0;
    if (pos < body.size() &&
        (body[pos] == '=' || body[pos] == '#' || body[pos] == '/' || body[pos] == '\\')) {
      bond_char = body[pos++];
    }
    const size_t isotope_start = pos;
    while (pos < body.size() && std::isdigit(static_cast<unsigned char>(body[pos]))) ++pos;
    std::string isotope = body.substr(isotope_start, pos - isotope_start);
    if (pos >= body.size() || !std::isupper(static_cast<unsigned char>(body[pos]))) return std::nullopt;
    std::string element(1, body[pos++]);
    if (pos < body.size() && std::islower(static_cast<unsigned char>(body[pos]))) element += body[pos++];
    std::string chirality;
    if (body.compare(pos, 2, "@@") == 0) {
      chirality = "@@";
      pos += 2;
    } else if (pos < body.size() && body[pos] == '@') {
      chirality = "@";
      ++pos;
    }
    int h_count = 0;
    if (pos < body.size() && body[pos] == 'H') {
      if (pos + 1 >= body.size() || !std::isdigit(static_cast<unsigned char>(body[pos + 1])))
        return std::nullopt;
      h_count = body[pos + 1] - '0';
      pos += 2;
    }
    long long charge = 0;
    if (pos < body.size() && (body[pos] == '+' || body[pos] == '-')) {
      const char sign = body[pos++];
      const size_t start = pos;
      while (pos < body.size() && body[pos] >= '1' && body[pos] <= '9') ++pos;
      if (pos == start) return std::nullopt;
      if (pos - start > 15) return std::nullopt;  // beyond any real charge; the reference would accept
      charge = std::stoll(body.substr(start, pos - start)) * (sign == '-' ? -1 : 1);
    }
    if (pos != body.size()) return std::nullopt;
    double order = bond_char == '=' ? 2 : bond_char == '#' ? 3 : 1;
    char stereo = (bond_char == '/' || bond_char == '\\') ? bond_char : 0;
    Atom atom;
    atom.element = element;
    const std::string bare = body.substr(bond_char != 0 ? 1 : 0);
    if (!selfies_internal::is_organic_subset(bare)) {
      if (!selfies_internal::is_known_element(element)) return std::nullopt;
      if (!isotope.empty()) {
        size_t first = isotope.find_first_not_of('0');
        atom.isotope = first == std::string::npos ? "0" : isotope.substr(first);
      }
      atom.chirality = chirality;
      atom.h_count = h_count;
      atom.charge = charge;
    }
    atom.capacity =
        selfies_internal::bonding_capacity(atom.element, atom.charge, options_) - atom.h_count.value_or(0);
    if (atom.capacity < 0) return std::nullopt;  // too many hydrogens, e.g. [CH9]
    return AtomSymbol{static_cast<int>(order), stereo, atom};
  }

  long read_index(int n) {
    long index = 0;
    for (int i = 0; i < n; ++i) {
      const std::string symbol = next_ < symbols_.size() ? symbols_[next_++] : std::string();
      index = index * 16 + index_code(symbol);
    }
    return index;
  }

  const std::vector<std::string>& symbols_;
  const SelfiesOptions& options_;
  const std::string& selfies_;
  MolecularGraph& graph_;
  std::vector<RingRequest>& rings_;
  size_t next_ = 0;
};

void form_rings(MolecularGraph& graph, const std::vector<RingRequest>& rings) {
  std::vector<int> rings_made(graph.size(), 0);
  for (const auto& ring : rings) {
    if (ring.left == ring.right) continue;  // a ring to the same atom is not allowed
    const int left_free = graph.atom(ring.left).capacity - static_cast<int>(graph.bond_count(ring.left));
    const int right_free = graph.atom(ring.right).capacity - static_cast<int>(graph.bond_count(ring.right));
    if (left_free <= 0 || right_free <= 0) continue;
    const int order = std::min({ring.order, left_free, right_free});
    if (graph.has_bond(ring.left, ring.right)) {
      const auto& bond =
          graph.directed_bond(std::min(ring.left, ring.right), std::max(ring.left, ring.right));
      graph.update_bond_order(ring.left, ring.right, std::min(order + bond.order, 3.0));
    } else {
      graph.add_ring_bond(ring.left, ring.right, order, ring.left_stereo, ring.right_stereo,
                          rings_made[static_cast<size_t>(ring.left)],
                          rings_made[static_cast<size_t>(ring.right)]);
      ++rings_made[static_cast<size_t>(ring.left)];
      ++rings_made[static_cast<size_t>(ring.right)];
    }
  }
}

}  // namespace

std::vector<std::string> split_selfies(const std::string& selfies) {
  std::vector<std::string> symbols;
  size_t left = selfies.find('[');
  while (left != std::string::npos && left < selfies.size()) {
    size_t right = selfies.find(']', left + 1);
    if (right == std::string::npos) {
      throw SelfiesDecodeError("malformed SELFIES '" + selfies + "': hanging '[' bracket");
    }
    symbols.push_back(selfies.substr(left, right - left + 1));
    left = right + 1;
    if (left < selfies.size() && selfies[left] == '.') {
      symbols.emplace_back(".");
      ++left;
    }
  }
  return symbols;
}

size_t selfies_length(const std::string& selfies) {
  size_t count = 0;
  for (char c : selfies) count += (c == '[' || c == '.') ? 1 : 0;
  return count;
}

std::string selfies_decode(const std::string& selfies, const SelfiesOptions& options) {
  MolecularGraph graph;
  std::vector<RingRequest> rings;
  size_t start = 0;
  while (true) {  // fragments separated by '.', each derived from state 0
    size_t dot = selfies.find('.', start);
    const std::string fragment =
        selfies.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    std::vector<std::string> symbols;
    for (auto& symbol : split_selfies(fragment)) {
      if (symbol != "[nop]") symbols.push_back(std::move(symbol));
    }
    Derivation(symbols, options, selfies, graph, rings).derive(-1, 0, -1, 0);
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  form_rings(graph, rings);
  return selfies_internal::graph_to_smiles(graph);
}

}  // namespace sild::chem
