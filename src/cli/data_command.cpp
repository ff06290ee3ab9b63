// `sild data prepare`: flags -> core::PrepareOptions -> core::prepare_dataset, recorded in the store.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>

#include "src/cli/command.h"
#include "src/dataset_prepare.h"
#include "src/store/datasets.h"

namespace sild::cli {

int run_data(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout << "usage: sild data prepare --input FILE --name NAME [options]\n\n"
                 "  prepare   canonicalise, de-duplicate, filter and split a molecule file into\n"
                 "            DATASETS/NAME/{train,test,test_scaffolds}.smi (see 'sild data prepare --help')\n";
    return args.empty() ? 2 : 0;
  }
  if (args[0] != "prepare") throw UsageError("sild data: unknown action '" + args[0] + "' (expected 'prepare')");
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  core::PrepareOptions options;
  std::string split = "scaffold", store_path = "sild.sqlite";
  po::options_description flags("data prepare options");
  flags.add_options()
      ("input,i", po::value(&options.input)->required(), "molecules: .smi/.csv, .gz accepted")
      ("name", po::value(&options.name)->required(), "dataset name (a directory under --datasets)")
      ("datasets", po::value(&options.datasets_dir)->default_value(options.datasets_dir), "where datasets are written")
      ("smiles-column", po::value(&options.smiles_column)->default_value(options.smiles_column), "SMILES column for CSV input")
      ("split", po::value(&split)->default_value(split), "scaffold (train/test/test_scaffolds, MOSES-style) or random (train/test)")
      ("test-fraction", po::value(&options.test_fraction)->default_value(options.test_fraction), "share of the remaining molecules put in test.smi")
      ("scaffold-fraction", po::value(&options.scaffold_fraction)->default_value(options.scaffold_fraction), "share of molecules in test_scaffolds.smi (whole scaffolds held out)")
      ("moses-filters", po::bool_switch(&options.moses_filters), "drop molecules that fail the MOSES filters")
      ("seed", po::value(&options.seed)->default_value(options.seed), "split seed (the split is a pure function of it and the molecules)")
      ("threads", po::value(&options.threads)->default_value(options.threads), "worker threads, 0 = all cores")
      ("store", po::value(&store_path)->default_value(store_path), "results database");
  po::variables_map values;
  if (!parse_command_line("data prepare", "--input FILE --name NAME [options]", rest, flags, values)) return 0;
  try {
    options.split = core::split_kind_from_string(split);
  } catch (const std::exception& error) {
    throw UsageError(error.what());
  }
  auto report = core::prepare_dataset(options);
  std::cout << fmt::format(
      "dataset {} in {}\n  lines read       {}\n  kept             {}\n  skipped: empty   {}\n"
      "  skipped: broken  {}\n  skipped: unparsable {}\n  skipped: duplicate  {}\n  skipped: filtered   {}\n"
      "  train            {}\n  test             {}\n  test_scaffolds   {}\n  scaffolds        {}\n",
      options.name, report.directory, report.lines, report.kept, report.empty, report.broken, report.unparsable,
      report.duplicate, report.filtered, report.train, report.test, report.test_scaffolds, report.scaffolds);
  store::Database database(store_path);
  std::vector<store::SplitRecord> splits{{"train", report.directory + "/train.smi", report.train},
                                         {"test", report.directory + "/test.smi", report.test}};
  if (options.split == core::SplitKind::kScaffold) {
    splits.push_back({"test_scaffolds", report.directory + "/test_scaffolds.smi", report.test_scaffolds});
  }
  store::record_dataset(database, options.name, options.input,
                        fmt::format("{{\"split\": \"{}\", \"test_fraction\": {}, \"scaffold_fraction\": {}, "
                                    "\"moses_filters\": {}, \"seed\": {}}}",
                                    split, options.test_fraction, options.scaffold_fraction,
                                    options.moses_filters ? "true" : "false", options.seed),
                        report.counts_json(), splits);
  return 0;
}

}  // namespace sild::cli
