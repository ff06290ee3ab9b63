// Fréchet distance against scipy's sqrtm-based FCD formula on committed feature sets
// (tests/reference/frechet, made by tools/reference/make_frechet_vectors.py).
#include "models/metrics/frechet_distance.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <sstream>

#include "test_support.h"

namespace sild::models {
namespace {

at::Tensor read_matrix(const std::string& name) {
  std::vector<double> values;
  int64_t rows = 0, cols = 0;
  for (const auto& line : test::read_lines(test::data_dir() / "frechet" / name)) {
    std::istringstream in(line);
    double v;
    int64_t count = 0;
    while (in >> v) {
      values.push_back(v);
      ++count;
    }
    if (count == 0) continue;
    cols = count;
    ++rows;
  }
  return torch::tensor(values, torch::kFloat64).view({rows, cols});
}

TEST(FrechetDistanceTest, MatchesScipySqrtmWithinOneInAMillion) {
  auto lines = test::read_lines(test::data_dir() / "frechet" / "expected.tsv");
  ASSERT_EQ(lines.size(), 5u);
  for (size_t i = 1; i < lines.size(); ++i) {
    std::istringstream in(lines[i]);
    std::string name;
    double expected;
    in >> name >> expected;
    auto [mu1, s1] = feature_statistics(read_matrix(name + ".a.tsv"));
    auto [mu2, s2] = feature_statistics(read_matrix(name + ".b.tsv"));
    const double ours = frechet_distance(mu1, s1, mu2, s2);
    const double tolerance = std::max(1e-6 * std::fabs(expected), 1e-9);
    EXPECT_NEAR(ours, expected, tolerance) << name;
  }
}

TEST(FrechetDistanceTest, StatisticsAreMeanAndUnbiasedCovariance) {
  auto x = torch::tensor({{1.0, 2.0}, {3.0, 6.0}, {5.0, 10.0}}, torch::kFloat64);
  auto [mean, cov] = feature_statistics(x);
  EXPECT_TRUE(torch::allclose(mean, torch::tensor({3.0, 6.0}, torch::kFloat64)));
  EXPECT_NEAR(cov[0][0].item<double>(), 4.0, 1e-12);  // ((−2)² + 0 + 2²) / 2
  EXPECT_NEAR(cov[0][1].item<double>(), 8.0, 1e-12);
  EXPECT_THROW(feature_statistics(torch::zeros({1, 3})), c10::Error);
}

}  // namespace
}  // namespace sild::models
