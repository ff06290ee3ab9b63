// `sild props`: flags -> core::PropsOptions -> core::compute_props_file.
#include <spdlog/spdlog.h>

#include "src/cli/command.h"
#include "src/molecules/props.h"
#include "src/util/option_value.h"

namespace sild::cli {

int run_props(const std::vector<std::string>& args) {
  core::PropsOptions options;
  po::options_description flags("props options");
  flags.add_options()(
      "input,i", po::value(&options.input)->required(),
      "input file: .smi/.txt (first field per line) or .csv with a SMILES column; .gz accepted")(
      "output,o", po::value(&options.output)->required(),
      "output CSV with columns smiles,valid,qed,sa,logp,mw in input order (written atomically)")(
      "smiles-column", core::value_with_default(&options.smiles_column),
      "column to read when the input is CSV")(
      "sa-fragments", po::value(&options.sa_fragment_table),
      "SA-score fragment table fpscores.pkl.gz (default: the one in Debian's rdkit-data)")(
      "threads", core::value_with_default(&options.threads), "worker threads, 0 = all cores")(
      "max-warnings", core::value_with_default(&options.max_warnings),
      "per-line warnings to print before only counting");
  add_max_smiles_length(flags, &options.max_smiles_length);
  po::variables_map values;
  if (!parse_command_line("props", "--input IN --output OUT.csv [options]", args, flags, values)) return 0;
  if (options.threads < 0) throw UsageError("--threads must be >= 0");
  auto report = core::compute_props_file(options);
  spdlog::info("props: {} molecules, {} valid, {} invalid, {} empty -> {}", report.lines, report.valid,
               report.invalid, report.empty, options.output);
  return 0;
}

}  // namespace sild::cli
