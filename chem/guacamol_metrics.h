// GuacaMol's distribution-learning scores (Brown et al. 2019; BenevolentAI/guacamol), restated
// on sild's chemistry so the numbers equal GuacaMol's on the same inputs: validity, uniqueness
// (canonical without stereo), novelty, and the KL-divergence score (9 physico-chemical
// descriptors and the internal nearest-neighbour similarity, each exp(-KL), averaged). The
// generated molecules play GuacaMol's "model": each benchmark reads them from the start.
// The FCD score, exp(-0.2 FCD), needs ChemNet and lives with FCD in src/.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace RDKit {
class ROMol;
}  // namespace RDKit

namespace sild::chem {

inline constexpr char kGuacamolVersion[] = "guacamol-0.5.5";

/// BertzCT, MolLogP, MolWt, TPSA, NumHAcceptors, NumHDonors, NumRotatableBonds,
/// NumAliphaticRings, NumAromaticRings (RDKit's Python descriptor names), as GuacaMol computes
/// them (non-finite values replaced by 0).
inline constexpr std::array<const char*, 9> kGuacamolDescriptorNames = {
    "BertzCT",           "MolLogP",           "MolWt",           "TPSA", "NumHAcceptors", "NumHDonors",
    "NumRotatableBonds", "NumAliphaticRings", "NumAromaticRings"};
std::array<double, 9> guacamol_descriptors(const RDKit::ROMol& mol);

/// KL(P || Q) of Gaussian KDEs (scipy gaussian_kde, Scott's bandwidth) of the two samples,
/// evaluated on 1000 points spanning both, 1e-10 added, as GuacaMol's continuous_kldiv.
double continuous_kl_divergence(const std::vector<double>& baseline, const std::vector<double>& sampled);
/// KL(P || Q) of 10-bin density histograms on the baseline's range (numpy.histogram), 1e-10
/// added, as GuacaMol's discrete_kldiv.
double discrete_kl_divergence(const std::vector<double>& baseline, const std::vector<double>& sampled);

/// For each molecule, its largest Tanimoto similarity to another molecule of the list
/// (ECFP4, 4096 bits, as GuacaMol); 0 for a list of one. Unparsable SMILES are skipped.
std::vector<double> nearest_neighbour_similarities(const std::vector<std::string>& smiles, int threads = 0);

struct GuacamolOptions {
  int64_t samples = 10000;  ///< GuacaMol's number_samples (callers cap it at the generated count)
  uint32_t subset_seed = 42;
  int threads = 0;
};

struct GuacamolScores {
  double validity = 0.0;
  double uniqueness = 0.0;
  double novelty = 0.0;
  /// Absent when fewer than 2 unique valid molecules are left on either side (nothing to compare).
  std::optional<double> kl_divergence;
  std::map<std::string, double> kl_parts;  ///< per descriptor and internal_similarity
  /// GuacaMol's FCD input: its first `samples` valid molecules, in order (sample_valid_molecules).
  std::vector<std::string> valid_sample;
  /// Training molecules of the KL benchmark: np.random.seed(42) subset of `samples`, canonical
  /// without stereo, de-duplicated (the FCD score uses the same subset, not canonicalised).
  std::vector<std::string> training_subset_raw;
  bool training_smaller_than_samples = false;  ///< GuacaMol refuses; sild uses all of it
};

/// The scores of `generated` (lines as written, invalid ones included) against the training
/// molecules (lines as written). Throws sild::InputError when there is nothing to score.
GuacamolScores guacamol_scores(const std::vector<std::string>& generated,
                               const std::vector<std::string>& training, const GuacamolOptions& options = {});

}  // namespace sild::chem
