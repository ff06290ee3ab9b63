// Crippen logP with element skips (see crippen_logp.h).
#include "chem/crippen_logp.h"

#include <GraphMol/Descriptors/Crippen.h>
#include <GraphMol/GraphMol.h>
#include <GraphMol/MolOps.h>
#include <GraphMol/Substruct/SubstructMatch.h>

#include <memory>
#include <vector>

#include "chem/element_screen.h"

namespace sild::chem {
namespace {

struct CrippenType {
  const RDKit::ROMol* pattern;  ///< owned by RDKit's parameter collection (a process singleton)
  double logp;
  int first_element;  ///< required_element of the pattern's first atom, or -1
  ElementScreen elements;
};

const std::vector<CrippenType>& crippen_types() {
  static const std::vector<CrippenType> kTypes = [] {
    std::vector<CrippenType> types;
    for (const auto& param : *RDKit::Descriptors::CrippenParamCollection::getParams()) {
      const RDKit::ROMol& pattern = *param.dp_pattern;
      types.push_back(
          {&pattern, param.logp, required_element(*pattern.getAtomWithIdx(0)), ElementScreen(pattern)});
    }
    return types;
  }();
  return kTypes;
}

}  // namespace

double crippen_logp(const RDKit::ROMol& mol) {
  // As calcCrippenDescriptors: all hydrogens added, no coordinates.
  const std::unique_ptr<RDKit::ROMol> with_hydrogens(RDKit::MolOps::addHs(mol, false, false));
  const RDKit::ROMol& work = *with_hydrogens;
  const unsigned atoms = work.getNumAtoms();
  std::vector<double> contributions(atoms, 0.0);
  std::vector<bool> typed(atoms, false);
  const ElementCounts present = element_counts(work);
  ElementCounts untyped = present;
  unsigned left = atoms;
  for (const CrippenType& type : crippen_types()) {
    if (left == 0) break;
    if (type.first_element >= 0 && untyped[type.first_element] == 0 &&
        present[type.first_element] < UINT16_MAX) {
      continue;  // (a saturated count says nothing)
    }
    if (!type.elements.may_match(present)) continue;
    std::vector<RDKit::MatchVectType> matches;
    RDKit::SubstructMatch(work, *type.pattern, matches, /*uniquify=*/false, /*recursionPossible=*/true);
    for (const auto& match : matches) {
      const int atom = match[0].second;
      if (typed[atom]) continue;
      typed[atom] = true;
      contributions[atom] = type.logp;
      --left;
      const int z = work.getAtomWithIdx(atom)->getAtomicNum();
      if (z >= 0 && z < static_cast<int>(untyped.size()) && untyped[z] > 0) --untyped[z];
    }
  }
  double logp = 0.0;
  for (double value : contributions) logp += value;  // atom order, as RDKit sums
  return logp;
}

}  // namespace sild::chem
