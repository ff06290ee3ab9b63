// `sild experiment scaling`: the (n, d) sweep of models/experiments/scaling_experiment.h as a command: a
// table on the terminal, scaling.csv, two SVG plots (error vs n for each d, both methods) and
// the store.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <map>
#include <optional>

#include "common/json.h"
#include "models/experiments/scaling_experiment.h"
#include "src/cli/experiment_flags.h"
#include "src/experiments/scaling_results.h"
#include "src/store/run_files.h"
#include "src/store/runs.h"
#include "src/util/interrupt.h"
#include "src/util/option_value.h"
#include "src/util/version.h"

namespace sild::cli {
int run_scaling_experiment(const std::vector<std::string>& args) {
  models::ScalingExperimentOptions options;
  auto& base = options.base;
  base.steps = 1500;
  base.stage2_steps = 1500;
  base.hidden = 128;
  base.stage2_hidden = 128;
  base.samples = 4000;
  std::string ns = "64,256,1024,4096,16384", ds = "8,32,128,512", out = "scaling-experiment",
              store_path = "sild.sqlite";
  po::options_description flags("experiment scaling options");
  flags.add_options()("ns", core::value_with_default(&ns), "training-set sizes n, comma-separated")(
      "ds", core::value_with_default(&ds), "ambient dimensions d, comma-separated");
  add_experiment_flags(flags, base, {"must be at least 1", "scaling.csv and the SVG plots"}, out, store_path);
  po::variables_map values;
  if (!parse_command_line("experiment scaling",
                          "[--k K --manifold linear|sphere|torus --ns 256,1024 --ds 8,32 ...]", args, flags,
                          values)) {
    return 0;
  }
  options.ns = parse_whole_numbers("ns", ns, 1);
  options.ds = parse_whole_numbers("ds", ds, 1);
  base.stage2_hidden = base.hidden;
  base.manifold.seed = base.seed;
  base.should_stop = [] { return core::interrupted(); };
  const size_t total = options.ns.size() * options.ds.size();
  size_t started = 0;
  options.on_cell_start = [&](int64_t n, int64_t d) {
    spdlog::info("experiment scaling: cell {}/{}: n={} d={}", ++started, total, n, d);
  };
  store::Database database(store_path);
  JsonObject config;
  config.add("manifold", base.manifold.kind)
      .add("k", base.manifold.k)
      .add("ns", ns)
      .add("ds", ds)
      .add("steps", base.steps)
      .add("stage2_steps", base.stage2_steps)
      .add("hidden", base.hidden)
      .add("latent", base.latent)
      .add("seed", static_cast<int64_t>(base.seed));
  store::RunRecorder run(
      database, {"experiment", "scaling " + base.manifold.kind, command_line_of("experiment scaling", args),
                 config.str(), JsonObject().add("sild", kVersion).str()});
  auto result = models::run_scaling_experiment(options);
  if (result.stopped) throw core::Interrupted();

  const auto results = core::write_scaling_results(result, options, out);
  std::cout << results.table;
  const auto& metrics = results.metrics;
  run.add_metrics(metrics, "1");
  store::record_run_file(database, run.id(), "results", "out", out);
  run.finish();
  spdlog::info("experiment scaling: results in {} (run {})", out, run.id());
  return 0;
}

}  // namespace sild::cli
