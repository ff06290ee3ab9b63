// `sild sample`, `sild reconstruct` and `sild encode`: use a trained model directory.
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include "chem/mol_io.h"
#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/json.h"
#include "data/molecule_reader.h"
#include "models/runtime.h"
#include "src/cli/command.h"
#include "src/molecules/molecule_model.h"
#include "src/store/molecules.h"
#include "src/store/run_files.h"
#include "src/store/runs.h"
#include "src/util/option_value.h"
#include "src/util/version.h"

namespace sild::cli {
namespace {

struct MoleculeLine {
  long line;
  std::string smiles;
};

std::vector<MoleculeLine> read_input(const std::string& path, const std::string& column) {
  core::MoleculeReader reader({path, column});
  core::MoleculeRecord record;
  std::vector<MoleculeLine> lines;
  while (reader.next(record)) lines.push_back({record.line, record.error ? std::string() : record.smiles});
  return lines;
}

}  // namespace

int run_sample(const std::vector<std::string>& args) {
  std::string model_dir, output, store_path = "sild.sqlite", run_name, device = "auto", sampler;
  core::SampleOptions options;
  int64_t steps = 0;
  double eta = -1;
  int threads = 0;
  po::options_description flags("sample options");
  flags.add_options()("model", po::value(&model_dir)->required(), "trained model directory")(
      "n,n", core::value_with_default(&options.count), "number of molecules to sample")(
      "output,o", po::value(&output)->required(),
      "output .smi: one SMILES per line (empty where decoding failed)")(
      "sampler", po::value(&sampler), "ddpm, ddim or heun (default: the model's)")(
      "steps", po::value(&steps), "sampler steps (default: the model's)")(
      "eta", po::value(&eta), "DDIM eta in [0, 1]")("seed", core::value_with_default(&options.seed),
                                                    "sampling seed")(
      "batch", core::value_with_default(&options.batch_size), "molecules per sampling batch")(
      "device", core::value_with_default(&device), "auto, cpu, cuda or cuda:N")(
      "threads", core::value_with_default(&threads), "torch threads, 0 = all cores")(
      "store", core::value_with_default(&store_path), "results database")("run-name", po::value(&run_name),
                                                                          "name of the run in the store");
  po::variables_map values;
  if (!parse_command_line("sample", "--model DIR -n N --output OUT.smi [options]", args, flags, values))
    return 0;
  if (options.count < 1 || options.batch_size < 1) throw UsageError("-n and --batch must be >= 1");
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
  auto smiles = model.sample(options);
  AtomicFile file(output);
  for (const auto& s : smiles) file.stream() << s << '\n';
  file.commit();
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

int run_reconstruct(const std::vector<std::string>& args) {
  std::string model_dir, input, output, column = "smiles", device = "auto";
  int threads = 0;
  po::options_description flags("reconstruct options");
  flags.add_options()("model", po::value(&model_dir)->required(), "trained model directory")(
      "input,i", po::value(&input)->required(), "molecules (.smi/.csv, .gz accepted)")(
      "output,o", po::value(&output)->required(),
      "CSV: line,input,reconstruction,exact (canonical SMILES equal)")(
      "smiles-column", core::value_with_default(&column), "SMILES column for CSV input")(
      "device", core::value_with_default(&device), "auto, cpu, cuda or cuda:N")(
      "threads", core::value_with_default(&threads), "torch threads, 0 = all cores");
  po::variables_map values;
  if (!parse_command_line("reconstruct", "--model DIR --input IN --output OUT.csv", args, flags, values))
    return 0;
  models::setup_runtime({"cpu", threads, 0});
  auto model = core::MoleculeModel::load(model_dir, device);
  auto lines = read_input(input, column);
  std::vector<std::string> smiles;
  for (const auto& line : lines) smiles.push_back(line.smiles);
  auto reconstructed = model.reconstruct(smiles);
  AtomicFile file(output);
  file.stream() << "line,input,reconstruction,exact\n";
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
    file.stream() << lines[i].line << ',' << smiles[i] << ',' << reconstructed[i].value_or("") << ','
                  << (same ? 1 : 0) << '\n';
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
  po::options_description flags("encode options");
  flags.add_options()("model", po::value(&model_dir)->required(), "trained model directory")(
      "input,i", po::value(&input)->required(), "molecules (.smi/.csv, .gz accepted)")(
      "output,o", po::value(&output)->required(),
      "CSV: line,smiles,z0..z{m*c-1} (empty latents where not representable)")(
      "smiles-column", core::value_with_default(&column), "SMILES column for CSV input")(
      "device", core::value_with_default(&device), "auto, cpu, cuda or cuda:N")(
      "threads", core::value_with_default(&threads), "torch threads, 0 = all cores");
  po::variables_map values;
  if (!parse_command_line("encode", "--model DIR --input IN --output latents.csv", args, flags, values))
    return 0;
  models::setup_runtime({"cpu", threads, 0});
  auto model = core::MoleculeModel::load(model_dir, device);
  auto lines = read_input(input, column);
  std::vector<std::string> smiles;
  for (const auto& line : lines) smiles.push_back(line.smiles);
  auto latents = model.encode(smiles).contiguous();
  const int64_t width = latents.size(1);
  AtomicFile file(output);
  file.stream() << "line,smiles";
  for (int64_t j = 0; j < width; ++j) file.stream() << ",z" << j;
  file.stream() << '\n';
  const float* data = latents.data_ptr<float>();
  int64_t encoded = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    file.stream() << lines[i].line << ',' << smiles[i];
    const float* row = data + static_cast<int64_t>(i) * width;
    bool ok = width > 0 && !std::isnan(row[0]);
    encoded += ok ? 1 : 0;
    for (int64_t j = 0; j < width; ++j) file.stream() << ',' << (ok ? fmt::format("{}", row[j]) : "");
    file.stream() << '\n';
  }
  file.commit();
  spdlog::info("encode: {} molecules, {} encoded, {} dimensions -> {}", lines.size(), encoded, width, output);
  return 0;
}

}  // namespace sild::cli
