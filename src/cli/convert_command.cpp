// `sild convert`: flags -> core::ConvertOptions -> core::convert_file.
#include <spdlog/spdlog.h>

#include "src/cli/command.h"
#include "src/molecules/convert.h"
#include "src/util/option_value.h"

namespace sild::cli {

namespace {

chem::SelfiesConstraints constraints_from_string(const std::string& name) {
  if (name == "default") return chem::SelfiesConstraints::kDefault;
  if (name == "octet_rule") return chem::SelfiesConstraints::kOctetRule;
  if (name == "hypervalent") return chem::SelfiesConstraints::kHypervalent;
  throw UsageError("--constraints must be default, octet_rule or hypervalent, not '" + name + "'");
}

}  // namespace

int run_convert(const std::vector<std::string>& args) {
  core::ConvertOptions options;
  std::string to;
  std::string constraints = "default";
  po::options_description flags("convert options");
  flags.add_options()("to", po::value(&to)->required(), "target representation: selfies or smiles")(
      "input,i", po::value(&options.input)->required(),
      "input file, one molecule per line (.smi/.txt, first field) or .csv with a SMILES column; .gz "
      "accepted")("output,o", po::value(&options.output)->required(),
                  "output file: one line per input line, empty where a molecule fails (written atomically)")(
      "smiles-column", core::value_with_default(&options.smiles_column),
      "column to read when the input is CSV")(
      "constraints", core::value_with_default(&constraints),
      "SELFIES bonding constraints: default, octet_rule or hypervalent (selfies 2.2 presets)")(
      "max-warnings", core::value_with_default(&options.max_warnings),
      "per-line warnings to print before only counting");
  add_max_smiles_length(flags, &options.max_smiles_length);
  po::variables_map values;
  if (!parse_command_line("convert", "--to selfies|smiles --input IN --output OUT [options]", args, flags,
                          values)) {
    return 0;
  }
  try {
    options.to = core::convert_target_from_string(to);
  } catch (const std::exception& error) {
    throw UsageError(error.what());
  }
  options.selfies.constraints = constraints_from_string(constraints);
  auto report = core::convert_file(options);
  spdlog::info("convert: {} lines, {} converted, {} failed, {} empty -> {}", report.lines, report.converted,
               report.failed, report.empty, options.output);
  return 0;
}

}  // namespace sild::cli
