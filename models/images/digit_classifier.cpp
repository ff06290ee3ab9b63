// MNIST digit classifier: network, deterministic training loop, prediction (see digit_classifier.h).
#include "models/images/digit_classifier.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>

#include "common/errors.h"
#include "models/checkpoint.h"

namespace sild::models {
namespace {

constexpr int64_t kKernel = 3;
constexpr int64_t kPool = 2;

void check_images(const at::Tensor& images) {
  TORCH_CHECK(images.dim() == 4 && images.size(1) == 1 && images.size(2) == kDigitSide &&
                  images.size(3) == kDigitSide,
              "digit images must be [N, 1, 28, 28], got ", images.sizes());
}

}  // namespace

DigitClassifierImpl::DigitClassifierImpl(const DigitClassifierOptions& options_) : options(options_) {
  using torch::nn::Conv2dOptions;
  conv1_ = register_module("conv1",
                           torch::nn::Conv2d(Conv2dOptions(1, options.conv1_channels(), kKernel).padding(1)));
  conv2_ = register_module(
      "conv2", torch::nn::Conv2d(
                   Conv2dOptions(options.conv1_channels(), options.conv2_channels(), kKernel).padding(1)));
  const int64_t side = kDigitSide / kPool / kPool;
  hidden_ =
      register_module("hidden", torch::nn::Linear(options.conv2_channels() * side * side, options.hidden()));
  output_ = register_module("output", torch::nn::Linear(options.hidden(), kDigitClasses));
}

at::Tensor DigitClassifierImpl::forward(const at::Tensor& images,
                                        std::optional<at::Generator> dropout_generator) {
  check_images(images);
  auto x = torch::max_pool2d(torch::relu(conv1_->forward(images)), kPool);  // [B, c1, 14, 14]
  x = torch::max_pool2d(torch::relu(conv2_->forward(x)), kPool);            // [B, c2, 7, 7]
  x = torch::relu(hidden_->forward(x.flatten(1)));                          // [B, hidden]
  const double p = options.dropout();
  if (is_training() && p > 0) {
    if (dropout_generator) {
      auto keep = torch::bernoulli(torch::full_like(x, 1.0 - p), *dropout_generator);
      x = x * keep / (1.0 - p);
    } else {
      x = torch::dropout(x, p, /*train=*/true);
    }
  }
  return output_->forward(x);  // [B, 10]
}

at::Tensor random_shift(const at::Tensor& images, int64_t max_shift, const at::Generator& generator) {
  TORCH_CHECK(images.dim() == 4, "random_shift takes images [B, C, H, W]");
  if (max_shift <= 0) return images;
  const int64_t height = images.size(2), width = images.size(3);
  auto padded = torch::constant_pad_nd(images, {max_shift, max_shift, max_shift, max_shift}, 0.0);
  auto corners =
      torch::randint(0, 2 * max_shift + 1, {images.size(0), 2}, generator, torch::kLong);  // [B, 2]
  auto corner = corners.accessor<int64_t, 2>();
  auto shifted = torch::empty_like(images);
  for (int64_t row = 0; row < images.size(0); ++row) {
    shifted[row].copy_(padded[row].narrow(1, corner[row][0], height).narrow(2, corner[row][1], width));
  }
  return shifted;
}

TrainClassifierResult train_digit_classifier(DigitClassifier& model, const at::Tensor& images,
                                             const at::Tensor& labels,
                                             const DigitClassifierTrainOptions& options,
                                             const TrainObserver& observer) {
  // ---- setup
  check_images(images);
  TORCH_CHECK(labels.dim() == 1 && labels.size(0) == images.size(0),
              "labels must be [N] for images [N, ...]");
  if (images.size(0) == 0) throw ConfigError("digit classifier: the training set is empty");
  if (options.steps <= 0 || options.batch_size <= 0) {
    throw ConfigError("digit classifier: steps and batch size must be positive");
  }
  if (options.max_shift < 0)
    throw ConfigError("digit classifier: the shift augmentation must be >= 0 pixels");
  if (options.threads > 0) torch::set_num_threads(options.threads);
  auto inputs = images.to(torch::kFloat32).contiguous();
  auto targets = labels.to(torch::kLong);
  TORCH_CHECK(targets.min().item<int64_t>() >= 0 && targets.max().item<int64_t>() < kDigitClasses,
              "digit labels must be in 0..9");
  model->train();
  torch::optim::AdamW optimizer(
      model->parameters(), torch::optim::AdamWOptions(options.lr.peak).weight_decay(options.weight_decay));
  LrScheduleOptions lr = options.lr;
  lr.total_steps = options.steps;
  const int64_t log_interval = std::max<int64_t>(1, options.log_interval);
  TrainClassifierResult result;
  double interval_loss = 0.0, interval_accuracy = 0.0;
  int64_t interval_steps = 0;
  const auto start = std::chrono::steady_clock::now();

  // ---- loop
  for (int64_t step = 0; step < options.steps; ++step) {
    set_learning_rate(optimizer, learning_rate(lr, step));
    auto indices = batch_indices(inputs.size(0), options.batch_size, options.seed, step);
    auto batch = random_shift(inputs.index_select(0, indices), options.max_shift,
                              step_generator(options.seed, step, RandomStream::kAugmentShift));
    auto batch_labels = targets.index_select(0, indices);
    auto logits = model->forward(batch, step_generator(options.seed, step, RandomStream::kDropout));
    auto loss = torch::nn::functional::cross_entropy(logits, batch_labels);
    const double loss_value = loss.item<double>();
    if (!std::isfinite(loss_value)) {
      throw Error("digit classifier: loss is " + std::to_string(loss_value) + " at step " +
                  std::to_string(step) + " (hint: lower the learning rate)");
    }
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();

    interval_loss += loss_value;
    interval_accuracy += accuracy(logits.argmax(1), batch_labels);
    ++interval_steps;
    if ((step + 1) % log_interval == 0 || step + 1 == options.steps) {
      result.final_loss = interval_loss / static_cast<double>(interval_steps);
      result.final_accuracy = interval_accuracy / static_cast<double>(interval_steps);
      if (observer) {
        observer({"digit-classifier",
                  step + 1,
                  false,
                  {{"loss", result.final_loss},
                   {"accuracy", result.final_accuracy},
                   {"lr", learning_rate(lr, step)}}});
      }
      interval_loss = interval_accuracy = 0.0;
      interval_steps = 0;
    }
  }

  // ---- teardown
  result.steps_done = options.steps;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  model->eval();
  return result;
}

at::Tensor predict_digits(DigitClassifier& model, const at::Tensor& images, int64_t batch) {
  check_images(images);
  TORCH_CHECK(batch > 0, "prediction batch must be positive");
  torch::NoGradGuard no_grad;
  const bool was_training = model->is_training();
  model->eval();
  auto inputs = images.to(torch::kFloat32);
  std::vector<at::Tensor> predicted;
  for (int64_t first = 0; first < inputs.size(0); first += batch) {
    const int64_t count = std::min(batch, inputs.size(0) - first);
    predicted.push_back(model->forward(inputs.narrow(0, first, count)).argmax(1));
  }
  if (was_training) model->train();
  return predicted.empty() ? torch::empty({0}, torch::kLong) : torch::cat(predicted);
}

double accuracy(const at::Tensor& predicted, const at::Tensor& labels) {
  TORCH_CHECK(predicted.dim() == 1 && predicted.sizes() == labels.sizes(),
              "predicted and labels must be [N]");
  if (predicted.numel() == 0) return 0.0;
  return predicted.to(torch::kLong).eq(labels.to(torch::kLong)).to(torch::kFloat64).mean().item<double>();
}

double accuracy(DigitClassifier& model, const at::Tensor& images, const at::Tensor& labels, int64_t batch) {
  return accuracy(predict_digits(model, images, batch), labels);
}

void save_digit_classifier(DigitClassifier& model, const std::string& path) {
  save_module(*model, kDigitClassifierKind, path);
}

DigitClassifier load_digit_classifier(const std::string& path, const DigitClassifierOptions& options) {
  DigitClassifier model(options);
  load_module(*model, kDigitClassifierKind, path);
  model->eval();
  return model;
}

}  // namespace sild::models
