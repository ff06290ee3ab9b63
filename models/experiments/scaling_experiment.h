// The sample-complexity sweep of the collapse-and-refine experiment (docs/method.md, after the design §5,
// prediction 4): for a fixed k-manifold, train SiLD (Stage 1 + Stage 2) and the ambient
// diffusion baseline on n samples embedded in R^d, for every (n, d) of a grid, and measure the
// Stage-2 error against fresh true samples. The claim under test: SiLD's error at a given n does
// not depend on d; the ambient model's does. One cell is one run_manifold_experiment without the
// σ grid, so both methods share networks, steps and seeds with `sild experiment manifold`.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "models/experiments/manifold_experiment.h"

namespace sild::models {

struct ScalingExperimentOptions {
  ManifoldExperimentOptions base;  ///< everything except n and d (base.manifold.d is ignored)
  std::vector<int64_t> ns{64, 256, 1024, 4096, 16384};  ///< training-set sizes
  std::vector<int64_t> ds{8, 32, 128, 512};             ///< ambient dimensions
  std::function<void(int64_t n, int64_t d)> on_cell_start;
};

struct ScalingCell {
  int64_t n = 0;
  int64_t d = 0;
  GenerationMeasurement sild;
  GenerationMeasurement ambient;
  GenerationMeasurement reference;  ///< fresh true samples vs fresh true samples
  double reconstruction_distance = 0.0;
  double seconds = 0.0;
};

/// How much an error curve moves with d: for each n, max over d / min over d of the error.
struct DimensionSpread {
  int64_t n = 0;
  double sild = 0.0;
  double ambient = 0.0;
};

struct ScalingExperimentResult {
  std::vector<ScalingCell> cells;  ///< d-major, then n, in the order of the options
  double seconds = 0.0;
  bool stopped = false;
};

/// Runs every (n, d) cell; stops between cells (and inside one) when base.should_stop says so.
ScalingExperimentResult run_scaling_experiment(const ScalingExperimentOptions& options);

/// The Stage-2 error the sweep reports: sliced W1 within the manifold's span plus the mean
/// distance to the manifold (the error along and the error off the manifold, both comparable
/// across d because the true distribution is the same in the span for every d).
double stage2_error(const GenerationMeasurement& m);

/// For each n of the grid, the ratio max_d / min_d of stage2_error, per method.
std::vector<DimensionSpread> dimension_spread(const std::vector<ScalingCell>& cells);

}  // namespace sild::models
