// Stacked MNIST mode statistics on hand-made digit vectors: every mode once is full coverage and
// KL 0, one mode is coverage 1 and KL ln 1000, and the per-channel helper reads each channel.
#include "models/images/mode_coverage.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <tuple>

#include "common/errors.h"

namespace sild::models {
namespace {

/// Digits of modes [N] int64: red = m / 100, green = m / 10 % 10, blue = m % 10.
std::tuple<at::Tensor, at::Tensor, at::Tensor> digits_of(const at::Tensor& modes) {
  return {modes.div(100, "floor"), modes.div(10, "floor").remainder(10), modes.remainder(10)};
}

TEST(ModeCoverageTest, ModeIsHundredTimesRedPlusTenTimesGreenPlusBlue) {
  auto modes = stacked_modes(torch::tensor({1, 0, 9}, torch::kLong), torch::tensor({2, 0, 9}, torch::kLong),
                             torch::tensor({3, 7, 9}, torch::kLong));
  EXPECT_TRUE(torch::equal(modes, torch::tensor({123, 7, 999}, torch::kLong)));
}

TEST(ModeCoverageTest, EveryModeOnceCoversAllThousandWithZeroKl) {
  auto [red, green, blue] = digits_of(torch::arange(kStackedModes, torch::kLong));
  auto coverage = mode_coverage(red, green, blue);
  EXPECT_EQ(coverage.samples, 1000);
  EXPECT_EQ(coverage.modes_covered, 1000);
  EXPECT_NEAR(coverage.kl_to_uniform, 0.0, 1e-12);
  ASSERT_EQ(coverage.histogram.size(), 1000u);
  for (int64_t count : coverage.histogram) EXPECT_EQ(count, 1);
}

TEST(ModeCoverageTest, AllSamplesInOneModeCoverOneWithKlLogThousand) {
  auto coverage = mode_coverage(torch::full({500}, 42, torch::kLong));
  EXPECT_EQ(coverage.modes_covered, 1);
  EXPECT_NEAR(coverage.kl_to_uniform, std::log(1000.0), 1e-12);
  EXPECT_EQ(coverage.histogram[42], 500);
}

TEST(ModeCoverageTest, TwoEqualModesGiveKlLogFiveHundred) {
  auto coverage = mode_coverage(torch::tensor({3, 999, 3, 999}, torch::kLong));
  EXPECT_EQ(coverage.modes_covered, 2);
  EXPECT_NEAR(coverage.kl_to_uniform, std::log(500.0), 1e-12);
}

TEST(ModeCoverageTest, ThresholdCountsOnlyModesWithEnoughSamples) {
  // Mode 5 three times, mode 6 twice, mode 7 once.
  auto modes = torch::tensor({5, 5, 5, 6, 6, 7}, torch::kLong);
  EXPECT_EQ(mode_coverage(modes).modes_covered, 3);
  EXPECT_EQ(mode_coverage(modes, {2}).modes_covered, 2);
  EXPECT_EQ(mode_coverage(modes, {3}).modes_covered, 1);
  EXPECT_EQ(mode_coverage(modes, {4}).modes_covered, 0);
  const double expected =
      0.5 * std::log(500.0) + (1.0 / 3) * std::log(1000.0 / 3) + (1.0 / 6) * std::log(1000.0 / 6);
  EXPECT_NEAR(mode_coverage(modes, {4}).kl_to_uniform, expected, 1e-12);  // KL ignores the threshold
}

TEST(ModeCoverageTest, NoSamplesOrAZeroThresholdAreConfigErrors) {
  EXPECT_THROW(mode_coverage(torch::empty({0}, torch::kLong)), ConfigError);
  EXPECT_THROW(mode_coverage(torch::tensor({1}, torch::kLong), {0}), ConfigError);
  EXPECT_THROW(mode_coverage(torch::tensor({1000}, torch::kLong)), c10::Error);
  EXPECT_THROW(stacked_modes(torch::tensor({10}, torch::kLong), torch::tensor({0}, torch::kLong),
                             torch::tensor({0}, torch::kLong)),
               c10::Error);
}

TEST(ModeCoverageTest, StackedPredictionReadsEachChannelSeparately) {
  // An untrained classifier still labels identical channels identically: a stacked image whose
  // three channels are images a, b, c gets the digits the classifier gives a, b and c alone.
  torch::manual_seed(0);
  DigitClassifier classifier(DigitClassifierOptions().conv1_channels(4).conv2_channels(8).hidden(16));
  auto singles = torch::rand({9, 1, 28, 28});
  auto single_digits = predict_digits(classifier, singles);  // [9]
  auto stacked = torch::cat({singles.narrow(0, 0, 3), singles.narrow(0, 3, 3), singles.narrow(0, 6, 3)}, 1);
  auto digits = predict_stacked_digits(classifier, stacked, /*batch=*/2);  // [3, 3]
  ASSERT_EQ(digits.sizes(), (std::vector<int64_t>{3, 3}));
  for (int64_t channel = 0; channel < 3; ++channel) {
    EXPECT_TRUE(torch::equal(digits.select(1, channel), single_digits.narrow(0, 3 * channel, 3))) << channel;
  }
  auto coverage = stacked_mnist_mode_coverage(classifier, stacked);
  EXPECT_EQ(coverage.samples, 3);
  auto expected = stacked_modes(digits.select(1, 0), digits.select(1, 1), digits.select(1, 2));
  for (int64_t index = 0; index < 3; ++index)
    EXPECT_GE(coverage.histogram[expected[index].item<int64_t>()], 1);
}

}  // namespace
}  // namespace sild::models
