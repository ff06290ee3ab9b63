// The one place where raw RDKit molecule pointers are received: every parse and copy returns a
// std::unique_ptr (style S5). Also silences RDKit's stderr chatter for the calls it wraps.
// It does not canonicalise or compute anything; see canonical.h and the property files.
#pragma once

#include <memory>
#include <optional>
#include <string>

namespace RDKit {
class ROMol;
class RWMol;
}  // namespace RDKit

namespace sild::chem {

/// Deletes an RDKit molecule. Defined in mol_io.cpp, so code that only holds a MolPtr needs no
/// RDKit header to destroy one.
struct MolDeleter {
  void operator()(RDKit::RWMol* mol) const noexcept;
};

using MolPtr = std::unique_ptr<RDKit::RWMol, MolDeleter>;

/// The molecule as RDKit's read-only base class, for the chem/ calls that take one: code that
/// only holds a MolPtr needs no RDKit header to pass it on.
const RDKit::ROMol& read_only(const MolPtr& mol);

/// Number of heavy atoms in the graph (RDKit's getNumAtoms on the sanitised molecule).
unsigned atom_count(const MolPtr& mol);

/// Parses and sanitises SMILES like MOSES (`MolFromSmiles`): nullptr for empty or invalid
/// input, never throws for bad chemistry. RDKit's error log is suppressed during the call.
MolPtr mol_from_smiles(const std::string& smiles);

/// Parses one MDL molblock (an SDF record without its data items); nullptr when RDKit rejects
/// it. Never throws for bad input.
MolPtr mol_from_molblock(const std::string& molblock);

/// Parses SMARTS; nullptr when invalid.
MolPtr mol_from_smarts(const std::string& smarts);

/// Canonical isomeric SMILES of a molecule (RDKit MolToSmiles defaults).
std::string mol_to_smiles(const RDKit::ROMol& mol, bool isomeric = true);

/// Canonical SMILES of a SMILES string, or nullopt when RDKit rejects it.
std::optional<std::string> canonical_smiles(const std::string& smiles, bool isomeric = true);

/// Turns RDKit's error/warning/info logs off for the whole process. Called once by main() and
/// by the tests; per-call toggling is not thread-safe in RDKit, so there is no scoped version.
/// Per-record failures are reported by sild itself, with file and line.
void silence_rdkit_logs();

}  // namespace sild::chem
