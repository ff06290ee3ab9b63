// Stacked MNIST modes, coverage and KL to uniform (see mode_coverage.h).
#include "models/images/mode_coverage.h"

#include <torch/torch.h>

#include <cmath>

#include "common/errors.h"

namespace sild::models {
namespace {

constexpr int64_t kChannels = 3;

void check_digits(const at::Tensor& digits, const char* channel) {
  TORCH_CHECK(digits.dim() == 1, channel, " digits must be [N]");
  if (digits.numel() > 0) {
    TORCH_CHECK(digits.min().item<int64_t>() >= 0 && digits.max().item<int64_t>() < kDigitClasses, channel,
                " digits must be in 0..9");
  }
}

}  // namespace

at::Tensor stacked_modes(const at::Tensor& red, const at::Tensor& green, const at::Tensor& blue) {
  check_digits(red, "red");
  check_digits(green, "green");
  check_digits(blue, "blue");
  TORCH_CHECK(red.sizes() == green.sizes() && red.sizes() == blue.sizes(),
              "one digit per channel and sample");
  return red.to(torch::kLong) * 100 + green.to(torch::kLong) * 10 + blue.to(torch::kLong);
}

ModeCoverage mode_coverage(const at::Tensor& modes, const ModeCoverageOptions& options) {
  TORCH_CHECK(modes.dim() == 1, "modes must be [N]");
  if (modes.numel() == 0) throw ConfigError("mode coverage: there are no samples to count");
  if (options.min_count < 1)
    throw ConfigError("mode coverage: the covered-mode threshold must be >= 1 sample");
  auto values = modes.to(torch::kLong).contiguous();
  TORCH_CHECK(values.min().item<int64_t>() >= 0 && values.max().item<int64_t>() < kStackedModes,
              "modes must be in [0, 1000)");
  auto counts =
      torch::bincount(values, /*weights=*/{}, kStackedModes).to(torch::kLong).contiguous();  // [1000]

  ModeCoverage coverage;
  coverage.histogram.assign(counts.data_ptr<int64_t>(), counts.data_ptr<int64_t>() + kStackedModes);
  coverage.samples = values.size(0);
  const double total = static_cast<double>(coverage.samples);
  for (int64_t count : coverage.histogram) {
    if (count >= options.min_count) ++coverage.modes_covered;
    if (count > 0) {
      const double p = static_cast<double>(count) / total;
      coverage.kl_to_uniform += p * std::log(p * static_cast<double>(kStackedModes));
    }
  }
  return coverage;
}

ModeCoverage mode_coverage(const at::Tensor& red, const at::Tensor& green, const at::Tensor& blue,
                           const ModeCoverageOptions& options) {
  return mode_coverage(stacked_modes(red, green, blue), options);
}

at::Tensor predict_stacked_digits(DigitClassifier& classifier, const at::Tensor& images, int64_t batch) {
  TORCH_CHECK(images.dim() == 4 && images.size(1) == kChannels, "stacked images must be [N, 3, H, W]");
  std::vector<at::Tensor> channels;
  for (int64_t channel = 0; channel < kChannels; ++channel) {
    channels.push_back(predict_digits(classifier, images.narrow(1, channel, 1), batch));  // [N]
  }
  return torch::stack(channels, 1);  // [N, 3]
}

ModeCoverage stacked_mnist_mode_coverage(DigitClassifier& classifier, const at::Tensor& images,
                                         const ModeCoverageOptions& options, int64_t batch) {
  auto digits = predict_stacked_digits(classifier, images, batch);
  return mode_coverage(digits.select(1, 0), digits.select(1, 1), digits.select(1, 2), options);
}

}  // namespace sild::models
