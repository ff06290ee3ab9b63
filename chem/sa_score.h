// Synthetic accessibility (SA) score of Ertl & Schuffenhauer (J. Cheminform. 1:8, 2009), computed
// exactly as RDKit's Contrib/SA_Score/sascorer.py. The fragment table is read once, when a
// SaScorer is built; scoring does no file I/O. It does not train or modify the table.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace RDKit {
class ROMol;
}  // namespace RDKit

namespace sild::chem {

/// Version of the SA-score definition: the paper plus RDKit Contrib's changes (macrocycle
/// penalty log10(2), fingerprint-density term of sascorer.py "version 1.1"). Stored with results.
inline constexpr char kSaScoreVersion[] = "1.1.0";

/// Where Debian's rdkit-data package installs the fragment contributions.
inline constexpr char kDefaultFragmentScoresPath[] = "/usr/share/RDKit/Contrib/SA_Score/fpscores.pkl.gz";

/// Scores molecules from 1 (easy to make) to 10 (hard). Immutable after construction, so one
/// instance can be shared by many threads (each scoring its own molecules).
class SaScorer {
 public:
  /// Loads the gzip'd pickle of fragment contributions: a list of lists whose first item is a
  /// score and the rest are Morgan (radius 2, unhashed) fragment ids with that score.
  /// Throws sild::IoError when the file cannot be opened and sild::InputError when it is not a
  /// gzip'd pickle of that shape (both name the path).
  explicit SaScorer(const std::string& fragment_scores_path = kDefaultFragmentScoresPath);

  /// SA score of `mol` (sascorer.calculateScore). Throws sild::InputError for a molecule
  /// without atoms, for which the score is undefined (Python divides by zero).
  double score(const RDKit::ROMol& mol) const;

  /// Number of distinct fragment ids in the table.
  size_t fragment_count() const { return fragments_.size(); }
  /// Contribution of one fragment id; `missing` when it is not in the table.
  double fragment_score(std::uint32_t fragment_id, double missing) const;

 private:
  /// Sorted by id, one entry per id (a later duplicate in the file wins, as in Python's dict).
  std::vector<std::pair<std::uint32_t, double>> fragments_;
};

}  // namespace sild::chem
