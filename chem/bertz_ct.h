// Bertz's molecular complexity index CT (S. H. Bertz, J. Am. Chem. Soc. 103, 3599, 1981) as
// RDKit's Python Descriptors.BertzCT computes it (GraphDescriptors.py, version 2.0.0), which has
// no C++ counterpart: symmetry classes from the bond-order-weighted distance matrix, aromatic
// bonds as order 1.5, connection and atom-type information entropies.
#pragma once

namespace RDKit {
class ROMol;
}  // namespace RDKit

namespace sild::chem {

inline constexpr char kBertzCtVersion[] = "2.0.0";

/// BertzCT of `mol` (implicit hydrogens, as parsed); 0 for fewer than two atoms. `cutoff` limits
/// how many sorted distances decide two atoms' symmetry class (RDKit's default 100).
double bertz_ct(const RDKit::ROMol& mol, unsigned cutoff = 100);

}  // namespace sild::chem
