// The reference selfies library's own SMILES reading (tokens, bracket atoms, ring bonds,
// aromatic bonds) into a MolecularGraph, and its SMILES writing from one, which keeps the graph's
// traversal order. Internal to chem/selfies*.cpp.
#pragma once

#include <optional>
#include <string>

#include "chem/selfies.h"
#include "chem/selfies_graph.h"

namespace sild::chem::selfies_internal {

/// Parses SMILES; throws SelfiesEncodeError with the reason and position.
MolecularGraph smiles_to_graph(const std::string& smiles, const SelfiesOptions& options);

/// Writes a kekulised graph as SMILES in traversal order (fragments joined by '.').
std::string graph_to_smiles(const MolecularGraph& graph);

/// An atom as SMILES (with brackets) or as the inside of a SELFIES symbol (without).
std::string atom_to_smiles(const Atom& atom, bool brackets = true);

/// "", "/", "\\", "=", "#" for a bond order and stereo mark.
std::string bond_to_smiles(double order, char stereo);

/// Bonding capacity key lookup shared with the decoder.
int bonding_capacity(const std::string& element, long long charge, const SelfiesOptions& options);

bool is_known_element(const std::string& symbol);
bool is_organic_subset(const std::string& symbol);

}  // namespace sild::chem::selfies_internal
