// Centred crop and area-averaging resize; see image_resize.h. The resize is separable: rows
// first into a double buffer, then columns, with per-axis weight tables computed once.
#include "data/images/image_resize.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "common/errors.h"

namespace sild::images {

namespace {

constexpr double kMaxByte = 255.0;

struct Tap {
  int64_t source;
  double weight;  // covered fraction of the source pixel divided by the cell width
};

/// For each of `out` cells over `in` pixels, the source pixels it covers and their weights.
std::vector<std::vector<Tap>> area_taps(int64_t in, int64_t out) {
  std::vector<std::vector<Tap>> taps(static_cast<size_t>(out));
  double scale = static_cast<double>(in) / static_cast<double>(out);
  for (int64_t cell = 0; cell < out; ++cell) {
    double begin = static_cast<double>(cell) * in / out;
    double end = static_cast<double>(cell + 1) * in / out;
    auto first = static_cast<int64_t>(std::floor(begin));
    auto last = std::min(in, static_cast<int64_t>(std::ceil(end)));
    for (int64_t source = first; source < last; ++source) {
      double covered = std::min<double>(source + 1, end) - std::max<double>(source, begin);
      if (covered > 0) taps[cell].push_back({source, covered / scale});
    }
  }
  return taps;
}

}  // namespace

ImageSet centre_crop(const ImageSet& images, int64_t crop_height, int64_t crop_width) {
  if (crop_height <= 0 || crop_width <= 0 || crop_height > images.height || crop_width > images.width) {
    throw ConfigError("cannot crop " + std::to_string(crop_width) + "x" + std::to_string(crop_height) +
                      " out of " + std::to_string(images.width) + "x" + std::to_string(images.height) +
                      " images");
  }
  int64_t top = (images.height - crop_height) / 2;
  int64_t left = (images.width - crop_width) / 2;
  ImageSet out;
  out.channels = images.channels;
  out.height = crop_height;
  out.width = crop_width;
  out.labels = images.labels;
  out.pixels.resize(static_cast<size_t>(images.size() * out.image_bytes()));
  for (int64_t index = 0; index < images.size(); ++index) {
    for (int64_t channel = 0; channel < images.channels; ++channel) {
      const uint8_t* source = images.image(index) + channel * images.height * images.width;
      uint8_t* target = out.image(index) + channel * crop_height * crop_width;
      for (int64_t row = 0; row < crop_height; ++row) {
        std::copy_n(source + (top + row) * images.width + left, crop_width, target + row * crop_width);
      }
    }
  }
  return out;
}

ImageSet resize_area(const ImageSet& images, int64_t height, int64_t width) {
  if (height <= 0 || width <= 0) {
    throw ConfigError("cannot resize to " + std::to_string(width) + "x" + std::to_string(height));
  }
  auto row_taps = area_taps(images.height, height);
  auto column_taps = area_taps(images.width, width);
  ImageSet out;
  out.channels = images.channels;
  out.height = height;
  out.width = width;
  out.labels = images.labels;
  out.pixels.resize(static_cast<size_t>(images.size() * out.image_bytes()));
  std::vector<double> narrowed(static_cast<size_t>(images.height * width));  // [H_in][width]
  for (int64_t index = 0; index < images.size(); ++index) {
    for (int64_t channel = 0; channel < images.channels; ++channel) {
      const uint8_t* source = images.image(index) + channel * images.height * images.width;
      uint8_t* target = out.image(index) + channel * height * width;
      for (int64_t row = 0; row < images.height; ++row) {
        for (int64_t column = 0; column < width; ++column) {
          double sum = 0;
          for (const Tap& tap : column_taps[column])
            sum += tap.weight * source[row * images.width + tap.source];
          narrowed[row * width + column] = sum;
        }
      }
      for (int64_t row = 0; row < height; ++row) {
        for (int64_t column = 0; column < width; ++column) {
          double sum = 0;
          for (const Tap& tap : row_taps[row]) sum += tap.weight * narrowed[tap.source * width + column];
          target[row * width + column] =
              static_cast<uint8_t>(std::clamp(std::floor(sum + 0.5), 0.0, kMaxByte));
        }
      }
    }
  }
  return out;
}

}  // namespace sild::images
