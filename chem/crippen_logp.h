// Wildman-Crippen logP (J. Chem. Inf. Comput. Sci. 39, 868, 1999), bit-identical to RDKit's
// Descriptors::calcClogP and Python's Descriptors.MolLogP, from RDKit's own parameter table.
#pragma once

namespace RDKit {
class ROMol;
}  // namespace RDKit

namespace sild::chem {

inline constexpr char kCrippenLogPVersion[] = "1.2.0";  ///< RDKit's crippenVersion

/// RDKit's algorithm: on the molecule with hydrogens added, each atom takes the logP of the first
/// parameter (in table order) whose SMARTS matches with that atom first; the result is the sum
/// in atom order. Two skips make it cheaper without changing a bit: a parameter whose first atom
/// fixes an element with no atom left untyped, or whose elements the molecule lacks, cannot type
/// anything and is not searched. Does not read or write RDKit's cached property.
double crippen_logp(const RDKit::ROMol& mol);

}  // namespace sild::chem
