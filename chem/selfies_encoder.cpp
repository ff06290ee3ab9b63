// SMILES -> SELFIES as the reference encoder does it: parse and kekulise with the library's own
// rules, check bonding capacities (strict), fix chirality for ring-bond order, then walk each
// fragment emitting atoms, [Branch]/[Ring] symbols and their base-16 index symbols.
#include <algorithm>
#include <stdexcept>

#include "chem/selfies.h"
#include "chem/selfies_graph.h"
#include "chem/selfies_smiles.h"
#include "common/text_io.h"

namespace sild::chem {
namespace {

using selfies_internal::Atom;
using selfies_internal::DirectedBond;
using selfies_internal::MolecularGraph;

constexpr size_t kMaxBranchDepth = 2000;

const char* const kIndexAlphabet[] = {
    "[C]",        "[Ring1]", "[Ring2]", "[Branch1]", "[=Branch1]", "[#Branch1]", "[Branch2]", "[=Branch2]",
    "[#Branch2]", "[O]",     "[N]",     "[=N]",      "[=C]",       "[#C]",       "[S]",       "[P]"};

std::vector<std::string> index_symbols(long long index) {
  if (index < 0) throw SelfiesEncodeError("cannot encode: negative ring or branch index");
  if (index == 0) return {kIndexAlphabet[0]};
  std::vector<std::string> symbols;
  while (index > 0) {
    symbols.insert(symbols.begin(), kIndexAlphabet[index % 16]);
    index /= 16;
  }
  return symbols;
}

std::string bond_selfies(const DirectedBond& bond, bool show_stereo) {
  if (!show_stereo && bond.order == 1) return "";
  return selfies_internal::bond_to_smiles(bond.order, bond.stereo);
}

std::string ring_bond_selfies(const DirectedBond& left, const DirectedBond& right) {
  if (left.order != 1 || (left.stereo == 0 && right.stereo == 0)) return bond_selfies(left, false);
  std::string out(1, left.stereo == 0 ? '-' : left.stereo);
  out += right.stereo == 0 ? '-' : right.stereo;
  return out;
}

/// True when the out-bond order of `atom` is an odd permutation of the order the decoder will
/// rebuild (rings closed at this atom, rings opened here by partner, then the rest).
bool should_invert_chirality(const MolecularGraph& graph, int atom) {
  const auto& out = graph.out_bonds(atom);
  std::vector<size_t> closing, opening, other;
  for (size_t i = 0; i < out.size(); ++i) {
    const DirectedBond& bond = graph.bond(out[i]);
    if (!bond.ring_bond) {
      other.push_back(i);
    } else if (bond.src < bond.dst) {
      opening.push_back(i);
    } else {
      closing.push_back(i);
    }
  }
  std::stable_sort(opening.begin(), opening.end(),
                   [&](size_t a, size_t b) { return graph.bond(out[a]).dst < graph.bond(out[b]).dst; });
  std::vector<size_t> permutation = closing;
  permutation.insert(permutation.end(), opening.begin(), opening.end());
  permutation.insert(permutation.end(), other.begin(), other.end());
  size_t inversions = 0;
  for (size_t i = 0; i < permutation.size(); ++i) {
    for (size_t j = i + 1; j < permutation.size(); ++j) inversions += permutation[i] > permutation[j] ? 1 : 0;
  }
  return inversions % 2 != 0;
}

std::string atom_selfies(const DirectedBond* bond, const Atom& atom) {
  return "[" + (bond == nullptr ? std::string() : bond_selfies(*bond, true)) +
         selfies_internal::atom_to_smiles(atom, false) + "]";
}

/// Symbols of the chain starting at `root` (entered through `into_root`, null for a fragment start).
std::vector<std::string> fragment_symbols(const MolecularGraph& graph, const DirectedBond* into_root,
                                          int root, size_t depth) {
  if (depth > kMaxBranchDepth) throw SelfiesEncodeError("cannot encode: branches nested too deeply");
  std::vector<std::string> derived;
  const DirectedBond* into = into_root;
  int current = root;
  while (true) {
    derived.push_back(atom_selfies(into, graph.atom(current)));
    const auto& out = graph.out_bonds(current);
    int next = -1;
    for (size_t i = 0; i < out.size(); ++i) {
      if (out[i] < 0) throw SelfiesEncodeError("cannot encode: unclosed ring bond");
      const DirectedBond& bond = graph.bond(out[i]);
      if (bond.ring_bond) {
        if (bond.src < bond.dst) continue;  // emitted where the ring closes
        const DirectedBond& reverse = graph.directed_bond(bond.dst, bond.src);
        auto index = index_symbols(static_cast<long long>(bond.src) - bond.dst - 1);
        derived.push_back("[" + ring_bond_selfies(reverse, bond) + "Ring" + std::to_string(index.size()) +
                          "]");
        derived.insert(derived.end(), index.begin(), index.end());
      } else if (i + 1 == out.size()) {
        next = static_cast<int>(i);
      } else {
        auto branch = fragment_symbols(graph, &bond, bond.dst, depth + 1);
        auto index = index_symbols(static_cast<long long>(branch.size()) - 1);
        derived.push_back("[" + bond_selfies(bond, false) + "Branch" + std::to_string(index.size()) + "]");
        derived.insert(derived.end(), index.begin(), index.end());
        derived.insert(derived.end(), branch.begin(), branch.end());
      }
    }
    if (next < 0) break;  // no out-bonds, or the last one is a ring bond
    into = &graph.bond(out[static_cast<size_t>(next)]);
    current = into->dst;
  }
  return derived;
}

}  // namespace

std::string selfies_encode(const std::string& smiles, const SelfiesOptions& options) {
  MolecularGraph graph = selfies_internal::smiles_to_graph(smiles, options);
  try {
    if (!graph.kekulize())
      throw SelfiesEncodeError("cannot encode SMILES '" + printable(smiles) + "': kekulization failed");
  } catch (const std::invalid_argument& error) {
    throw SelfiesEncodeError("cannot encode SMILES '" + printable(smiles) + "': " + error.what());
  }
  if (options.strict) {
    for (const Atom& atom : graph.atoms()) {
      const double count = graph.bond_count(atom.index);
      if (count > atom.capacity) {
        throw SelfiesEncodeError("cannot encode SMILES '" + smiles +
                                 "': " + selfies_internal::atom_to_smiles(atom) + " has " +
                                 std::to_string(int(count)) + " bonds, more than its capacity " +
                                 std::to_string(atom.capacity) + " under the selected constraints");
      }
    }
  }
  for (Atom& atom : graph.atoms()) {
    if (!atom.chirality.empty() && graph.has_out_ring_bond(atom.index) &&
        should_invert_chirality(graph, atom.index)) {
      atom.chirality = atom.chirality == "@" ? "@@" : "@";
    }
  }
  std::string out;
  bool first = true;
  for (int root : graph.roots()) {
    if (!first) out += '.';
    first = false;
    for (const auto& symbol : fragment_symbols(graph, nullptr, root, 0)) out += symbol;
  }
  return out;
}

}  // namespace sild::chem
