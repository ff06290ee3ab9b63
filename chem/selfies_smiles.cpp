// The reference selfies library's SMILES reader and writer (see selfies_smiles.h).
#include "chem/selfies_smiles.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <vector>

#include "common/text_io.h"

namespace sild::chem::selfies_internal {
namespace {

enum class TokenType { kAtom, kBranch, kRing, kDot };

struct Token {
  int bond_index = -1;  // position of the bond character before the symbol, -1 if none
  size_t start = 0;
  size_t end = 0;
  TokenType type = TokenType::kAtom;
};

[[noreturn]] void parse_error(const std::string& smiles, const std::string& reason, long position) {
  throw SelfiesEncodeError("cannot encode SMILES '" + printable(smiles) + "': " + reason + " at position " +
                           std::to_string(position));
}

bool is_bond_char(char c) { return c == '-' || c == '/' || c == '\\' || c == ':' || c == '=' || c == '#'; }

double bond_order_of(char c) {
  switch (c) {
    case ':':
      return 1.5;
    case '=':
      return 2;
    case '#':
      return 3;
    default:
      return 1;
  }
}

char stereo_of(char c) { return (c == '/' || c == '\\') ? c : 0; }

std::vector<Token> tokenize(const std::string& smiles) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < smiles.size()) {
    if (smiles[i] == '.') {
      tokens.push_back({-1, i, i + 1, TokenType::kDot});
      ++i;
      continue;
    }
    int bond_index = -1;
    if (is_bond_char(smiles[i])) {
      bond_index = static_cast<int>(i);
      ++i;
    }
    if (i == smiles.size()) parse_error(smiles, "hanging bond", static_cast<long>(i) - 1);
    const char c = smiles[i];
    Token token{bond_index, i, i + 1, TokenType::kAtom};
    if (std::isalpha(static_cast<unsigned char>(c))) {
      if (smiles.compare(i, 2, "Br") == 0 || smiles.compare(i, 2, "Cl") == 0) token.end = i + 2;
    } else if (c == '[') {
      size_t close = smiles.find(']', i + 1);
      if (close == std::string::npos) parse_error(smiles, "hanging bracket [", static_cast<long>(i));
      token.end = close + 1;
    } else if (c == '(' || c == ')') {
      if (bond_index >= 0) parse_error(smiles, "hanging bond", bond_index);
      token = {-1, i, i + 1, TokenType::kBranch};
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      token.type = TokenType::kRing;
    } else if (c == '%') {
      if (i + 2 >= smiles.size() || !std::isdigit(static_cast<unsigned char>(smiles[i + 1])) ||
          !std::isdigit(static_cast<unsigned char>(smiles[i + 2]))) {
        parse_error(smiles, "invalid ring number", static_cast<long>(i));
      }
      token.type = TokenType::kRing;
      token.end = i + 3;
    } else {
      parse_error(smiles, "unrecognized symbol '" + printable(std::string(1, c)) + "'", static_cast<long>(i));
    }
    tokens.push_back(token);
    i = token.end;
  }
  return tokens;
}

const std::set<std::string>& aromatic_subset() {
  static const std::set<std::string> kSubset = {"b", "al", "c", "si", "n", "p", "as", "o", "s", "se", "te"};
  return kSubset;
}

std::string capitalize(std::string text) {
  for (size_t i = 0; i < text.size(); ++i) {
    text[i] = static_cast<char>(i == 0 ? std::toupper(static_cast<unsigned char>(text[i]))
                                       : std::tolower(static_cast<unsigned char>(text[i])));
  }
  return text;
}

/// Reads decimal digits at `pos`; returns them (possibly empty) and advances `pos`.
std::string digits_at(const std::string& text, size_t& pos) {
  size_t start = pos;
  while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
  return text.substr(start, pos - start);
}

std::string without_leading_zeros(const std::string& digits) {
  size_t first = digits.find_first_not_of('0');
  return first == std::string::npos ? "0" : digits.substr(first);
}

long long to_charge(const std::string& digits, const std::string& smiles) {
  std::string value = without_leading_zeros(digits);
  if (value.size() > 15) parse_error(smiles, "charge out of range", 0);
  return std::stoll(value);
}

/// A SMILES atom symbol (bare organic/aromatic or bracketed), or nullopt.
std::optional<Atom> read_atom(const std::string& symbol, const std::string& smiles) {
  if (symbol.front() != '[' || symbol.back() != ']') {
    Atom atom;
    if (is_organic_subset(symbol)) {
      atom.element = symbol;
      return atom;
    }
    if (symbol.size() == 1 && aromatic_subset().count(symbol) != 0) {
      atom.element = capitalize(symbol);
      atom.aromatic = true;
      return atom;
    }
    return std::nullopt;
  }
  // [isotope? element chirality? (H digit?)? charge? (:class)?]
  const std::string body = symbol.substr(1, symbol.size() - 2);
  size_t pos = 0;
  Atom atom;
  std::string isotope = digits_at(body, pos);
  if (pos >= body.size() || !std::isalpha(static_cast<unsigned char>(body[pos]))) return std::nullopt;
  std::string element(1, body[pos++]);
  if (pos < body.size() && std::islower(static_cast<unsigned char>(body[pos]))) element += body[pos++];
  if (body.compare(pos, 2, "@@") == 0) {
    atom.chirality = "@@";
    pos += 2;
  } else if (pos < body.size() && body[pos] == '@') {
    atom.chirality = "@";
    pos += 1;
  }
  atom.h_count = 0;
  if (pos < body.size() && body[pos] == 'H') {
    ++pos;
    if (pos < body.size() && std::isdigit(static_cast<unsigned char>(body[pos]))) {
      atom.h_count = body[pos++] - '0';
    } else {
      atom.h_count = 1;
    }
  }
  if (pos < body.size() && (body[pos] == '+' || body[pos] == '-')) {
    const char sign = body[pos];
    if (pos + 1 < body.size() && std::isdigit(static_cast<unsigned char>(body[pos + 1]))) {
      ++pos;
      atom.charge = to_charge(digits_at(body, pos), smiles);
    } else {
      size_t run = 0;
      while (pos < body.size() && body[pos] == sign) ++pos, ++run;
      atom.charge = static_cast<long long>(run);
    }
    if (sign == '-') atom.charge = -atom.charge;
  }
  if (pos < body.size() && body[pos] == ':') {
    ++pos;
    if (digits_at(body, pos).empty()) return std::nullopt;
  }
  if (pos != body.size()) return std::nullopt;
  bool lower = std::all_of(element.begin(), element.end(),
                           [](char c) { return std::islower(static_cast<unsigned char>(c)); });
  atom.aromatic = lower && aromatic_subset().count(element) != 0;
  atom.element = capitalize(element);
  if (!is_known_element(atom.element)) return std::nullopt;
  if (!isotope.empty()) atom.isotope = without_leading_zeros(isotope);
  return atom;
}

/// One '.'-separated fragment; consumes tokens from `next`. Mirrors the reference's checks.
void read_fragment(MolecularGraph& graph, const std::string& smiles, const std::vector<Token>& tokens,
                   size_t& next, const SelfiesOptions& options) {
  std::vector<int> prev_stack{-1};  // previous atom on the current chain (-1: none)
  std::vector<size_t> branch_stack;
  struct OpenRing {
    Token token;
    int atom;
    int position;
  };
  std::map<std::string, OpenRing> ring_log;
  std::vector<std::string> ring_order;  // insertion order, for the error message's "last"
  bool chain_start = true;
  const Token* last = nullptr;
  while (next < tokens.size()) {
    const Token& token = tokens[next++];
    last = &token;
    const std::string symbol = smiles.substr(token.start, token.end - token.start);
    const char bond_char = token.bond_index >= 0 ? smiles[static_cast<size_t>(token.bond_index)] : 0;
    const int prev_atom = prev_stack.back();
    if (token.type == TokenType::kDot) break;
    if (token.type == TokenType::kAtom) {
      auto atom = read_atom(symbol, smiles);
      if (!atom) parse_error(smiles, "invalid atom symbol '" + symbol + "'", static_cast<long>(token.start));
      atom->capacity = bonding_capacity(atom->element, atom->charge, options) - atom->h_count.value_or(0);
      const bool aromatic = atom->aromatic;
      int index = graph.add_atom(*atom, prev_atom < 0);
      if (prev_atom >= 0) {
        double order = bond_order_of(bond_char);
        if (graph.atom(prev_atom).aromatic && aromatic && bond_char == 0) order = 1.5;
        graph.add_bond(prev_atom, index, order, stereo_of(bond_char));
      }
      prev_stack.back() = index;
      chain_start = false;
    } else if (chain_start) {
      parse_error(smiles, "SMILES chain begins with non-atom", static_cast<long>(token.start));
    } else if (token.type == TokenType::kBranch) {
      if (symbol == "(") {
        branch_stack.push_back(token.start);
        prev_stack.push_back(prev_atom);
        chain_start = true;
      } else {
        if (branch_stack.empty()) parse_error(smiles, "hanging ')' bracket", static_cast<long>(token.start));
        branch_stack.pop_back();
        prev_stack.pop_back();
      }
    } else {  // ring number
      auto open = ring_log.find(symbol);
      if (open == ring_log.end()) {
        ring_log[symbol] = {token, prev_atom, graph.add_placeholder_bond(prev_atom)};
        ring_order.push_back(symbol);
        continue;
      }
      const OpenRing left = open->second;
      ring_log.erase(open);
      ring_order.erase(std::find(ring_order.begin(), ring_order.end(), symbol));
      if (graph.has_bond(left.atom, prev_atom)) {
        parse_error(smiles, "ring bond specified between already-bonded atoms",
                    static_cast<long>(left.token.start));
      }
      const char lchar = left.token.bond_index >= 0 ? smiles[static_cast<size_t>(left.token.bond_index)] : 0;
      const char rchar = bond_char;
      char first = lchar, second = rchar;
      if (first == 0) std::swap(first, second);
      const bool both_stereo = (first == '/' || first == '\\') && (second == '/' || second == '\\');
      if (!(first == second || second == 0 || both_stereo)) {
        parse_error(smiles, "mismatched ring bonds", static_cast<long>(left.token.start));
      }
      double lorder = bond_order_of(lchar), rorder = bond_order_of(rchar);
      if (graph.atom(left.atom).aromatic && graph.atom(prev_atom).aromatic && first == 0 && second == 0) {
        lorder = rorder = 1.5;
      }
      graph.add_ring_bond(left.atom, prev_atom, std::max(lorder, rorder), stereo_of(lchar), stereo_of(rchar),
                          left.position);
    }
  }
  if (graph.size() == 0) {
    parse_error(smiles, "empty SMILES fragment",
                last == nullptr ? static_cast<long>(smiles.size()) - 1 : static_cast<long>(last->start) - 1);
  }
  if (!branch_stack.empty())
    parse_error(smiles, "hanging '(' bracket", static_cast<long>(branch_stack.back()));
  if (!ring_log.empty()) {
    const auto& open = ring_log.at(ring_order.back());
    parse_error(smiles, "hanging ring number '" + ring_order.back() + "'",
                static_cast<long>(open.token.start));
  }
}

}  // namespace

bool is_organic_subset(const std::string& symbol) {
  static const std::set<std::string> kOrganic = {"B", "C", "N", "O", "S", "P", "F", "Cl", "Br", "I"};
  return kOrganic.count(symbol) != 0;
}

bool is_known_element(const std::string& symbol) {
  static const std::set<std::string> kElements = {
      "H",  "He", "Li", "Be", "B",  "C",  "N",  "O",  "F",  "Ne", "Na", "Mg", "Al", "Si", "P",  "S",  "Cl",
      "Ar", "K",  "Ca", "Sc", "Ti", "V",  "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se",
      "Br", "Kr", "Rb", "Sr", "Y",  "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb",
      "Te", "I",  "Xe", "Cs", "Ba", "Hf", "Ta", "W",  "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi",
      "Po", "At", "Rn", "Fr", "Ra", "Rf", "Db", "Sg", "Bh", "Hs", "Mt", "Ds", "Rg", "Cn", "Fl", "Lv", "La",
      "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Ac", "Th", "Pa",
      "U",  "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es", "Fm", "Md", "No", "Lr"};
  return kElements.count(symbol) != 0;
}

MolecularGraph smiles_to_graph(const std::string& smiles, const SelfiesOptions& options) {
  if (smiles.empty()) parse_error(smiles, "empty SMILES", 0);
  auto tokens = tokenize(smiles);
  MolecularGraph graph;
  size_t next = 0;
  while (next < tokens.size()) read_fragment(graph, smiles, tokens, next, options);
  return graph;
}

std::string atom_to_smiles(const Atom& atom, bool brackets) {
  const bool plain = !atom.isotope && atom.chirality.empty() && !atom.h_count && atom.charge == 0;
  if (plain) return atom.element;
  std::string out = brackets ? "[" : "";
  if (atom.isotope) out += *atom.isotope;
  out += atom.element;
  out += atom.chirality;
  if (atom.h_count && *atom.h_count != 0) {
    out += "H" + std::to_string(*atom.h_count);
  } else if (!atom.isotope && atom.chirality.empty() && atom.h_count && atom.charge == 0 &&
             is_organic_subset(atom.element)) {
    out += "H0";
  }
  if (atom.charge != 0) out += (atom.charge > 0 ? "+" : "") + std::to_string(atom.charge);
  if (brackets) out += "]";
  return out;
}

std::string bond_to_smiles(double order, char stereo) {
  if (order == 1) return stereo != 0 ? std::string(1, stereo) : "";
  if (order == 2) return "=";
  if (order == 3) return "#";
  throw std::logic_error("aromatic bond in a kekulised graph");
}

std::string graph_to_smiles(const MolecularGraph& graph) {
  std::map<std::pair<int, int>, int> ring_numbers;  // shared by all fragments, as the reference
  std::string out;
  bool first_fragment = true;
  for (int root : graph.roots()) {
    if (!first_fragment) out += '.';
    first_fragment = false;
    struct Frame {
      int atom;
      size_t bond_index;
      bool needs_closing;
    };
    std::vector<Frame> stack{{root, 0, false}};
    while (!stack.empty()) {
      Frame& frame = stack.back();
      const auto& out_bonds = graph.out_bonds(frame.atom);
      if (frame.bond_index == 0) out += atom_to_smiles(graph.atom(frame.atom));
      if (frame.bond_index < out_bonds.size()) {
        const size_t index = frame.bond_index++;
        const DirectedBond& bond = graph.bond(out_bonds[index]);
        if (bond.ring_bond) {
          out += bond_to_smiles(bond.order, bond.stereo);
          auto ends = std::make_pair(std::min(bond.src, bond.dst), std::max(bond.src, bond.dst));
          auto inserted = ring_numbers.emplace(ends, static_cast<int>(ring_numbers.size()) + 1);
          const int number = inserted.first->second;
          if (number >= 10) out += '%';
          out += std::to_string(number);
        } else {
          const bool branch = index + 1 < out_bonds.size();
          if (branch) out += '(';
          out += bond_to_smiles(bond.order, bond.stereo);
          stack.push_back({bond.dst, 0, branch});  // invalidates `frame`
        }
      } else {
        const bool close = frame.needs_closing;
        stack.pop_back();
        if (close) out += ')';
      }
    }
  }
  return out;
}

}  // namespace sild::chem::selfies_internal
