// Stacked MNIST (Metz et al. 2017; Srivastava et al. 2017): three digits drawn independently
// and uniformly from a digit set, one per colour channel, giving 1,000 modes labelled
// 100*red + 10*green + blue. Deterministic for a seed on every platform (mt19937_64 and an
// unbiased bounded draw of our own, not std::uniform_int_distribution). It loads no files.
#pragma once

#include <cstdint>
#include <vector>

#include "data/images/image_set.h"

namespace sild::images {

inline constexpr int32_t kStackedMnistModes = 1000;

struct StackedMnistOptions {
  int64_t count = 10000;  ///< images to draw
  uint64_t seed = 0;      ///< the same seed and digit set give the same images
};

struct StackedMnist {
  ImageSet images;               ///< count images, 3 channels, labels in [0, 1000)
  std::vector<int64_t> sources;  ///< [count][3]: the digit-set index used for red, green, blue
};

/// 100*red + 10*green + blue.
inline int32_t stacked_mnist_label(int32_t red, int32_t green, int32_t blue) {
  return 100 * red + 10 * green + blue;
}

/// Draws `options.count` stacked images from `digits` (one channel, labels 0..9, e.g.
/// load_mnist_json or load_mnist_idx): for each image the red, green and blue source indices
/// are drawn in that order. ConfigError when `digits` is empty, not one-channel or unlabelled.
StackedMnist make_stacked_mnist(const ImageSet& digits, const StackedMnistOptions& options);

}  // namespace sild::images
