// The (n, d) sweep (see scaling_experiment.h).
#include "models/experiments/scaling_experiment.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <map>

#include "common/errors.h"

namespace sild::models {

ScalingExperimentResult run_scaling_experiment(const ScalingExperimentOptions& options) {
  if (options.ns.empty() || options.ds.empty())
    throw ConfigError("experiment scaling: need at least one n and one d");
  if (options.base.stage2_steps < 1)
    throw ConfigError("experiment scaling: --stage2-steps must be at least 1");
  const auto start = std::chrono::steady_clock::now();
  ScalingExperimentResult result;
  for (int64_t d : options.ds) {
    for (int64_t n : options.ns) {
      if (options.base.should_stop && options.base.should_stop()) {
        result.stopped = true;
        break;
      }
      if (options.on_cell_start) options.on_cell_start(n, d);
      ManifoldExperimentOptions cell_options = options.base;
      cell_options.manifold.d = d;
      cell_options.n = n;
      cell_options.measure_sigmas = false;
      cell_options.measure_every = 0;
      auto run = run_manifold_experiment(cell_options);
      if (run.stopped || !run.stage2) {
        result.stopped = true;
        break;
      }
      result.cells.push_back(
          {n, d, run.sild, run.ambient, run.reference, run.reconstruction_distance, run.seconds});
    }
    if (result.stopped) break;
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

double stage2_error(const GenerationMeasurement& m) { return m.span_wasserstein + m.manifold_distance; }

std::vector<DimensionSpread> dimension_spread(const std::vector<ScalingCell>& cells) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  struct Range {
    double sild_lo = kInf, sild_hi = 0.0, ambient_lo = kInf, ambient_hi = 0.0;
  };
  std::map<int64_t, Range> by_n;
  for (const auto& cell : cells) {
    auto& r = by_n[cell.n];
    const double s = stage2_error(cell.sild), a = stage2_error(cell.ambient);
    r.sild_lo = std::min(r.sild_lo, s);
    r.sild_hi = std::max(r.sild_hi, s);
    r.ambient_lo = std::min(r.ambient_lo, a);
    r.ambient_hi = std::max(r.ambient_hi, a);
  }
  std::vector<DimensionSpread> out;
  for (const auto& [n, r] : by_n) out.push_back({n, r.sild_hi / r.sild_lo, r.ambient_hi / r.ambient_lo});
  return out;
}

}  // namespace sild::models
