// The four scalar properties sild reports per molecule (QED, SA score, Crippen logP, average
// molecular weight), computed in one call with the definitions of RDKit's Python API.
// It does not parse SMILES or aggregate over datasets; callers own both.
#pragma once

#include <string>

#include "chem/crippen_logp.h"  // crippen_logp, kCrippenLogPVersion

namespace RDKit {
class ROMol;
}  // namespace RDKit

namespace sild::chem {

class SaScorer;

/// RDKit's crippenVersion for the logP definition (checked against RDKit by the tests).
/// RDKit's amwVersion for the average molecular weight (checked against RDKit by the tests).
inline constexpr char kAverageMolWeightVersion[] = "1.0.0";

/// Property values of one molecule.
struct MolProperties {
  double qed = 0.0;   ///< QED with mean weights (chem/qed.h)
  double sa = 0.0;    ///< SA score, 1 (easy) .. 10 (hard) (chem/sa_score.h)
  double logp = 0.0;  ///< Wildman-Crippen logP, Python Descriptors.MolLogP
  double mw = 0.0;    ///< average molecular weight, Python Descriptors.MolWt
};

/// Average molecular weight including hydrogens, as Descriptors.MolWt / Descriptors::calcAMW.
double average_mol_weight(const RDKit::ROMol& mol);

/// All four properties of `mol`. Throws sild::InputError for a molecule without atoms (no SA
/// score) or one RDKit cannot re-sanitise without hydrogens (no QED). Thread-safe for distinct molecules;
/// RDKit caches descriptors on the molecule, so one molecule object must not be passed from two threads at
/// once.
MolProperties compute_properties(const RDKit::ROMol& mol, const SaScorer& sa_scorer);

/// Versions of the four definitions ("qed=...;sa=...;logp=...;mw=..."), stored with results.
std::string properties_version();

}  // namespace sild::chem
