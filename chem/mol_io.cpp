// RDKit parsing and writing behind unique_ptr (see mol_io.h).
#include "chem/mol_io.h"

#include <GraphMol/FileParsers/FileParsers.h>
#include <GraphMol/GraphMol.h>
#include <GraphMol/SmilesParse/SmartsWrite.h>
#include <GraphMol/SmilesParse/SmilesParse.h>
#include <GraphMol/SmilesParse/SmilesWrite.h>
#include <RDGeneral/RDLog.h>

#include "common/errors.h"

namespace sild::chem {

void MolDeleter::operator()(RDKit::RWMol* mol) const noexcept { delete mol; }

const RDKit::ROMol& read_only(const MolPtr& mol) {
  SILD_ASSERT(mol != nullptr, "read_only needs a molecule");
  return *mol;
}

unsigned atom_count(const MolPtr& mol) { return mol ? mol->getNumAtoms() : 0; }

MolPtr mol_from_smiles(const std::string& smiles) {
  if (smiles.empty()) return nullptr;
  try {
    return MolPtr(RDKit::SmilesToMol(smiles));
  } catch (const std::exception&) {
    // RDKit throws for some malformed inputs (e.g. bad ring closures) instead of returning null.
    return nullptr;
  }
}

MolPtr mol_from_molblock(const std::string& molblock) {
  try {
    return MolPtr(RDKit::MolBlockToMol(molblock));
  } catch (const std::exception&) {
    return nullptr;
  }
}

MolPtr mol_from_smarts(const std::string& smarts) {
  try {
    return MolPtr(RDKit::SmartsToMol(smarts));
  } catch (const std::exception&) {
    return nullptr;
  }
}

std::string mol_to_smiles(const RDKit::ROMol& mol, bool isomeric) {
  return RDKit::MolToSmiles(mol, isomeric);
}

std::optional<std::string> canonical_smiles(const std::string& smiles, bool isomeric) {
  MolPtr mol = mol_from_smiles(smiles);
  if (!mol) return std::nullopt;
  return mol_to_smiles(*mol, isomeric);
}

void silence_rdkit_logs() { boost::logging::disable_logs("rdApp.*"); }

}  // namespace sild::chem
