// One-call computation of QED, SA score, Crippen logP and average MW (see properties.h).
// The logP and MW definitions are RDKit's own C++ descriptors; QED and SA live in their files.
#include "chem/properties.h"

#include <GraphMol/Descriptors/Crippen.h>
#include <GraphMol/Descriptors/MolDescriptors.h>
#include <GraphMol/GraphMol.h>

#include "chem/qed.h"
#include "chem/sa_score.h"

namespace sild::chem {

double crippen_logp(const RDKit::ROMol& mol) { return RDKit::Descriptors::calcClogP(mol); }

double average_mol_weight(const RDKit::ROMol& mol) { return RDKit::Descriptors::calcAMW(mol); }

MolProperties compute_properties(const RDKit::ROMol& mol, const SaScorer& sa_scorer) {
  MolProperties out;
  out.sa = sa_scorer.score(mol);
  out.logp = crippen_logp(mol);
  out.mw = average_mol_weight(mol);
  out.qed = qed(mol);
  return out;
}

std::string properties_version() {
  return std::string("qed=") + kQedVersion + ";sa=" + kSaScoreVersion +
         ";logp=" + kCrippenLogPVersion + ";mw=" + kAverageMolWeightVersion;
}

}  // namespace sild::chem
