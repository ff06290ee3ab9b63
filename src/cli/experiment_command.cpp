// `sild experiment manifold`: Stage 1 of the collapse-and-refine experiment (models/
// manifold_experiment.h) as a command: a table on the terminal, CSV, SVG plots and the store.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>
#include <sstream>

#include "common/json.h"
#include "models/experiments/manifold_experiment.h"
#include "src/cli/command.h"
#include "src/cli/experiment_flags.h"
#include "src/experiments/manifold_results.h"
#include "src/store/run_files.h"
#include "src/store/runs.h"
#include "src/util/interrupt.h"
#include "src/util/option_value.h"
#include "src/util/version.h"

namespace sild::cli {
namespace {

std::vector<double> parse_sigmas(const std::string& text) {
  std::vector<double> out;
  std::stringstream stream(text);
  for (std::string item; std::getline(stream, item, ',');) {
    try {
      out.push_back(std::stod(item));
    } catch (const std::exception&) {
      throw UsageError("--sigmas: '" + item + "' is not a number (write e.g. 0.003,0.01,0.03)");
    }
    if (out.back() <= 0) throw UsageError("--sigmas must be positive");
  }
  return out;
}

int run_manifold(const std::vector<std::string>& args) {
  models::ManifoldExperimentOptions options;
  std::string sigmas, out = "manifold-experiment", store_path = "sild.sqlite";
  po::options_description flags("experiment manifold options");
  flags.add_options()("d", core::value_with_default(&options.manifold.d), "ambient dimension")(
      "n", core::value_with_default(&options.n), "training samples")(
      "sigmas", po::value(&sigmas), "measurement grid, comma-separated (default: 13 values from 0.001 to 1)")(
      "measure-every", po::value(&options.measure_every)->default_value(500),
      "steps between effective-rank measurements during training");
  add_experiment_flags(flags, options,
                       {"0 = Stage 1 only", "manifold.csv, training.csv, generation.csv and the SVG plots"},
                       out, store_path);
  po::variables_map values;
  if (!parse_command_line("experiment manifold", "[--k K --d D --manifold linear|sphere|torus ...]", args,
                          flags, values)) {
    return 0;
  }
  options.manifold.seed = options.seed;
  if (!sigmas.empty()) options.sigmas = parse_sigmas(sigmas);
  options.on_step = [](int64_t step, double loss) {
    spdlog::info("manifold stage1 s:{} loss:{:.5g}", step, loss);
  };
  options.should_stop = [] { return core::interrupted(); };
  store::Database database(store_path);
  JsonObject config;
  config.add("manifold", options.manifold.kind)
      .add("k", options.manifold.k)
      .add("d", options.manifold.d)
      .add("n", options.n)
      .add("steps", options.steps)
      .add("stage2_steps", options.stage2_steps)
      .add("plateau_window", options.plateau.window)
      .add("plateau_tolerance", options.plateau.tolerance)
      .add("plateau_cooldown", options.plateau.cooldown)
      .add("eval_interval", options.eval_interval)
      .add("sigma_min", options.sigma_min)
      .add("sigma_max", options.sigma_max)
      .add("seed", static_cast<int64_t>(options.seed));
  store::RunRecorder run(database, {"experiment", "manifold " + options.manifold.kind,
                                    command_line_of("experiment manifold", args), config.str(),
                                    JsonObject().add("sild", kVersion).str()});
  auto result = models::run_manifold_experiment(options);
  if (result.stopped) throw core::Interrupted();

  const auto results = core::write_manifold_results(result, options, out);
  std::cout << results.table;
  const auto& metrics = results.metrics;
  run.add_metrics(metrics, "1");
  store::record_run_file(database, run.id(), "results", "out", out);
  run.finish();
  spdlog::info("experiment manifold: results in {} (run {})", out, run.id());
  return 0;
}

}  // namespace

int run_experiment(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout
        << "usage: sild experiment manifold|scaling|sweep [options]\n\n"
           "  manifold  Stage 1 of the collapse-and-refine experiment on a mixture of Gaussians on a\n"
           "            k-dimensional manifold in R^d: Jacobian effective rank and normalised denoising\n"
           "            error over sigma, then Stage 2 and an ambient diffusion baseline compared with\n"
           "            fresh true samples (see 'sild experiment manifold --help').\n"
           "  scaling   the sample-complexity sweep: SiLD and the ambient baseline trained on n samples\n"
           "            in R^d for every n of --ns and d of --ds; Stage-2 error per (n, d), and how much\n"
           "            it moves with d (see 'sild experiment scaling --help').\n"
           "  sweep     the collapse sweep: the manifold experiment for every k, manifold kind, d and seed\n"
           "            of a grid, trained to convergence; one row of verdicts per cell (see\n"
           "            'sild experiment sweep --help').\n";
    return args.empty() ? 2 : 0;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "manifold") return run_manifold(rest);
  if (args[0] == "scaling") return run_scaling_experiment(rest);
  if (args[0] == "sweep") return run_sweep_experiment(rest);
  throw UsageError("sild experiment: unknown experiment '" + args[0] +
                   "' (expected 'manifold', 'scaling' or 'sweep')");
}

}  // namespace sild::cli
