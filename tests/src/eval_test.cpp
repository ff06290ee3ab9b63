// `sild eval` as a library call: the MOSES metrics, FCD reported unavailable without weights (never
// substituted), reference statistics cached in the store on the first run and reused on the second.
#include <gtest/gtest.h>

#include <cstdlib>

#include "src/molecules/evaluate.h"
#include "src/store/database.h"
#include "test_support.h"

namespace sild::core {
namespace {

TEST(EvalTest, SecondRunReusesCachedStatisticsAndGivesTheSameMetrics) {
  const auto data = test::data_dir() / "moses";
  EvalOptions options;
  options.generated = (data / "generated.smi").string();
  options.test = (data / "test.smi").string();
  options.train = (data / "train.smi").string();
  // No weights anywhere: an empty HOME and no SILD_CHEMNET (each test runs in its own process).
  const auto home = test::temp_dir("eval-home");
  setenv("HOME", home.c_str(), 1);
  unsetenv("SILD_CHEMNET");
  store::Database database((test::temp_dir("eval") / "sild.sqlite").string());
  auto first = evaluate(options, &database);
  EXPECT_FALSE(first.statistics_from_cache);
  auto second = evaluate(options, &database);
  EXPECT_TRUE(second.statistics_from_cache);
  ASSERT_EQ(first.metrics.size(), second.metrics.size());
  for (size_t i = 0; i < first.metrics.size(); ++i) {
    EXPECT_EQ(first.metrics[i].first, second.metrics[i].first);
    EXPECT_EQ(first.metrics[i].second, second.metrics[i].second) << first.metrics[i].first;
  }
  std::map<std::string, std::optional<double>> values(first.metrics.begin(), first.metrics.end());
  ASSERT_TRUE(values.count("FCD/Test"));
  EXPECT_FALSE(values["FCD/Test"].has_value());
  EXPECT_NE(metrics_json(first).find("\"FCD/Test\": null"), std::string::npos);
  EXPECT_NE(metrics_table(first).find("FCD unavailable"), std::string::npos);
  EXPECT_NEAR(*values["Novelty"], 0.8333333333333334, 1e-12);
}

}  // namespace
}  // namespace sild::core
