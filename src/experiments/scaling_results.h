// `sild experiment scaling`'s outputs: scaling.csv and two SVG plots (stage-2 error and distance
// to the manifold vs n, one series per d and method), plus the table and the metrics the command
// prints and stores.
#pragma once

#include <string>

#include "models/experiments/scaling_experiment.h"
#include "src/experiments/experiment_results.h"

namespace sild::core {

/// Writes the result files into `out` (created if needed).
ExperimentResults write_scaling_results(const models::ScalingExperimentResult& result,
                                        const models::ScalingExperimentOptions& options,
                                        const std::string& out);

}  // namespace sild::core
