// The collapse sweep (see sweep_experiment.h).
#include "models/experiments/sweep_experiment.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "common/errors.h"

namespace sild::models {

namespace {

/// Stage 1's training range [σ_min, σ_max] and the start of its upper half (the geometric
/// middle), with a slack of 1e-9: σ grid values computed by pow may miss the ends by an ulp.
struct TrainingRange {
  explicit TrainingRange(const ManifoldExperimentOptions& options)
      : lo(options.sigma_min * (1 - kSlack)),
        hi(options.sigma_max * (1 + kSlack)),
        middle(std::sqrt(options.sigma_min * options.sigma_max) * (1 - kSlack)) {}
  bool contains(double sigma) const { return sigma >= lo && sigma <= hi; }
  bool in_upper_half(double sigma) const { return contains(sigma) && sigma >= middle; }
  static constexpr double kSlack = 1e-9;
  double lo, hi, middle;
};

ConfigError grid_misses_range(const ManifoldExperimentOptions& options) {
  return ConfigError("experiment sweep: the sigma grid has no value in the training range [" +
                     std::to_string(options.sigma_min) + ", " + std::to_string(options.sigma_max) +
                     "] or none in its upper half (check --sigmas)");
}

}  // namespace

SweepCell summarise_cell(const ManifoldExperimentResult& run, const ManifoldExperimentOptions& options) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const TrainingRange range(options);
  SweepCell cell;
  cell.k = options.manifold.k;
  cell.manifold = options.manifold.kind;
  cell.d = options.manifold.d;
  cell.seed = options.seed;
  const double k = static_cast<double>(options.manifold.k);
  cell.rank_min = cell.error_min = cell.exact_k_min = kInf;
  cell.rank_max = cell.error_max = -kInf;
  for (const auto& m : run.by_sigma) {
    if (!range.contains(m.sigma)) continue;
    cell.rank_min = std::min(cell.rank_min, m.effective_rank);
    cell.rank_max = std::max(cell.rank_max, m.effective_rank);
    cell.exact_k_min = std::min(cell.exact_k_min, m.exact_k_fraction);
    if (range.in_upper_half(m.sigma)) {
      cell.error_min = std::min(cell.error_min, m.normalised_error);
      cell.error_max = std::max(cell.error_max, m.normalised_error);
    }
  }
  if (cell.rank_min == kInf || cell.error_min == kInf) throw grid_misses_range(options);
  cell.rank_is_k = cell.exact_k_min >= 1.0;
  cell.error_near_k = std::abs(cell.error_min / k - 1) <= 0.25 && std::abs(cell.error_max / k - 1) <= 0.25;
  cell.floor = run.reconstruction_distance;
  cell.stage1_steps = run.stage1_steps;
  cell.stage1_plateau_step = run.stage1_plateau_step;
  cell.sild_stage2_steps = run.sild_stage2_steps;
  cell.ambient_stage2_steps = run.ambient_stage2_steps;
  cell.sild = run.sild;
  cell.ambient = run.ambient;
  cell.reference = run.reference;
  cell.seconds = run.seconds;
  return cell;
}

SweepExperimentResult run_sweep_experiment(const SweepExperimentOptions& options) {
  if (options.ks.empty() || options.manifolds.empty() || options.ds.empty() || options.seeds.empty()) {
    throw ConfigError("experiment sweep: need at least one k, manifold, d and seed");
  }
  if (options.base.stage2_steps < 1) throw ConfigError("experiment sweep: --stage2-steps must be at least 1");
  {  // A grid that misses the training range is an error now, not after the first cell has trained.
    ManifoldExperimentOptions measured = options.base;
    measured.measure_sigmas = true;
    const TrainingRange range(measured);
    const auto grid = measurement_sigmas(measured);
    const bool in_range = std::any_of(grid.begin(), grid.end(), [&](double s) { return range.contains(s); });
    const bool upper =
        std::any_of(grid.begin(), grid.end(), [&](double s) { return range.in_upper_half(s); });
    if (!in_range || !upper) throw grid_misses_range(measured);
  }
  const auto start = std::chrono::steady_clock::now();
  const size_t total =
      options.ks.size() * options.manifolds.size() * options.ds.size() * options.seeds.size();
  SweepExperimentResult result;
  size_t index = 0;
  for (int64_t k : options.ks) {
    for (const auto& manifold : options.manifolds) {
      for (int64_t d : options.ds) {
        for (uint64_t seed : options.seeds) {
          if (options.base.should_stop && options.base.should_stop()) {
            result.stopped = true;
            break;
          }
          ManifoldExperimentOptions cell = options.base;
          cell.manifold.k = k;
          cell.manifold.kind = manifold;
          cell.manifold.d = d;
          cell.manifold.seed = seed;
          cell.seed = seed;
          cell.measure_sigmas = true;
          if (options.on_cell_start) options.on_cell_start(++index, total, cell);
          const auto run = run_manifold_experiment(cell);
          if (run.stopped || !run.stage2) {
            result.stopped = true;
            break;
          }
          result.cells.push_back(summarise_cell(run, cell));
        }
        if (result.stopped) break;
      }
      if (result.stopped) break;
    }
    if (result.stopped) break;
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace sild::models
