// `sild experiment sweep`: the collapse sweep of models/experiments/sweep_experiment.h as a
// command: a table on the terminal, sweep.csv and the store.
#include <spdlog/spdlog.h>

#include <iostream>

#include "common/json.h"
#include "models/experiments/sweep_experiment.h"
#include "src/cli/experiment_flags.h"
#include "src/experiments/sweep_results.h"
#include "src/store/run_files.h"
#include "src/store/runs.h"
#include "src/util/interrupt.h"
#include "src/util/option_value.h"
#include "src/util/version.h"

namespace sild::cli {

int run_sweep_experiment(const std::vector<std::string>& args) {
  models::SweepExperimentOptions options;
  auto& base = options.base;
  // Budgets by convergence: the step counts are caps.
  base.steps = 12000;
  base.stage2_steps = 12000;
  base.plateau = {10, 0.01, 0.25};
  base.eval_interval = 200;
  std::string ks = "1,2,3,4", manifolds = "linear,sphere,torus", ds = "16,64,256", seeds = "0,1",
              out = "sweep-experiment", store_path = "sild.sqlite";
  po::options_description flags("experiment sweep options");
  flags.add_options()("ks", core::value_with_default(&ks), "intrinsic dimensions k, comma-separated")(
      "manifolds", core::value_with_default(&manifolds), "manifold kinds, comma-separated")(
      "ds", core::value_with_default(&ds), "ambient dimensions d, comma-separated")(
      "seeds", core::value_with_default(&seeds), "seeds (data, embedding and training), comma-separated");
  add_experiment_flags(flags, base, {"must be at least 1", "sweep.csv"}, out, store_path);
  po::variables_map values;
  if (!parse_command_line("experiment sweep",
                          "[--ks 1,2,3,4 --manifolds linear,sphere,torus --ds 16,64,256 --seeds 0,1 ...]",
                          args, flags, values)) {
    return 0;
  }
  for (const char* replaced : {"k", "manifold", "seed"}) {
    if (values.count(replaced) != 0 && !values[replaced].defaulted()) {
      throw UsageError(std::string("experiment sweep: --") + replaced + " is set per cell (use --" +
                       replaced + "s)");
    }
  }
  options.ks = parse_whole_numbers("ks", ks, 1);
  options.manifolds = parse_names("manifolds", manifolds, {"linear", "sphere", "torus"});
  options.ds = parse_whole_numbers("ds", ds, 1);
  options.seeds.clear();
  for (int64_t seed : parse_whole_numbers("seeds", seeds, 0))
    options.seeds.push_back(static_cast<uint64_t>(seed));
  base.should_stop = [] { return core::interrupted(); };
  options.on_cell_start = [](size_t index, size_t total, const models::ManifoldExperimentOptions& cell) {
    spdlog::info("experiment sweep: cell {}/{}: k={} {} d={} seed={}", index, total, cell.manifold.k,
                 cell.manifold.kind, cell.manifold.d, cell.seed);
  };
  store::Database database(store_path);
  JsonObject config;
  config.add("ks", ks)
      .add("manifolds", manifolds)
      .add("ds", ds)
      .add("seeds", seeds)
      .add("steps", base.steps)
      .add("stage2_steps", base.stage2_steps)
      .add("plateau_window", base.plateau.window)
      .add("plateau_tolerance", base.plateau.tolerance)
      .add("plateau_cooldown", base.plateau.cooldown)
      .add("eval_interval", base.eval_interval);
  store::RunRecorder run(database, {"experiment", "sweep", command_line_of("experiment sweep", args),
                                    config.str(), JsonObject().add("sild", kVersion).str()});
  auto result = models::run_sweep_experiment(options);
  if (result.stopped) throw core::Interrupted();

  const auto results = core::write_sweep_results(result, out);
  std::cout << results.table;
  run.add_metrics(results.metrics, "1");
  store::record_run_file(database, run.id(), "results", "out", out);
  run.finish();
  spdlog::info("experiment sweep: results in {} (run {})", out, run.id());
  return 0;
}

}  // namespace sild::cli
