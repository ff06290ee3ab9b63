// `sild generate`: a candidate library from a trained model (see src/molecules/generate.h), with a
// progress line, the library file, and its provenance and counts in the store.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/json.h"
#include "models/runtime.h"
#include "src/cli/command.h"
#include "src/molecules/generate.h"
#include "src/molecules/molecule_model.h"
#include "src/store/molecules.h"
#include "src/store/run_files.h"
#include "src/store/runs.h"
#include "src/util/interrupt.h"
#include "src/util/option_value.h"
#include "src/util/version.h"

namespace sild::cli {
namespace {

/// Mixes the user's seed with the batch number so every batch has its own noise.
uint64_t batch_seed(uint64_t seed, int64_t batch) {
  uint64_t x = seed + 0x9E3779B97F4A7C15ULL * static_cast<uint64_t>(batch + 1);
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return (x ^ (x >> 31)) & 0x7FFFFFFFFFFFFFFFULL;
}

}  // namespace

int run_generate(const std::vector<std::string>& args) {
  std::string model_dir, output, filter, store_path = "sild.sqlite", run_name, device = "auto", sampler;
  core::GenerateOptions options;
  uint64_t seed = 0;
  int64_t steps = 0;
  int threads = 0;
  po::options_description flags("generate options");
  flags.add_options()("model", po::value(&model_dir)->required(), "trained model directory")(
      "n,n", core::value_with_default(&options.count), "molecules wanted in the library")(
      "output,o", po::value(&output)->required(),
      "library file ('-' = standard output, as .smi): .smi (SMILES id), .csv (id,smiles,qed,sa,logp,mw) or "
      ".sdf (2D molblocks, properties as "
      "SD tags)")("unique", po::bool_switch(&options.unique),
                  "drop repeats of a molecule already in the library (canonical SMILES)")(
      "novel", po::bool_switch(&options.novel), "drop molecules of the training set")(
      "train", po::value(&options.train),
      "training molecules for --novel (default: the training file recorded in the model directory, else "
      "the novelty.bin an exported model carries)")(
      "filter", po::value(&filter),
      "property ranges, e.g. \"qed>=0.5,sa<=4,mw=200..500\" (properties: qed, sa, logp, mw; "
      "operators >=, >, <=, <, =X, =A..B)")(
      "moses-filters", po::bool_switch(&options.moses_filters),
      "keep only molecules passing MOSES's Filters (MCF, PAINS, atoms, rings, charges)")(
      "max-draws", core::value_with_default(&options.max_draws),
      "stop after this many sampled molecules even if the library is short (0 = 100 x n)")(
      "seed", core::value_with_default(&seed), "sampling seed: the same seed gives the same library")(
      "batch", core::value_with_default(&options.batch_size), "molecules sampled per batch")(
      "sampler", po::value(&sampler), "ddpm, ddim or heun (default: the model's)")(
      "steps", po::value(&steps), "sampler steps (default: the model's)")(
      "device", core::value_with_default(&device), "auto, cpu, cuda or cuda:N")(
      "threads", core::value_with_default(&threads), "torch and RDKit threads, 0 = all cores")(
      "store", core::value_with_default(&store_path), "results database")("run-name", po::value(&run_name),
                                                                          "name of the run in the store");
  po::variables_map values;
  if (!parse_command_line("generate", "--model DIR -n N --output LIB.(smi|csv|sdf) [options]", args, flags,
                          values)) {
    return 0;
  }
  if (options.count < 1 || options.batch_size < 1) throw UsageError("-n and --batch must be >= 1");
  if (options.max_draws < 0) throw UsageError("--max-draws must be >= 0");
  options.filters = core::parse_property_filter(filter);
  if (!options.novel && !options.train.empty()) {
    throw UsageError("--train names the molecules --novel drops; add --novel, or leave --train out");
  }
  if (options.novel && options.train.empty()) options.train = core::novelty_source(model_dir);
  options.threads = threads;
  {  // fail on a bad output name before sampling for minutes
    const std::string ext = std::filesystem::path(output).extension().string();
    if (output != AtomicFile::kStandardOutput && ext != ".smi" && ext != ".csv" && ext != ".sdf") {
      throw UsageError(
          fmt::format("--output {}: the library format follows the extension: .smi, .csv or .sdf ('-': .smi "
                      "to standard output)",
                      output));
    }
  }

  models::setup_runtime({"cpu", threads, seed});
  auto model = core::MoleculeModel::load(model_dir, device);
  core::SampleOptions sample;
  if (!sampler.empty()) sample.sampler = sampler;
  if (values.count("steps") != 0) sample.steps = steps;
  core::MoleculeSampler draw = [&](int64_t count, int64_t batch) {
    auto batch_options = sample;
    batch_options.count = count;
    batch_options.batch_size = count;
    batch_options.seed = batch_seed(seed, batch);
    return model.sample(batch_options);
  };

  std::string filters_text;
  for (const auto& range : options.filters)
    filters_text += (filters_text.empty() ? "" : ",") + range.to_string();
  JsonObject config;
  config.add("model", model_dir)
      .add("n", options.count)
      .add("seed", static_cast<int64_t>(seed))
      .add("unique", options.unique)
      .add("novel", options.novel)
      .add("train", options.train)
      .add("filter", filters_text)
      .add("moses_filters", options.moses_filters)
      .add("max_draws", options.max_draws)
      .add("output", output);
  store::Database database(store_path);
  store::RunRecorder run(database,
                         {"generate", run_name.empty() ? output : run_name, command_line_of("generate", args),
                          config.str(), JsonObject().add("sild", kVersion).str()});

  const auto start = std::chrono::steady_clock::now();
  auto last = start - std::chrono::seconds(10);
  options.progress = [&](const core::GenerateCounts& counts) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last < std::chrono::seconds(2) && counts.accepted < options.count) return;
    last = now;
    const double seconds = std::chrono::duration<double>(now - start).count();
    spdlog::info("generate: {}/{} accepted, {} drawn, acceptance {:.1f}%, {:.0f} draws/s", counts.accepted,
                 options.count, counts.drawn, 100.0 * counts.acceptance_rate(),
                 seconds > 0 ? static_cast<double>(counts.drawn) / seconds : 0.0);
  };
  options.should_stop = [] { return core::interrupted(); };
  auto result = core::generate_library(options, draw);
  const auto& counts = result.counts;
  if (result.stopped) throw core::Interrupted();
  core::write_library(output, result.library);

  std::vector<std::string> smiles;
  std::vector<std::optional<chem::MolProperties>> properties;
  for (const auto& entry : result.library) {
    smiles.push_back(entry.smiles);
    properties.emplace_back(entry.properties);
  }
  store::store_molecules(database, run.id(), smiles, properties);
  store::record_run_file(database, run.id(), "model", "in", model_dir);
  if (options.novel) store::record_run_file(database, run.id(), "train", "in", options.train);
  store::record_run_file(database, run.id(), "library", "out", output);
  run.add_metrics({{"drawn", static_cast<double>(counts.drawn)},
                   {"accepted", static_cast<double>(counts.accepted)},
                   {"acceptance_rate", counts.acceptance_rate()},
                   {"rejected/invalid", static_cast<double>(counts.invalid)},
                   {"rejected/duplicate", static_cast<double>(counts.duplicate)},
                   {"rejected/in_training_set", static_cast<double>(counts.known)},
                   {"rejected/moses_filters", static_cast<double>(counts.moses_filtered)},
                   {"rejected/property_filter", static_cast<double>(counts.property_filtered)}},
                  "1");
  const std::string summary = fmt::format(
      "{} of {} molecules from {} draws (acceptance {:.1f}%); rejected: {} invalid, {} duplicate, "
      "{} in the training set, {} MOSES filters, {} property filter",
      counts.accepted, options.count, counts.drawn, 100.0 * counts.acceptance_rate(), counts.invalid,
      counts.duplicate, counts.known, counts.moses_filtered, counts.property_filtered);
  if (result.budget_exhausted) {
    run.finish("finished", "draw budget spent: " + summary);
    spdlog::warn(
        "generate: the draw budget ({} draws) is spent with only {} of {} molecules; the library is short "
        "(hint: raise --max-draws or relax the filters)",
        counts.drawn, counts.accepted, options.count);
  } else {
    run.finish("finished", summary);
  }
  spdlog::info("generate: {} -> {} (run {})", summary, output, run.id());
  return 0;
}

}  // namespace sild::cli
