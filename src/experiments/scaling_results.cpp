// The scaling sweep's result files and table (see scaling_results.h).
#include "src/experiments/scaling_results.h"

#include <fmt/format.h>

#include <filesystem>
#include <iterator>

#include "common/csv_writer.h"
#include "src/report/svg_plot.h"

namespace sild::core {
namespace {

/// One series per d and method: SiLD solid, the ambient baseline dashed, one colour per d.
std::string error_plot(const std::vector<models::ScalingCell>& cells, const std::vector<int64_t>& ds,
                       const std::string& title, const std::string& y_label,
                       double (*value)(const models::GenerationMeasurement&)) {
  static const char* kColors[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e",
                                  "#9467bd", "#8c564b", "#17becf"};
  std::vector<PlotSeries> series;
  for (size_t i = 0; i < ds.size(); ++i) {
    const std::string color = kColors[i % std::size(kColors)];
    PlotSeries sild{fmt::format("SiLD d={}", ds[i]), {}, {}, color, false};
    PlotSeries ambient{fmt::format("ambient d={}", ds[i]), {}, {}, color, true};
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
  return line_plot_svg(series, {title, "training samples n", y_label, 560, 360, true, true, true});
}

}  // namespace

ExperimentResults write_scaling_results(const models::ScalingExperimentResult& result,
                                        const models::ScalingExperimentOptions& options,
                                        const std::string& out) {
  std::filesystem::create_directories(out);
  ExperimentResults results;
  std::string table =
      fmt::format("{:>6} {:>7} {:>11} {:>11} {:>11} {:>11} {:>10} {:>10}\n", "d", "n", "sild err",
                  "ambient err", "sild SW1", "amb. SW1", "sild dist", "amb. dist");
  std::string csv =
      "d,n,method,stage2_error,span_wasserstein,sliced_wasserstein,mmd,manifold_distance,weight_error,"
      "reconstruction_distance,seconds\n";
  auto& metrics = results.metrics;
  metrics["seconds"] = result.seconds;
  for (const auto& cell : result.cells) {
    table += fmt::format("{:>6} {:>7} {:>11.4f} {:>11.4f} {:>11.4f} {:>11.4f} {:>10.4f} {:>10.4f}\n", cell.d,
                         cell.n, models::stage2_error(cell.sild), models::stage2_error(cell.ambient),
                         cell.sild.span_wasserstein, cell.ambient.span_wasserstein,
                         cell.sild.manifold_distance, cell.ambient.manifold_distance);
    for (const auto& [method, m] :
         {std::pair<std::string, const models::GenerationMeasurement&>{"sild", cell.sild},
          {"ambient", cell.ambient},
          {"true", cell.reference}}) {
      csv += csv_row({fmt::format("{}", cell.d), fmt::format("{}", cell.n), method,
                      fmt::format("{}", models::stage2_error(m)), fmt::format("{}", m.span_wasserstein),
                      fmt::format("{}", m.sliced_wasserstein), fmt::format("{}", m.mmd),
                      fmt::format("{}", m.manifold_distance), fmt::format("{}", m.weight_error),
                      fmt::format("{}", cell.reconstruction_distance), fmt::format("{}", cell.seconds)});
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
  table += fmt::format(
      "stage-2 error = sliced W1 in the manifold's span + mean distance to the manifold "
      "(true vs true: {:.4f}); {} cells in {:.1f} s\n",
      models::stage2_error(result.cells.front().reference), result.cells.size(), result.seconds);
  const std::filesystem::path dir(out);
  write_text(dir / "scaling.csv", csv);
  const std::string what = fmt::format("{} k={}", options.base.manifold.kind, options.base.manifold.k);
  write_text(dir / "error_vs_n.svg", error_plot(result.cells, options.ds, "stage-2 error vs n (" + what + ")",
                                                "SW1 in span + dist to M", &models::stage2_error));
  write_text(
      dir / "distance_vs_n.svg",
      error_plot(result.cells, options.ds, "distance of samples to M vs n (" + what + ")", "mean dist to M",
                 [](const models::GenerationMeasurement& m) { return m.manifold_distance; }));
  results.table = table;
  return results;
}

}  // namespace sild::core
