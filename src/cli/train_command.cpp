// `sild train`: flags and config file -> core::TrainOptions -> core::train_molecule_model, with
// the run, its configuration and its curves recorded in the store (rank 0 only), and local
// multi-process training (--nproc) by re-running this command with RANK/WORLD_SIZE set.
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/program_options.hpp>
#include <cstdlib>
#include <filesystem>
#include <random>

#include "common/errors.h"
#include "common/json.h"
#include "models/runtime.h"
#include "src/cli/command.h"
#include "src/molecules/molecule_model.h"
#include "src/store/curves.h"
#include "src/store/run_files.h"
#include "src/store/runs.h"
#include "src/util/config_file.h"
#include "src/util/interrupt.h"
#include "src/util/option_value.h"
#include "src/util/version.h"

namespace sild::cli {
namespace {

/// Runs `nproc` copies of this command with RANK/WORLD_SIZE/MASTER_* set; returns the worst exit code.
int spawn_workers(int nproc, const std::vector<std::string>& args) {
  std::vector<std::string> child_args;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--nproc") {
      ++i;
      continue;
    }
    if (args[i].rfind("--nproc=", 0) == 0) continue;
    child_args.push_back(args[i]);
  }
  std::random_device entropy;
  const int port = 20000 + static_cast<int>(entropy() % 20000);
  std::vector<pid_t> children;
  for (int rank = 0; rank < nproc; ++rank) {
    pid_t pid = fork();
    if (pid < 0) throw IoError("cannot start worker processes");
    if (pid == 0) {
      ::setenv("RANK", std::to_string(rank).c_str(), 1);
      ::setenv("WORLD_SIZE", std::to_string(nproc).c_str(), 1);
      ::setenv("MASTER_ADDR", "127.0.0.1", 1);
      ::setenv("MASTER_PORT", std::to_string(port).c_str(), 1);
      std::vector<std::string> argv_strings{"/proc/self/exe", "train"};
      argv_strings.insert(argv_strings.end(), child_args.begin(), child_args.end());
      std::vector<char*> argv;
      for (auto& s : argv_strings) argv.push_back(s.data());
      argv.push_back(nullptr);
      ::execv("/proc/self/exe", argv.data());
      _exit(127);
    }
    children.push_back(pid);
  }
  int worst = 0;
  for (pid_t child : children) {
    int status = 0;
    waitpid(child, &status, 0);
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    worst = std::max(worst, code);
  }
  return worst;
}

}  // namespace

int run_train(const std::vector<std::string>& args) {
  core::TrainOptions options;
  std::string config_file;
  std::string store_path = "sild.sqlite";
  std::string run_name;
  int nproc = 1;
  po::options_description flags("train options");
  flags.add_options()(
      "data", po::value(&options.data),
      "training molecules: a .smi/.csv(.gz) file, or a prepared dataset directory with train.smi")(
      "dataset", po::value<std::string>(),
      "a dataset prepared with 'sild data prepare' (its directory name under --datasets)")(
      "datasets", po::value<std::string>()->default_value("datasets"), "where prepared datasets live")(
      "smiles-column", core::value_with_default(&options.smiles_column), "SMILES column for CSV input")(
      "out", po::value(&options.out)->required(),
      "model directory (created; holds config, vocabulary, weights)")(
      "config", po::value(&config_file),
      "INI file of training options (keys as the flags below); flags given here win")(
      "stage", core::value_with_default(&options.stage), "1, 2 or all")(
      "resume", po::bool_switch(&options.resume),
      "continue an interrupted run from the checkpoints in --out")(
      "init", po::value(&options.init),
      "fine-tune: start from this trained model directory (its networks, vocabulary and weights); "
      "molecules with a token outside its vocabulary are skipped and counted")(
      "finetune", core::value_with_default(&options.finetune),
      "with --init: 2 continues Stage 2 only (Stage 1 and the latent statistics kept), all continues both")(
      "device", core::value_with_default(&options.device), "auto, cpu, cuda or cuda:N")(
      "threads", core::value_with_default(&options.threads), "torch threads per process, 0 = all cores")(
      "nproc", core::value_with_default(&nproc), "local data-parallel worker processes (Gloo on 127.0.0.1)")(
      "limit", core::value_with_default(&options.limit), "use at most this many training records, 0 = all")(
      "store", core::value_with_default(&store_path), "results database")("run-name", po::value(&run_name),
                                                                          "name of the run in the store");
  po::options_description model_flags("model and optimisation options (also valid as config.ini keys)");
  core::describe_train_config(model_flags, options.config);
  flags.add(model_flags);
  po::variables_map values;
  if (!parse_command_line("train",
                          "(--data FILE|DIR | --dataset NAME) --out MODEL_DIR [--init MODEL_DIR] [options]",
                          args, flags, values)) {
    return 0;
  }
  if (!config_file.empty()) {  // flags already stored win
    core::parse_config_file(config_file, model_flags, values, "keys are the option names without '--'");
  }
  if (values.count("dataset") != 0) {
    if (!options.data.empty()) throw UsageError("give either --data or --dataset, not both");
    options.data = values["datasets"].as<std::string>() + "/" + values["dataset"].as<std::string>();
  }
  if (options.data.empty()) throw UsageError("sild train: --data or --dataset is required");
  if (const std::string init_config = options.init + "/config.ini";
      !options.init.empty() &&
      std::filesystem::exists(init_config)) {  // else the library says what is missing
    // A fine-tuned model keeps the --init model's networks: a network key set here must agree.
    core::TrainConfig base;
    core::read_train_config(init_config, base);
    for (const auto& key : core::network_differences(options.config, base)) {
      if (values.count(key) != 0 && !values[key].defaulted()) {
        throw UsageError("--" + key + " is fixed by the --init model (" + options.init +
                         "/config.ini); leave it out when fine-tuning");
      }
    }
  } else if (options.init.empty() && !values["finetune"].defaulted()) {
    throw UsageError("--finetune needs --init MODEL_DIR");
  }
  if (nproc < 1) throw UsageError("--nproc must be >= 1");
  core::wait_for_cooperative_stop();  // Ctrl-C stops at a step and writes a checkpoint: no deadline
  if (nproc > 1 && std::getenv("RANK") == nullptr) return spawn_workers(nproc, args);
  core::validate(options.config);

  options.distributed = models::distributed_from_environment();
  const bool is_main = options.distributed.rank == 0;
  options.should_stop = [] { return core::interrupted(); };

  std::unique_ptr<store::Database> database;
  std::unique_ptr<store::RunRecorder> run;
  std::unique_ptr<store::CurveWriter> curves;
  if (is_main) {
    database = std::make_unique<store::Database>(store_path);
    Json config_json = core::train_config_json(options.config);  // replaced by the resolved one below
    config_json["out"] = options.out;
    config_json["data"] = options.data;
    run = std::make_unique<store::RunRecorder>(
        *database, store::RunStart{
                       "train", run_name.empty() ? options.out : run_name, command_line_of("train", args),
                       json_text(config_json),
                       JsonObject().add("sild", kVersion).add("torch", models::runtime_description()).str()});
    curves = std::make_unique<store::CurveWriter>(*database, run->id());
    store::record_run_file(*database, run->id(), "data", "in", options.data);
    store::record_run_file(*database, run->id(), "model", "out", options.out);
    spdlog::info("run {} recorded in {}", run->id(), store_path);
  }
  options.observer = [&](const models::TrainEvent& event) {
    std::string line = fmt::format("{} {} s:{}", event.stage, event.validation ? "val" : "train", event.step);
    for (const auto& [name, value] : event.values) {
      line += fmt::format(" {}:{:.5g}", name, value);
      if (curves) curves->add(event.stage, event.step, (event.validation ? "val_" : "") + name, value);
    }
    spdlog::info("{}", line);
  };

  options.on_config = [&](const core::TrainConfig& config) {
    spdlog::info("configuration:\n{}", core::train_config_table(config));
    if (!run) return;
    Json resolved = core::train_config_json(config);
    resolved["out"] = options.out;
    resolved["data"] = options.data;
    run->set_config(json_text(resolved));
  };
  auto summary = core::train_molecule_model(options);
  if (curves) curves->flush();
  if (summary.stopped) {
    // The same command with --resume continues it (same data, config and flags).
    const std::string again = command_line_of("train", args) + (options.resume ? "" : " --resume");
    if (run) run->finish("interrupted", "continue with: " + again);
    spdlog::warn("training interrupted at a checkpoint; continue with: {}", again);
    return 130;
  }
  if (run) {
    std::map<std::string, std::optional<double>> metrics;
    for (const auto& [name, value] : summary.stage1.final_validation) metrics["stage1/" + name] = value;
    for (const auto& [name, value] : summary.stage2.final_validation) metrics["stage2/" + name] = value;
    for (const auto& [name, value] : summary.char_rnn.final_validation) metrics["charrnn/" + name] = value;
    metrics["train_molecules"] = static_cast<double>(summary.train_molecules);
    metrics["skipped_records"] = static_cast<double>(summary.skipped.total());
    run->add_metrics(metrics, "1");
    run->finish();
  }
  if (is_main) spdlog::info("model written to {}", options.out);
  return 0;
}

}  // namespace sild::cli
