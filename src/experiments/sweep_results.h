// `sild experiment sweep`'s outputs: sweep.csv (one row per cell, every verdict and measurement),
// the terminal table, and the metrics the command stores (how many cells meet each prediction).
#pragma once

#include <string>

#include "models/experiments/sweep_experiment.h"
#include "src/experiments/experiment_results.h"

namespace sild::core {

/// Writes sweep.csv into `out` (created if needed) and returns the table and metrics.
ExperimentResults write_sweep_results(const models::SweepExperimentResult& result, const std::string& out);

}  // namespace sild::core
