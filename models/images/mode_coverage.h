// Stacked MNIST mode statistics (Metz et al. 2017; Srivastava et al. 2017): each generated image
// is labelled by the digits a classifier reads in its red, green and blue channels, giving one of
// 1,000 modes 100*r + 10*g + b; the statistics are the modes covered and KL(p || uniform).
// The classifier is models/images/digit_classifier.h; this file does not train or load it.
#pragma once

#include <ATen/Tensor.h>

#include <cstdint>
#include <vector>

#include "models/images/digit_classifier.h"

namespace sild::models {

inline constexpr int64_t kStackedModes = 1000;
inline constexpr const char* kModeCoverageVersion = "1";  ///< stored with the results

struct ModeCoverageOptions {
  /// A mode counts as covered with at least this many samples (1 in Metz et al. and later work).
  int64_t min_count = 1;
};

struct ModeCoverage {
  std::vector<int64_t> histogram;  ///< [1000] samples per mode 100*r + 10*g + b
  int64_t samples = 0;
  int64_t modes_covered = 0;  ///< bins with at least min_count samples
  /// KL(p || U) = Σ_m p_m ln(1000 p_m), p the empirical histogram, terms with p_m = 0 being 0:
  /// 0 for a perfectly uniform histogram, ln 1000 ≈ 6.908 when all samples share one mode.
  double kl_to_uniform = 0.0;
};

/// Modes 100*red + 10*green + blue ([N] int64) of per-channel digits ([N] integer, 0..9 each).
at::Tensor stacked_modes(const at::Tensor& red, const at::Tensor& green, const at::Tensor& blue);

/// Histogram, coverage and KL of modes [N] int64 in [0, 1000). ConfigError when N = 0 or
/// min_count < 1.
ModeCoverage mode_coverage(const at::Tensor& modes, const ModeCoverageOptions& options = {});
/// The same from the digits read in each channel ([N] integer, 0..9 each).
ModeCoverage mode_coverage(const at::Tensor& red, const at::Tensor& green, const at::Tensor& blue,
                           const ModeCoverageOptions& options = {});

/// Digits [N, 3] int64 (columns red, green, blue) that `classifier` reads in each channel of
/// images [N, 3, 28, 28] float in [0, 1].
at::Tensor predict_stacked_digits(DigitClassifier& classifier, const at::Tensor& images,
                                  int64_t batch = 1024);

/// predict_stacked_digits, then mode_coverage.
ModeCoverage stacked_mnist_mode_coverage(DigitClassifier& classifier, const at::Tensor& images,
                                         const ModeCoverageOptions& options = {}, int64_t batch = 1024);

}  // namespace sild::models
