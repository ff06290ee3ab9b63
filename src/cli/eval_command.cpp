// `sild eval`: flags -> core::EvalOptions -> core::evaluate, printed, written as JSON and stored.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>

#include "chem/moses_metrics.h"
#include "common/atomic_file.h"
#include "common/json.h"
#include "src/cli/command.h"
#include "src/molecules/evaluate.h"
#include "src/store/run_files.h"
#include "src/store/runs.h"
#include "src/util/option_value.h"
#include "src/util/version.h"

namespace sild::cli {

int run_eval(const std::vector<std::string>& args) {
  core::EvalOptions options;
  std::string json, store_path = "sild.sqlite", run_name;
  po::options_description flags("eval options");
  flags.add_options()("generated", po::value(&options.generated)->required(),
                      "generated molecules, one per line (invalid ones count)")(
      "train", po::value(&options.train), "training molecules (enables Novelty)")(
      "test", po::value(&options.test), "test molecules (SNN, Frag, Scaf, property distances)")(
      "test-scaffolds", po::value(&options.test_scaffolds), "scaffold test split (the /TestSF metrics)")(
      "dataset", po::value<std::string>(),
      "a prepared dataset: its name under --datasets, or its directory; uses its train.smi, test.smi, "
      "test_scaffolds.smi")("datasets", po::value<std::string>()->default_value("datasets"),
                            "where prepared datasets live")(
      "smiles-column", core::value_with_default(&options.smiles_column), "SMILES column for CSV input")(
      "chemnet", po::value(&options.chemnet),
      "ChemNet weight file for FCD (default: $SILD_CHEMNET, else ~/.local/share/sild/chemnet.safetensors "
      "when present; see README, FCD)")(
      "no-guacamol",
      "skip GuacaMol's distribution-learning scores (computed when training molecules are given)")(
      "guacamol-samples", core::value_with_default(&options.guacamol_samples),
      "GuacaMol's number of samples (capped at the generated count)")("json", po::value(&json),
                                                                      "also write the metrics as JSON here")(
      "threads", core::value_with_default(&options.threads), "worker threads, 0 = all cores")(
      "store", core::value_with_default(&store_path), "results database (caches reference statistics)")(
      "run-name", po::value(&run_name), "name of the run in the store");
  po::variables_map values;
  if (!parse_command_line("eval", "--generated GEN (--test X [--train T --test-scaffolds Y] | --dataset DIR)",
                          args, flags, values)) {
    return 0;
  }
  if (values.count("no-guacamol") != 0) options.guacamol = false;
  if (values.count("dataset") != 0) {
    const std::string dataset = values["dataset"].as<std::string>();
    const std::string named = values["datasets"].as<std::string>() + "/" + dataset;
    const bool by_name = !std::filesystem::is_directory(dataset) && std::filesystem::is_directory(named);
    if (!by_name && !std::filesystem::is_directory(dataset)) {
      throw UsageError(
          fmt::format("no dataset '{}': neither a directory nor {} (hint: 'sild data prepare' or "
                      "'sild data download' makes one)",
                      dataset, named));
    }
    const std::string dir = by_name ? named : dataset;
    // An explicit split flag wins over the dataset's file; say so rather than choose silently.
    for (const auto& [flag, given] : {std::pair<const char*, const std::string*>{"--test", &options.test},
                                      {"--train", &options.train},
                                      {"--test-scaffolds", &options.test_scaffolds}}) {
      if (!given->empty())
        spdlog::info("eval: {} {} is used instead of the dataset's own split", flag, *given);
    }
    if (options.test.empty()) options.test = dir + "/test.smi";
    if (options.train.empty()) options.train = dir + "/train.smi";
    // a random split, or a publisher's (GuacaMol) without one, has no test_scaffolds.smi: no /TestSF metrics
    if (options.test_scaffolds.empty() && std::filesystem::exists(dir + "/test_scaffolds.smi")) {
      options.test_scaffolds = dir + "/test_scaffolds.smi";
    }
  }
  if (options.test.empty()) throw UsageError("sild eval: --test or --dataset is required");
  store::Database database(store_path);
  JsonObject config;
  config.add("generated", options.generated)
      .add("train", options.train)
      .add("test", options.test)
      .add("test_scaffolds", options.test_scaffolds)
      .add("chemnet", options.chemnet);
  store::RunRecorder run(
      database,
      {"eval", run_name.empty() ? options.generated : run_name, command_line_of("eval", args), config.str(),
       JsonObject().add("sild", kVersion).add("metrics", chem::kMosesMetricsVersion).str()});
  auto result = core::evaluate(options, &database);
  std::cout << core::metrics_table(result);
  if (!json.empty()) {
    AtomicFile file(json);
    file.stream() << core::metrics_json(result);
    file.commit();
  }
  std::map<std::string, std::optional<double>> metrics(result.metrics.begin(), result.metrics.end());
  run.add_metrics(metrics, chem::kMosesMetricsVersion);
  store::record_run_file(database, run.id(), "generated", "in", options.generated);
  store::record_run_file(database, run.id(), "test", "in", options.test);
  if (!options.train.empty()) store::record_run_file(database, run.id(), "train", "in", options.train);
  if (!options.test_scaffolds.empty()) {
    store::record_run_file(database, run.id(), "test_scaffolds", "in", options.test_scaffolds);
  }
  run.finish();
  spdlog::info("eval: {} generated molecules, run {} in {}", result.generated, run.id(), store_path);
  return 0;
}

}  // namespace sild::cli
