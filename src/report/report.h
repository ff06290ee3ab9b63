// `sild report`: one self-contained HTML file about a run and the runs it is connected to
// through the store's provenance (train -> generate/sample -> eval): the metrics table with
// the published MOSES baselines where comparable, a grid of sampled molecules drawn by RDKit,
// property histograms against the reference set, the training curves of both stages, and every
// run's command line, configuration and files; or several runs side by side (a library from a
// pretrained model next to one from its fine-tuned copy). No network, no external scripts or fonts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sild::store {
class Database;
}

namespace sild::core {

struct ReportOptions {
  int64_t run_id = 0;
  /// More runs shown side by side with run_id's (a column each, every one with its own chain):
  /// molecule grids next to each other, one metrics table with a column per run, the property
  /// histograms overlaid. Empty: the one-run report.
  std::vector<int64_t> compare;
  std::string output;              ///< the HTML file, written atomically
  std::string baselines = "auto";  ///< auto (only for a MOSES test set) | always | never
  int64_t grid_molecules = 24;     ///< molecules drawn in the grid
  int64_t reference_limit =
      5000;  ///< reference molecules read when `sild eval` cached no statistics for the file
  int threads = 0;
};

struct ReportSummary {
  int64_t train_run = 0;     ///< 0 where the chain has no such run
  int64_t generate_run = 0;  ///< a generate or sample run
  int64_t eval_run = 0;
  int64_t molecules_drawn = 0;      ///< in the grid
  int64_t reference_molecules = 0;  ///< in the histograms
  bool baselines_shown = false;
  int64_t columns = 1;  ///< runs side by side (1 + compare.size())
};

/// Writes the report; the summary's run ids are run_id's chain, molecules_drawn counts every
/// column. Throws InputError when a run does not exist.
ReportSummary write_report(store::Database& database, const ReportOptions& options);

}  // namespace sild::core
