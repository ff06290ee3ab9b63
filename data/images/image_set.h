// The value type every image loader returns and every image writer takes: N same-sized 8-bit
// images stored contiguously, channel-major per image ([N][C][H][W]), with optional labels.
// Deliberately no tensors here: models/ converts an ImageSet to a tensor where it needs one.
#pragma once

#include <cstdint>
#include <vector>

#include "common/errors.h"

namespace sild::images {

struct ImageSet {
  int64_t channels = 0;  ///< 1 (grey) or 3 (red, green, blue)
  int64_t height = 0;
  int64_t width = 0;
  std::vector<uint8_t> pixels;  ///< [N][C][H][W], N = size()
  std::vector<int32_t> labels;  ///< [N], or empty when the images carry no labels

  /// Bytes of one image: C*H*W.
  int64_t image_bytes() const { return channels * height * width; }
  /// Number of images.
  int64_t size() const {
    return image_bytes() == 0 ? 0 : static_cast<int64_t>(pixels.size()) / image_bytes();
  }
  /// First byte of image `index` ([C][H][W]).
  const uint8_t* image(int64_t index) const {
    SILD_ASSERT(index >= 0 && index < size(), "image index within the set");
    return pixels.data() + index * image_bytes();
  }
  uint8_t* image(int64_t index) {
    SILD_ASSERT(index >= 0 && index < size(), "image index within the set");
    return pixels.data() + index * image_bytes();
  }
};

}  // namespace sild::images
