// Stacked MNIST construction; see stacked_mnist.h.
#include "data/images/stacked_mnist.h"

#include <algorithm>
#include <random>

#include "common/errors.h"

namespace sild::images {

namespace {

constexpr int64_t kChannels = 3;
constexpr int32_t kDigitClasses = 10;

/// Uniform in [0, n) without modulo bias: reject the lowest 2^64 mod n raw values (Lemire 2019).
uint64_t uniform_below(std::mt19937_64& engine, uint64_t n) {
  uint64_t threshold = (0 - n) % n;
  uint64_t raw = engine();
  while (raw < threshold) raw = engine();
  return raw % n;
}

void check_digits(const ImageSet& digits) {
  if (digits.size() == 0) throw ConfigError("Stacked MNIST needs a non-empty digit set");
  if (digits.channels != 1) {
    throw ConfigError("Stacked MNIST needs one-channel digit images, got " + std::to_string(digits.channels) +
                      " channels");
  }
  if (digits.labels.size() != static_cast<size_t>(digits.size())) {
    throw ConfigError("Stacked MNIST needs a label for every digit image");
  }
  auto [low, high] = std::minmax_element(digits.labels.begin(), digits.labels.end());
  if (*low < 0 || *high >= kDigitClasses) {
    throw ConfigError("Stacked MNIST needs digit labels in 0..9, got " + std::to_string(*low) + ".." +
                      std::to_string(*high));
  }
}

}  // namespace

StackedMnist make_stacked_mnist(const ImageSet& digits, const StackedMnistOptions& options) {
  check_digits(digits);
  if (options.count < 0) throw ConfigError("the Stacked MNIST count must be >= 0");
  StackedMnist out;
  out.images.channels = kChannels;
  out.images.height = digits.height;
  out.images.width = digits.width;
  out.images.pixels.resize(static_cast<size_t>(options.count * out.images.image_bytes()));
  out.images.labels.resize(static_cast<size_t>(options.count));
  out.sources.resize(static_cast<size_t>(options.count * kChannels));
  std::mt19937_64 engine(options.seed);
  auto plane = digits.image_bytes();
  auto n = static_cast<uint64_t>(digits.size());
  for (int64_t index = 0; index < options.count; ++index) {
    int32_t label = 0;
    for (int64_t channel = 0; channel < kChannels; ++channel) {
      auto source = static_cast<int64_t>(uniform_below(engine, n));
      out.sources[index * kChannels + channel] = source;
      std::copy_n(digits.image(source), plane, out.images.image(index) + channel * plane);
      label = label * kDigitClasses + digits.labels[source];
    }
    out.images.labels[index] = label;
  }
  return out;
}

}  // namespace sild::images
