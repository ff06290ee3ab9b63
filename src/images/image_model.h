// A trained image model as a directory, trained and used like the molecule model:
//   MODEL_DIR/config.ini        ImageConfig
//   MODEL_DIR/autoencoder.pt    E and G after Stage 1
//   MODEL_DIR/latent_stats.pt   per-channel mean/std of the training latents (pooled over positions)
//   MODEL_DIR/denoiser.pt       EMA weights of F after Stage 2
//   MODEL_DIR/stage{1,2}.ckpt   resumable training state
// A stage counts as done when its final file exists; files are written atomically. Single
// process (the molecule trainer is the one with data parallelism).
#pragma once

#include <ATen/Tensor.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "data/images/image_set.h"
#include "models/training.h"
#include "src/images/image_config.h"

namespace sild::core {

struct ImageTrainOptions {
  std::string out;            ///< the model directory
  std::string data_dir;       ///< dataset folder; empty = the dataset's default location
  std::string stage = "all";  ///< 1, 2 or all
  bool resume = false;
  std::string device = "auto";
  int threads = 0;
  ImageConfig config;
  models::TrainObserver observer;
  std::function<bool()> should_stop;
  /// Called once with the configuration the run uses (flags, or config.ini when resuming), after
  /// validation and before any work: the CLI logs it as a table and stores it with the run.
  std::function<void(const ImageConfig&)> on_config;
};

struct ImageTrainSummary {
  int64_t train_images = 0;
  int64_t validation_images = 0;  ///< the dataset's test split (first 1,000 images)
  models::TrainResult stage1;
  models::TrainResult stage2;
  bool stage1_skipped = false;
  bool stage2_skipped = false;
  bool stopped = false;
  double seconds = 0.0;
};

/// Trains (or continues) the image model in options.out.
ImageTrainSummary train_image_model(const ImageTrainOptions& options);

struct ImageSampleOptions {
  int64_t count = 64;
  int64_t batch_size = 500;
  uint64_t seed = 0;
  std::optional<std::string> sampler;
  std::optional<int64_t> steps;
};

class ImageModel {
 public:
  /// Loads a finished model directory; errors name the missing or unusable file.
  static ImageModel load(const std::string& directory, const std::string& device = "auto");
  ~ImageModel();
  ImageModel(ImageModel&&) noexcept;

  /// Generated images as float [N, C, H, W] in [-1, 1].
  at::Tensor sample(const ImageSampleOptions& options);
  /// G(E(x)) of images [N, C, H, W] in [-1, 1].
  at::Tensor reconstruct(const at::Tensor& images);
  /// Per-pixel MSE of G(E(x)) in [0, 1] units.
  double reconstruction_mse(const at::Tensor& images);

  const ImageConfig& config() const;

 private:
  struct Impl;
  explicit ImageModel(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sild::core
