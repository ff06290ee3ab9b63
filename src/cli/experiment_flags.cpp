// Shared experiment flags (see experiment_flags.h).
#include "src/cli/experiment_flags.h"

#include <algorithm>
#include <sstream>

#include "common/atomic_file.h"
#include "src/util/option_value.h"

namespace sild::cli {

void add_experiment_flags(po::options_description& flags, models::ManifoldExperimentOptions& options,
                          const ExperimentFlagHelp& help, std::string& out, std::string& store_path) {
  flags.add_options()("k", core::value_with_default(&options.manifold.k),
                      "intrinsic dimension of the manifold")(
      "manifold", core::value_with_default(&options.manifold.kind), "linear, sphere or torus")(
      "components", core::value_with_default(&options.manifold.components), "mixture components")(
      "latent", core::value_with_default(&options.latent), "bottleneck width (0 = 4k)")(
      "hidden", core::value_with_default(&options.hidden), "MLP width")(
      "layers", core::value_with_default(&options.layers), "hidden layers of E and of G")(
      "steps", core::value_with_default(&options.steps),
      "Stage-1 training steps (the cap with --plateau-window)")(
      "batch", core::value_with_default(&options.batch), "batch size")(
      "lr", core::value_with_default(&options.lr), "peak learning rate (Adam, cosine decay)")(
      "sigma-min", core::value_with_default(&options.sigma_min), "Stage-1 noise range, low end")(
      "sigma-max", core::value_with_default(&options.sigma_max), "Stage-1 noise range, high end")(
      "stage2-steps", core::value_with_default(&options.stage2_steps),
      ("Stage-2 steps, also used for the ambient baseline (" + help.stage2_zero +
       "; the cap with --plateau-window)")
          .c_str())(
      "plateau-window", core::value_with_default(&options.plateau.window),
      "budget by convergence: a stage has converged once its validation loss failed to improve on "
      "its earlier best by --plateau-tolerance over this many evaluations; it then cools down and "
      "ends (0 = run the full steps)")(
      "plateau-tolerance", core::value_with_default(&options.plateau.tolerance),
      "relative improvement of the best validation loss that counts as progress")(
      "plateau-cooldown", core::value_with_default(&options.plateau.cooldown),
      "after the plateau, decay the learning rate to its floor over this fraction of the steps done, then "
      "stop")("eval-interval", core::value_with_default(&options.eval_interval),
              "steps between validation losses for the plateau rule")(
      "samples", core::value_with_default(&options.samples),
      "generated samples compared with fresh true samples")(
      "seed", core::value_with_default(&options.seed), "seed of the data, the embedding and the training")(
      "threads", core::value_with_default(&options.threads), "torch threads, 0 = all cores")(
      "out", core::value_with_default(&out), ("directory for " + help.outputs).c_str())(
      "store", core::value_with_default(&store_path), "results database");
}

std::vector<int64_t> parse_whole_numbers(const std::string& flag, const std::string& text, int64_t minimum) {
  std::vector<int64_t> out;
  std::stringstream stream(text);
  for (std::string item; std::getline(stream, item, ',');) {
    size_t used = 0;
    int64_t value = 0;
    try {
      value = std::stoll(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != item.size() || value < minimum) {
      throw UsageError("--" + flag + ": '" + item + "' is not a whole number >= " + std::to_string(minimum) +
                       " (write e.g. 8,32,128)");
    }
    out.push_back(value);
  }
  if (out.empty()) throw UsageError("--" + flag + " needs at least one value");
  return out;
}

std::vector<std::string> parse_names(const std::string& flag, const std::string& text,
                                     const std::vector<std::string>& allowed) {
  std::vector<std::string> out;
  std::stringstream stream(text);
  for (std::string item; std::getline(stream, item, ',');) {
    if (std::find(allowed.begin(), allowed.end(), item) == allowed.end()) {
      std::string choices;
      for (const auto& name : allowed) choices += (choices.empty() ? "" : ", ") + name;
      throw UsageError("--" + flag + ": '" + item + "' is not one of " + choices);
    }
    out.push_back(item);
  }
  if (out.empty()) throw UsageError("--" + flag + " needs at least one value");
  return out;
}

}  // namespace sild::cli
