// Image-model measurements and the digit classifier (see image_eval.h).
#include "src/images/image_eval.h"

#include <torch/torch.h>

#include <algorithm>
#include <vector>

#include "common/errors.h"
#include "data/images/png_writer.h"
#include "models/images/mode_coverage.h"
#include "models/metrics/torchscript_features.h"
#include "src/images/image_datasets.h"

namespace sild::core {
namespace {

at::Tensor labels_of(const images::ImageSet& set) {
  return torch::tensor(std::vector<int64_t>(set.labels.begin(), set.labels.end()), torch::kLong);
}

at::Tensor unit_range(const at::Tensor& images) { return (images + 1.0) / 2.0; }  // [-1, 1] -> [0, 1]

}  // namespace

ImageEvalResult evaluate_image_model(ImageModel& model, const ImageEvalOptions& options) {
  const auto& config = model.config();
  if (!options.classifier_path.empty() && config.dataset != "stacked-mnist") {
    throw ConfigError("--classifier labels Stacked MNIST samples; this model was trained on " +
                      config.dataset);
  }
  std::optional<models::DigitClassifier> classifier;
  if (!options.classifier_path.empty()) classifier = models::load_digit_classifier(options.classifier_path);
  std::optional<models::TorchScriptFeatures> features;
  if (!options.features_path.empty()) features.emplace(options.features_path);

  ImageEvalResult result;
  const auto test = to_tensor(load_image_dataset({config.dataset, images::Split::kTest, options.data_dir,
                                                  options.limit, config.image_size, config.seed}));
  result.test_images = test.size(0);
  result.metrics["reconstruction_mse"] = model.reconstruction_mse(test);
  const auto samples = model.sample(options.sample);
  result.samples = samples.size(0);
  if (!options.grid.empty()) {
    images::write_png_grid(options.grid,
                           to_image_set(samples.slice(0, 0, std::min<int64_t>(64, samples.size(0)))));
  }
  if (classifier) {
    const auto coverage = models::stacked_mnist_mode_coverage(*classifier, unit_range(samples));
    result.metrics["modes"] = static_cast<double>(coverage.modes_covered);
    result.metrics["KL"] = coverage.kl_to_uniform;
  } else {
    result.modes_need_classifier = config.dataset == "stacked-mnist";
  }
  if (features) {
    result.metrics[features->metric_name()] =
        models::feature_frechet_distance(*features, unit_range(samples), unit_range(test));
  }
  return result;
}

MnistClassifierResult train_mnist_classifier(const MnistClassifierOptions& options) {
  const auto train = load_image_dataset({"mnist", images::Split::kTrain, options.data_dir});
  const auto test = load_image_dataset({"mnist", images::Split::kTest, options.data_dir});
  models::DigitClassifier classifier;
  const auto trained = models::train_digit_classifier(classifier, unit_range(to_tensor(train)),
                                                      labels_of(train), options.train, options.observer);
  MnistClassifierResult result;
  result.test_accuracy = models::accuracy(classifier, unit_range(to_tensor(test)), labels_of(test));
  result.train_images = static_cast<int64_t>(train.size());
  result.test_images = static_cast<int64_t>(test.size());
  result.seconds = trained.seconds;
  models::save_digit_classifier(classifier, options.out);
  return result;
}

}  // namespace sild::core
