// `sild experiment manifold`'s outputs: manifold.csv, training.csv, generation.csv and the SVG
// plots (effective rank and normalised error over sigma, rank over training), plus the table and
// the metrics the command prints and stores.
#pragma once

#include <string>

#include "models/experiments/manifold_experiment.h"
#include "src/experiments/experiment_results.h"

namespace sild::core {

/// Writes the result files into `out` (created if needed).
ExperimentResults write_manifold_results(const models::ManifoldExperimentResult& result,
                                         const models::ManifoldExperimentOptions& options,
                                         const std::string& out);

}  // namespace sild::core
