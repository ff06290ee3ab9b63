// One-call computation of QED, SA score, Crippen logP and average MW (see properties.h).
// The logP and MW definitions are RDKit's own C++ descriptors; QED and SA live in their files.
#include "chem/properties.h"

#include <GraphMol/Descriptors/MolDescriptors.h>
#include <GraphMol/GraphMol.h>

#include "chem/qed.h"
#include "chem/sa_score.h"

namespace sild::chem {

double average_mol_weight(const RDKit::ROMol& mol) { return RDKit::Descriptors::calcAMW(mol); }

MolProperties compute_properties(const RDKit::ROMol& mol, const SaScorer& sa_scorer) {
  MolProperties out;
  out.sa = sa_scorer.score(mol);
  const QedProperties qed_inputs = qed_properties(mol);
  out.qed = qed_from_properties(qed_inputs);
  // QED computes logP and MW with the same RDKit calls on the molecule without explicit
  // hydrogens. When there are none, that molecule has the same atoms in the same order, so the
  // values are the same bits: reuse them (Crippen atom typing is a large share of the time).
  bool explicit_hydrogens = false;
  for (const auto* atom : mol.atoms()) explicit_hydrogens = explicit_hydrogens || atom->getAtomicNum() == 1;
  out.logp = explicit_hydrogens ? crippen_logp(mol) : qed_inputs.alogp;
  out.mw = explicit_hydrogens ? average_mol_weight(mol) : qed_inputs.mw;
  return out;
}

std::string properties_version() {
  return std::string("qed=") + kQedVersion + ";sa=" + kSaScoreVersion + ";logp=" + kCrippenLogPVersion +
         ";mw=" + kAverageMolWeightVersion;
}

}  // namespace sild::chem
