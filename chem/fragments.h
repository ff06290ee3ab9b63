// BRICS fragments and Bemis–Murcko scaffolds exactly as MOSES computes them for its Frag and
// Scaf metrics and its scaffold split (moses/metrics/utils.py `fragmenter`, `compute_scaffold`).
// Odd molecules give empty results, never exceptions.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace RDKit {
class ROMol;
}  // namespace RDKit

namespace sild::chem {

/// SMILES of the pieces of FragmentOnBRICSBonds(mol) (dummy atoms kept), one entry per piece,
/// duplicates kept, in RDKit's output order.
std::vector<std::string> brics_fragments(const RDKit::ROMol& mol);

/// Canonical SMILES of the Murcko scaffold (MurckoDecompose, as GetScaffoldForMol), or nullopt
/// when it is empty or has fewer than `min_rings` rings (MOSES: 2 for Scaf, 0 for splits).
std::optional<std::string> murcko_scaffold(const RDKit::ROMol& mol, unsigned min_rings = 2);

}  // namespace sild::chem
