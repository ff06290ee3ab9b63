// BRICS fragments and Murcko scaffolds (see fragments.h).
#include "chem/fragments.h"

#include <GraphMol/ChemTransforms/ChemTransforms.h>
#include <GraphMol/ChemTransforms/MolFragmenter.h>
#include <GraphMol/MolOps.h>
#include <GraphMol/RWMol.h>
#include <GraphMol/SmilesParse/SmilesWrite.h>

#include <memory>

namespace sild::chem {

std::vector<std::string> brics_fragments(const RDKit::ROMol& mol) {
  std::vector<std::string> pieces;
  try {
    std::unique_ptr<RDKit::ROMol> fragmented(RDKit::MolFragmenter::fragmentOnBRICSBonds(mol));
    if (!fragmented) return pieces;
    const std::string smiles = RDKit::MolToSmiles(*fragmented);
    size_t start = 0;
    while (start <= smiles.size()) {
      size_t dot = smiles.find('.', start);
      if (dot == std::string::npos) dot = smiles.size();
      pieces.push_back(smiles.substr(start, dot - start));  // MOSES's split keeps even an empty piece
      start = dot + 1;
    }
  } catch (const std::exception&) {
    pieces.clear();
  }
  return pieces;
}

std::optional<std::string> murcko_scaffold(const RDKit::ROMol& mol, unsigned min_rings) {
  try {
    std::unique_ptr<RDKit::ROMol> decomposed(RDKit::MurckoDecompose(mol));
    if (!decomposed) return std::nullopt;
    RDKit::RWMol scaffold(*decomposed);
    // GetScaffoldForMol: ClearComputedProps, UpdatePropertyCache, GetSymmSSSR.
    scaffold.clearComputedProps();
    scaffold.updatePropertyCache();
    RDKit::VECT_INT_VECT rings;
    RDKit::MolOps::symmetrizeSSSR(scaffold, rings);
    const std::string smiles = RDKit::MolToSmiles(scaffold);
    if (smiles.empty() || scaffold.getRingInfo()->numRings() < min_rings) return std::nullopt;
    return smiles;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace sild::chem
