// `sild experiment scaling`: the (n, d) sweep of models/experiments/scaling_experiment.h as a command: a
// table on the terminal, scaling.csv, two SVG plots (error vs n for each d, both methods) and
// the store.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <map>
#include <optional>
#include <sstream>

#include "common/json.h"
#include "models/experiments/scaling_experiment.h"
#include "src/cli/experiment_flags.h"
#include "src/report/svg_plot.h"
#include "src/store/run_files.h"
#include "src/store/runs.h"
#include "src/util/interrupt.h"
#include "src/util/option_value.h"
#include "src/util/version.h"

namespace sild::cli {
namespace {

std::vector<int64_t> parse_sizes(const std::string& flag, const std::string& text) {
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
    if (used != item.size() || value < 1) {
      throw UsageError("--" + flag + ": '" + item + "' is not a positive whole number (write e.g. 8,32,128)");
    }
    out.push_back(value);
  }
  if (out.empty()) throw UsageError("--" + flag + " needs at least one value");
  return out;
}

/// One series per d and method: SiLD solid, the ambient baseline dashed, one colour per d.
std::string error_plot(const std::vector<models::ScalingCell>& cells, const std::vector<int64_t>& ds,
                       const std::string& title, const std::string& y_label,
                       double (*value)(const models::GenerationMeasurement&)) {
  static const char* kColors[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e",
                                  "#9467bd", "#8c564b", "#17becf"};
  std::vector<core::PlotSeries> series;
  for (size_t i = 0; i < ds.size(); ++i) {
    const std::string color = kColors[i % std::size(kColors)];
    core::PlotSeries sild{fmt::format("SiLD d={}", ds[i]), {}, {}, color, false};
    core::PlotSeries ambient{fmt::format("ambient d={}", ds[i]), {}, {}, color, true};
    for (const auto& cell : cells) {
      if (cell.d != ds[i]) continue;
      sild.x.push_back(static_cast<double>(cell.n));
      sild.y.push_back(value(cell.sild));
      ambient.x.push_back(static_cast<double>(cell.n));
      ambient.y.push_back(value(cell.ambient));
    }
    series.push_back(sild);
    series.push_back(ambient);
  }
  return core::line_plot_svg(series, {title, "training samples n", y_label, 560, 360, true, true, true});
}

}  // namespace

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
  options.ns = parse_sizes("ns", ns);
  options.ds = parse_sizes("ds", ds);
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

  std::filesystem::create_directories(out);
  std::string table =
      fmt::format("{:>6} {:>7} {:>11} {:>11} {:>11} {:>11} {:>10} {:>10}\n", "d", "n", "sild err",
                  "ambient err", "sild SW1", "amb. SW1", "sild dist", "amb. dist");
  std::string csv =
      "d,n,method,stage2_error,span_wasserstein,sliced_wasserstein,mmd,manifold_distance,weight_error,"
      "reconstruction_distance,seconds\n";
  std::map<std::string, std::optional<double>> metrics{{"seconds", result.seconds}};
  for (const auto& cell : result.cells) {
    table += fmt::format("{:>6} {:>7} {:>11.4f} {:>11.4f} {:>11.4f} {:>11.4f} {:>10.4f} {:>10.4f}\n", cell.d,
                         cell.n, models::stage2_error(cell.sild), models::stage2_error(cell.ambient),
                         cell.sild.span_wasserstein, cell.ambient.span_wasserstein,
                         cell.sild.manifold_distance, cell.ambient.manifold_distance);
    for (const auto& [method, m] :
         {std::pair<std::string, const models::GenerationMeasurement&>{"sild", cell.sild},
          {"ambient", cell.ambient},
          {"true", cell.reference}}) {
      csv += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", cell.d, cell.n, method,
                         models::stage2_error(m), m.span_wasserstein, m.sliced_wasserstein, m.mmd,
                         m.manifold_distance, m.weight_error, cell.reconstruction_distance, cell.seconds);
      if (method != "true")
        metrics[fmt::format("{}/stage2_error@n={},d={}", method, cell.n, cell.d)] = models::stage2_error(m);
    }
  }
  table += fmt::format("\n{:>7} {:>22} {:>22}\n", "n", "sild max/min over d", "ambient max/min over d");
  for (const auto& spread : models::dimension_spread(result.cells)) {
    table += fmt::format("{:>7} {:>22.2f} {:>22.2f}\n", spread.n, spread.sild, spread.ambient);
    metrics[fmt::format("sild/d_spread@n={}", spread.n)] = spread.sild;
    metrics[fmt::format("ambient/d_spread@n={}", spread.n)] = spread.ambient;
  }
  std::cout << table
            << fmt::format(
                   "stage-2 error = sliced W1 in the manifold's span + mean distance to the manifold "
                   "(true vs true: {:.4f}); {} cells in {:.1f} s\n",
                   models::stage2_error(result.cells.front().reference), result.cells.size(), result.seconds);
  const std::filesystem::path dir(out);
  write_text(dir / "scaling.csv", csv);
  const std::string what = fmt::format("{} k={}", base.manifold.kind, base.manifold.k);
  write_text(dir / "error_vs_n.svg", error_plot(result.cells, options.ds, "stage-2 error vs n (" + what + ")",
                                                "SW1 in span + dist to M", &models::stage2_error));
  write_text(
      dir / "distance_vs_n.svg",
      error_plot(result.cells, options.ds, "distance of samples to M vs n (" + what + ")", "mean dist to M",
                 [](const models::GenerationMeasurement& m) { return m.manifold_distance; }));
  run.add_metrics(metrics, "1");
  store::record_run_file(database, run.id(), "results", "out", out);
  run.finish();
  spdlog::info("experiment scaling: results in {} (run {})", out, run.id());
  return 0;
}

}  // namespace sild::cli
