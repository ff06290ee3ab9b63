// `sild report RUN_ID --output report.html` (see src/report/report.h).
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "src/cli/command.h"
#include "src/report/report.h"
#include "src/store/database.h"
#include "src/util/option_value.h"

namespace sild::cli {

int run_report(const std::vector<std::string>& args) {
  core::ReportOptions options;
  std::vector<int64_t> runs;
  std::string store_path = "sild.sqlite";
  po::options_description flags("report options");
  flags.add_options()("run", po::value(&runs)->required()->multitoken(),
                      "run id (any of train, generate, sample or eval: the report follows the store's "
                      "provenance to the others); several ids put their runs side by side")(
      "output,o", po::value(&options.output)->default_value("report.html"), "the HTML file to write")(
      "baselines", core::value_with_default(&options.baselines),
      "MOSES baseline rows: auto (only against a MOSES test set), always, never")(
      "molecules", core::value_with_default(&options.grid_molecules), "molecules drawn in the grid")(
      "reference-limit", core::value_with_default(&options.reference_limit),
      "reference molecules used for the property histograms")(
      "threads", core::value_with_default(&options.threads), "worker threads, 0 = all cores")(
      "store", core::value_with_default(&store_path), "results database");
  po::positional_options_description positional;
  positional.add("run", -1);
  po::variables_map values;
  if (!parse_command_line("report", "RUN_ID [RUN_ID...] [--output report.html] [options]", args, flags,
                          values, &positional)) {
    return 0;
  }
  options.run_id = runs.front();
  options.compare.assign(runs.begin() + 1, runs.end());
  if (options.grid_molecules < 0 || options.reference_limit < 0) {
    throw UsageError("--molecules and --reference-limit must be >= 0");
  }
  store::Database database(store_path);
  auto summary = core::write_report(database, options);
  spdlog::info(
      "report: run {}{} -> {} (train run {}, generation run {}, eval run {}; {} molecules drawn, {} "
      "reference "
      "molecules)",
      options.run_id,
      options.compare.empty() ? "" : fmt::format(" and {} more side by side", options.compare.size()),
      options.output, summary.train_run, summary.generate_run, summary.eval_run, summary.molecules_drawn,
      summary.reference_molecules);
  return 0;
}

}  // namespace sild::cli
