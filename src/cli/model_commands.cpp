// `sild sample`, `sild reconstruct`, `sild encode` and `sild decode`: use a trained model directory.
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include <filesystem>

#include "chem/mol_io.h"
#include "common/atomic_file.h"
#include "common/csv_writer.h"
#include "common/errors.h"
#include "common/json.h"
#include "data/molecule_reader.h"
#include "models/runtime.h"
#include "src/cli/command.h"
#include "src/molecules/latent_table.h"
#include "src/molecules/model_export.h"
#include "src/molecules/molecule_model.h"
#include "src/store/molecules.h"
#include "src/store/run_files.h"
#include "src/store/runs.h"
#include "src/util/interrupt.h"
#include "src/util/option_value.h"
#include "src/util/version.h"

namespace sild::cli {
namespace {

struct MoleculeLine {
  long line;
  std::string smiles;
};

std::vector<MoleculeLine> read_input(const std::string& path, const std::string& column,
                                     size_t max_smiles_length) {
  core::MoleculeReader reader({path, column, {}, max_smiles_length});
  core::MoleculeRecord record;
  std::vector<MoleculeLine> lines;
  int64_t broken = 0;
  while (reader.next(record)) {
    core::check_interrupted();
    if (record.error && ++broken <= 20) spdlog::warn("{}", located(path, record.line, *record.error));
    lines.push_back({record.line, record.error ? std::string() : record.smiles});
  }
  if (broken > 20) spdlog::warn("{} more broken lines not shown", broken - 20);
  return lines;
}

/// `sample` writes SMILES, one per line: refuse names that promise another format.
void require_smiles_output(const std::string& path) {
  if (path == AtomicFile::kStandardOutput) return;
  const std::string extension = std::filesystem::path(path).extension().string();
  if (extension == ".smi" || extension == ".txt" || extension.empty()) return;
  throw UsageError("sild sample: --output '" + path +
                   "': sample writes plain SMILES (.smi or .txt, '-' for standard output); "
                   "for .csv or .sdf libraries with properties use 'sild generate'");
}

}  // namespace

int run_sample(const std::vector<std::string>& args) {
  std::string model_dir, output, store_path = "sild.sqlite", run_name, device = "auto", sampler, latents_path;
  core::SampleOptions options;
  int64_t steps = 0;
  double eta = -1;
  int threads = 0;
  po::options_description flags("sample options");
  flags.add_options()("model", po::value(&model_dir)->required(), "trained model directory")(
      "n,n", core::value_with_default(&options.count), "number of molecules to sample")(
      "output,o", po::value(&output)->required(),
      "output .smi: one SMILES per line (empty where decoding failed); - for standard output")(
      "sampler", po::value(&sampler), "ddpm, ddim or heun (default: the model's)")(
      "steps", po::value(&steps), "sampler steps (default: the model's)")(
      "eta", po::value(&eta), "DDIM eta in [0, 1]")("seed", core::value_with_default(&options.seed),
                                                    "sampling seed")(
      "batch", core::value_with_default(&options.batch_size), "molecules per sampling batch")(
      "latents", po::value(&latents_path),
      "also write each sample's latent (before G) as CSV, in encode's layout (line,smiles,z0..), "
      "for 'sild decode' or analysis")("device", core::value_with_default(&device),
                                       "auto, cpu, cuda or cuda:N")(
      "threads", core::value_with_default(&threads), "torch threads, 0 = all cores")(
      "store", core::value_with_default(&store_path), "results database")("run-name", po::value(&run_name),
                                                                          "name of the run in the store");
  po::variables_map values;
  if (!parse_command_line("sample", "--model DIR -n N --output OUT.smi [options]", args, flags, values))
    return 0;
  if (options.count < 1 || options.batch_size < 1) throw UsageError("-n and --batch must be >= 1");
  require_smiles_output(output);
  if (values.count("eta") != 0 && sampler == "ddpm")
    throw UsageError("sild sample: --eta applies to the DDIM sampler only, not ddpm");
  options.should_stop = core::interrupted;
  if (!sampler.empty()) options.sampler = sampler;
  if (values.count("steps") != 0) options.steps = steps;
  if (values.count("eta") != 0) options.eta = eta;
  models::setup_runtime({"cpu", threads, options.seed});
  auto model = core::MoleculeModel::load(model_dir, device);

  store::Database database(store_path);
  store::RunRecorder run(database,
                         {"sample", run_name.empty() ? model_dir : run_name, command_line_of("sample", args),
                          JsonObject()
                              .add("model", model_dir)
                              .add("n", options.count)
                              .add("seed", static_cast<int64_t>(options.seed))
                              .str(),
                          JsonObject().add("sild", kVersion).str()});
  at::Tensor latents;
  auto smiles = model.sample(options, nullptr, latents_path.empty() ? nullptr : &latents);
  AtomicFile file(output);
  for (const auto& s : smiles) file.stream() << s << '\n';
  file.commit();
  if (!latents_path.empty()) {
    std::vector<long> numbers(smiles.size());
    for (size_t i = 0; i < numbers.size(); ++i) numbers[i] = static_cast<long>(i + 1);
    latents = latents.contiguous();
    core::write_latent_table(latents_path, numbers, smiles, latents.data_ptr<float>(), latents.size(1));
  }
  auto stored = store::store_molecules(database, run.id(), smiles);
  store::record_run_file(database, run.id(), "model", "in", model_dir);
  store::record_run_file(database, run.id(), "samples", "out", output);
  run.add_metrics({{"valid", static_cast<double>(stored.valid) / static_cast<double>(smiles.size())}}, "1");
  run.finish();
  spdlog::info("sample: {} molecules, {} valid ({:.1f}%) -> {} (run {})", smiles.size(), stored.valid,
               100.0 * static_cast<double>(stored.valid) / static_cast<double>(smiles.size()), output,
               run.id());
  return 0;
}

int run_export(const std::vector<std::string>& args) {
  core::ExportOptions options;
  bool no_novelty = false;
  po::options_description flags("export options");
  flags.add_options()("model", po::value(&options.model)->required(), "finished model directory")(
      "out", po::value(&options.out)->required(), "new directory for the exported model (must not exist)")(
      "half", po::bool_switch(&options.half),
      "store the network weights as float16: half the size, samples differ by rounding only")(
      "no-novelty", po::bool_switch(&no_novelty),
      "leave out novelty.bin (hashes of the training set's canonical SMILES, for generate --novel)")(
      "threads", core::value_with_default(&options.threads), "threads for canonicalising, 0 = all cores");
  po::variables_map values;
  if (!parse_command_line("export", "--model DIR --out NEW_DIR [--half]", args, flags, values)) return 0;
  options.novelty = !no_novelty;
  const auto summary = core::export_model(options);
  spdlog::info(
      "export: {} -> {} ({:.1f} MB{}; no training state: checkpoints and the training-file record stay)",
      options.model, options.out, static_cast<double>(summary.bytes) / 1e6,
      options.half ? ", float16 weights" : "");
  if (summary.novelty_molecules > 0) {
    spdlog::info("export: novelty.bin holds {} training molecules from {} (generate --novel uses it)",
                 summary.novelty_molecules, summary.novelty_source);
  } else if (options.novelty) {
    spdlog::warn(
        "export: no novelty.bin: the model's training file is not there; generate --novel will need --train");
  }
  return 0;
}

int run_reconstruct(const std::vector<std::string>& args) {
  std::string model_dir, input, output, column = "smiles", device = "auto";
  int threads = 0;
  size_t max_smiles_length = 1000;
  po::options_description flags("reconstruct options");
  flags.add_options()("model", po::value(&model_dir)->required(), "trained model directory")(
      "input,i", po::value(&input)->required(), "molecules (.smi/.csv, .gz accepted)")(
      "output,o", po::value(&output)->required(),
      "CSV: line,input,reconstruction,exact (canonical SMILES equal)")(
      "smiles-column", core::value_with_default(&column), "SMILES column for CSV input")(
      "device", core::value_with_default(&device), "auto, cpu, cuda or cuda:N")(
      "threads", core::value_with_default(&threads), "torch threads, 0 = all cores");
  add_max_smiles_length(flags, &max_smiles_length);
  po::variables_map values;
  if (!parse_command_line("reconstruct", "--model DIR --input IN --output OUT.csv", args, flags, values))
    return 0;
  models::setup_runtime({"cpu", threads, 0});
  auto model = core::MoleculeModel::load(model_dir, device);
  auto lines = read_input(input, column, max_smiles_length);
  std::vector<std::string> smiles;
  for (const auto& line : lines) smiles.push_back(line.smiles);
  auto reconstructed = model.reconstruct(smiles, core::interrupted);
  AtomicFile file(output);
  write_csv_row(file.stream(), {"line", "input", "reconstruction", "exact"});
  int64_t exact = 0, usable = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    bool same = false;
    if (reconstructed[i]) {
      ++usable;
      auto a = chem::canonical_smiles(smiles[i]);
      auto b = chem::canonical_smiles(*reconstructed[i]);
      same = a && b && *a == *b;
      exact += same ? 1 : 0;
    }
    write_csv_row(file.stream(), {std::to_string(lines[i].line), smiles[i], reconstructed[i].value_or(""),
                                  same ? "1" : "0"});
  }
  file.commit();
  spdlog::info("reconstruct: {} molecules, {} representable, {} exact ({:.1f}%) -> {}", lines.size(), usable,
               exact, usable > 0 ? 100.0 * static_cast<double>(exact) / static_cast<double>(usable) : 0.0,
               output);
  return 0;
}

int run_encode(const std::vector<std::string>& args) {
  std::string model_dir, input, output, column = "smiles", device = "auto";
  int threads = 0;
  size_t max_smiles_length = 1000;
  po::options_description flags("encode options");
  flags.add_options()("model", po::value(&model_dir)->required(), "trained model directory")(
      "input,i", po::value(&input)->required(), "molecules (.smi/.csv, .gz accepted)")(
      "output,o", po::value(&output)->required(),
      "CSV: line,smiles,z0..z{m*c-1} (empty latents where not representable)")(
      "smiles-column", core::value_with_default(&column), "SMILES column for CSV input")(
      "device", core::value_with_default(&device), "auto, cpu, cuda or cuda:N")(
      "threads", core::value_with_default(&threads), "torch threads, 0 = all cores");
  add_max_smiles_length(flags, &max_smiles_length);
  po::variables_map values;
  if (!parse_command_line("encode", "--model DIR --input IN --output latents.csv", args, flags, values))
    return 0;
  models::setup_runtime({"cpu", threads, 0});
  auto model = core::MoleculeModel::load(model_dir, device);
  auto lines = read_input(input, column, max_smiles_length);
  std::vector<std::string> smiles;
  for (const auto& line : lines) smiles.push_back(line.smiles);
  auto latents = model.encode(smiles, core::interrupted).contiguous();
  std::vector<long> numbers;
  for (const auto& line : lines) numbers.push_back(line.line);
  const int64_t width = latents.size(1);
  const int64_t encoded = core::write_latent_table(output, numbers, smiles, latents.data_ptr<float>(), width);
  if (encoded == 0 && !lines.empty()) spdlog::warn("encode: no molecule of {} could be encoded", input);
  spdlog::info("encode: {} molecules, {} encoded, {} dimensions -> {}", lines.size(), encoded, width, output);
  return 0;
}

int run_decode(const std::vector<std::string>& args) {
  std::string model_dir, input, output, device = "auto";
  int threads = 0;
  po::options_description flags("decode options");
  flags.add_options()("model", po::value(&model_dir)->required(), "trained model directory")(
      "input,i", po::value(&input)->required(),
      "CSV with columns z0..z{m*c-1}, as 'sild encode' and 'sild sample --latents' write it")(
      "output,o", po::value(&output)->required(),
      "CSV: line,source,smiles (line: in the latents file; source: that row's smiles or id field; "
      "smiles: empty where the decoded sequence is no molecule)")("device", core::value_with_default(&device),
                                                                  "auto, cpu, cuda or cuda:N")(
      "threads", core::value_with_default(&threads), "torch threads, 0 = all cores");
  po::variables_map values;
  if (!parse_command_line("decode", "--model DIR --input latents.csv --output OUT.csv", args, flags, values))
    return 0;
  auto table = core::read_latent_table(input);  // before the model: a bad table fails fast
  if (table.skipped > 0) spdlog::warn("decode: {} rows of {} have no latent (skipped)", table.skipped, input);
  models::setup_runtime({"cpu", threads, 0});
  auto model = core::MoleculeModel::load(model_dir, device);
  std::vector<std::string> decoded;
  try {
    // from_blob views the table's values, which outlive the call.
    decoded = model.decode(torch::from_blob(table.values.data(), {table.rows(), table.width}, torch::kFloat),
                           core::interrupted);
  } catch (const InputError& error) {
    throw InputError(located(input, 0, error.what(), "encode the molecules with the same model"));
  }
  AtomicFile file(output);
  write_csv_row(file.stream(), {"line", "source", "smiles"});
  int64_t molecules = 0;
  for (int64_t i = 0; i < table.rows(); ++i) {
    const auto& smiles = decoded[static_cast<size_t>(i)];
    molecules += smiles.empty() ? 0 : 1;
    write_csv_row(file.stream(), {std::to_string(table.lines[static_cast<size_t>(i)]),
                                  table.ids[static_cast<size_t>(i)], smiles});
  }
  file.commit();
  spdlog::info("decode: {} latents, {} decoded to molecules, {} skipped -> {}", table.rows(), molecules,
               table.skipped, output);
  return 0;
}

}  // namespace sild::cli
