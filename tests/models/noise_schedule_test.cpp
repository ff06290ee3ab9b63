// Noise schedules: end points, monotonicity, inverses and distributions.
#include "models/noise_schedule.h"

#include <gtest/gtest.h>

#include <cmath>

#include "common/errors.h"

namespace sild::models {
namespace {

TEST(NoiseScheduleTest, VpCosineStartsCleanAndIsMonotone) {
  EXPECT_DOUBLE_EQ(vp_cosine_alpha_bar(0.0), 1.0);
  EXPECT_DOUBLE_EQ(vp_cosine_sigma(0.0), 0.0);
  double previous = 0.0;
  for (int i = 1; i <= 100; ++i) {
    double sigma = vp_cosine_sigma(i / 100.0);
    EXPECT_GT(sigma, previous);
    EXPECT_TRUE(std::isfinite(sigma));
    previous = sigma;
  }
  // ᾱ(0.5) of the cosine schedule with s = 0.008, worked by hand:
  // cos²(0.5080/1.008·π/2)/cos²(0.008/1.008·π/2).
  double expected =
      std::pow(std::cos(0.508 / 1.008 * M_PI / 2), 2) / std::pow(std::cos(0.008 / 1.008 * M_PI / 2), 2);
  EXPECT_NEAR(vp_cosine_alpha_bar(0.5), expected, 1e-15);
}

TEST(NoiseScheduleTest, VpCosineTimeInvertsSigma) {
  for (double t : {0.01, 0.2, 0.5, 0.8, 0.97}) EXPECT_NEAR(vp_cosine_time(vp_cosine_sigma(t)), t, 1e-9);
}

TEST(NoiseScheduleTest, KarrasGridHitsTheEndPointsAndDescends) {
  auto sigmas = karras_sigmas(18, 0.002, 80.0, 7.0);
  ASSERT_EQ(sigmas.size(), 18u);
  EXPECT_NEAR(sigmas.front(), 80.0, 1e-12);
  EXPECT_NEAR(sigmas.back(), 0.002, 1e-12);
  for (size_t i = 1; i < sigmas.size(); ++i) EXPECT_LT(sigmas[i], sigmas[i - 1]);
  // ρ = 1 is a linear grid.
  auto linear = karras_sigmas(3, 1.0, 3.0, 1.0);
  EXPECT_NEAR(linear[1], 2.0, 1e-12);
}

TEST(NoiseScheduleTest, SamplingGridsOfBothKindsSpanTheRange) {
  for (auto kind : {ScheduleKind::kVpCosine, ScheduleKind::kKarras}) {
    auto sigmas = sampling_sigmas(kind, 50, 0.01, 20.0);
    EXPECT_DOUBLE_EQ(sigmas.front(), 20.0);
    EXPECT_DOUBLE_EQ(sigmas.back(), 0.01);
    for (size_t i = 1; i < sigmas.size(); ++i)
      EXPECT_LT(sigmas[i], sigmas[i - 1]) << to_string(kind) << " " << i;
  }
}

TEST(NoiseScheduleTest, LogUniformSigmaCoversTheRangeGeometrically) {
  SigmaSamplingOptions options;
  options.sigma_min = 0.01;
  options.sigma_max = 1.0;
  EXPECT_NEAR(sigma_from_uniform(options, 0.0), 0.01, 1e-15);
  EXPECT_NEAR(sigma_from_uniform(options, 0.5), 0.1, 1e-12);
  EXPECT_NEAR(sigma_from_uniform(options, 1.0), 1.0, 1e-12);
  options.distribution = SigmaDistribution::kLogNormal;
  options.sigma_max = 100.0;
  EXPECT_NEAR(sigma_from_uniform(options, 0.3, 0.0), std::exp(-1.2), 1e-12);
  EXPECT_DOUBLE_EQ(sigma_from_uniform(options, 0.3, -100.0), 0.01);  // clipped
}

TEST(NoiseScheduleTest, LossWeightsFollowTheirFormulas) {
  EXPECT_DOUBLE_EQ(loss_weight(LossWeighting::kUniform, 0.3), 1.0);
  EXPECT_NEAR(loss_weight(LossWeighting::kEdm, 0.5, 0.5), (0.25 + 0.25) / 0.0625, 1e-12);
  EXPECT_NEAR(loss_weight(LossWeighting::kInverseSigmaSquared, 0.1), 100.0, 1e-9);
}

TEST(NoiseScheduleTest, UnknownNamesAreConfigErrors) {
  EXPECT_THROW(schedule_kind_from_string("linear"), ConfigError);
  EXPECT_THROW(sigma_distribution_from_string("uniform"), ConfigError);
  EXPECT_THROW(loss_weighting_from_string("snr"), ConfigError);
  EXPECT_EQ(schedule_kind_from_string("karras"), ScheduleKind::kKarras);
}

}  // namespace
}  // namespace sild::models
