// Flags that `sild experiment manifold` and `sild experiment scaling` share: the manifold, the
// networks, both training budgets and the outputs, bound to one ManifoldExperimentOptions.
#pragma once

#include <filesystem>
#include <string>

#include "models/experiments/manifold_experiment.h"
#include "src/cli/command.h"

namespace sild::cli {

struct ExperimentFlagHelp {
  std::string stage2_zero;  ///< what --stage2-steps 0 means for this experiment
  std::string outputs;      ///< what --out receives
};

/// Adds --k --manifold --components --latent --hidden --layers --steps --batch --lr --sigma-min
/// --sigma-max --stage2-steps --plateau-window --plateau-tolerance --eval-interval --samples
/// --seed --threads --out --store, defaults from `options`.
void add_experiment_flags(po::options_description& flags, models::ManifoldExperimentOptions& options,
                          const ExperimentFlagHelp& help, std::string& out, std::string& store_path);

/// The comma-separated whole numbers of --FLAG, each at least `minimum`; UsageError otherwise.
std::vector<int64_t> parse_whole_numbers(const std::string& flag, const std::string& text, int64_t minimum);

/// The comma-separated names of --FLAG, each one of `allowed`; UsageError otherwise.
std::vector<std::string> parse_names(const std::string& flag, const std::string& text,
                                     const std::vector<std::string>& allowed);

int run_scaling_experiment(const std::vector<std::string>& args);
int run_sweep_experiment(const std::vector<std::string>& args);

}  // namespace sild::cli
