// The collapse sweep (issue 19, item 2): `run_manifold_experiment` over a grid of intrinsic
// dimensions k, manifold kinds, ambient dimensions d and seeds, each cell summarised by what the
// method predicts: effective rank exactly k over the training noise range, normalised error near
// k in its upper half, the approximation floor, the steps each stage needed, and SiLD against
// the ambient baseline on the generation measurements. Cells run one after the other (the
// networks' initialisation draws on LibTorch's global generator, so side-by-side cells in one
// process would not be reproducible).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "models/experiments/manifold_experiment.h"

namespace sild::models {

struct SweepExperimentOptions {
  ManifoldExperimentOptions base;  ///< everything but k, the manifold kind, d and the seed
  std::vector<int64_t> ks{1, 2, 3, 4};
  std::vector<std::string> manifolds{"linear", "sphere", "torus"};
  std::vector<int64_t> ds{16, 64, 256};
  std::vector<uint64_t> seeds{0, 1};
  std::function<void(size_t index, size_t total, const ManifoldExperimentOptions& cell)> on_cell_start;
};

/// One cell's verdicts, computed from its ManifoldExperimentResult by summarise_cell.
struct SweepCell {
  int64_t k = 0;
  std::string manifold;
  int64_t d = 0;
  uint64_t seed = 0;
  double rank_min = 0.0, rank_max = 0.0;    ///< effective rank over σ in [sigma_min, sigma_max]
  double exact_k_min = 0.0;                 ///< the smallest share of points with rank exactly k there
  bool rank_is_k = false;                   ///< every point of the range has rank exactly k
  double error_min = 0.0, error_max = 0.0;  ///< normalised error over σ in [√(σmin·σmax), σmax]
  bool error_near_k = false;                ///< both within 25% of k
  double floor = 0.0;                       ///< approximation floor: distance of G(E(x)) to M
  int64_t stage1_steps = 0, stage1_plateau_step = 0, sild_stage2_steps = 0, ambient_stage2_steps = 0;
  GenerationMeasurement sild, ambient, reference;
  double seconds = 0.0;
};

struct SweepExperimentResult {
  std::vector<SweepCell> cells;  ///< k-major, then manifold, d, seed
  double seconds = 0.0;
  bool stopped = false;
};

/// The verdicts of one cell (pure; needs the σ grid to cover [sigma_min, sigma_max]).
SweepCell summarise_cell(const ManifoldExperimentResult& run, const ManifoldExperimentOptions& options);

/// Runs every cell; stops between cells (and inside one) when base.should_stop says so.
SweepExperimentResult run_sweep_experiment(const SweepExperimentOptions& options);

}  // namespace sild::models
