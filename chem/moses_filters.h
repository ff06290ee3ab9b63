// The MOSES "Filters" check (moses/metrics/utils.py mol_passes_filters): allowed atoms only, no
// ring of 8 or more atoms, no charged atom, no match of the 22 MCF or the PAINS SMARTS on the
// molecule with explicit hydrogens, and a non-isomeric SMILES that parses again.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "chem/element_screen.h"
#include "chem/mol_io.h"

class ExplicitBitVect;

namespace RDKit {
class ROMol;
class RWMol;
}  // namespace RDKit

namespace sild::chem {

inline constexpr char kMosesFiltersVersion[] = "moses-1.0";
inline constexpr char kDefaultPainsPath[] = "/usr/share/RDKit/Data/Pains/wehi_pains.csv";

struct MosesFiltersOptions {
  /// PAINS SMARTS table (Debian rdkit-data); the 17 entries where MOSES ships an older pattern
  /// are replaced by MOSES's, so the verdicts are MOSES's.
  std::string pains_path = kDefaultPainsPath;
};

class MosesFilters {
 public:
  /// Parses every pattern once. Throws sild::IoError when the PAINS file is missing and
  /// sild::InputError (file, line) for a pattern RDKit rejects.
  explicit MosesFilters(const MosesFiltersOptions& options = {});
  ~MosesFilters();
  MosesFilters(MosesFilters&&) noexcept;

  /// MOSES mol_passes_filters. Thread-safe for concurrent calls on different molecules.
  bool passes(const RDKit::ROMol& mol) const;
  size_t pattern_count() const { return patterns_.size(); }

 private:
  std::vector<MolPtr> patterns_;
  /// The elements each pattern needs (element_screen.h): most patterns are ruled out by the
  /// molecule's element counts before anything else is computed.
  std::vector<ElementScreen> elements_;
  /// Then RDKit pattern fingerprints of the patterns: a pattern can only match a molecule whose
  /// pattern fingerprint contains all of its bits, so most searches are skipped (RDKit's
  /// SubstructLibrary screen; it never rejects a true match).
  std::vector<std::unique_ptr<ExplicitBitVect>> screens_;
};

}  // namespace sild::chem
