// MOSES metrics against MOSES's definitions evaluated with RDKit's Python API, numpy and scipy
// on committed QM9-based sets (tests/reference/moses, see its README).
#include "chem/moses_metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "chem/distribution_distance.h"
#include "chem/moses_filters.h"
#include "chem/sa_score.h"
#include "common/errors.h"
#include "fingerprint_reference.h"
#include "test_support.h"

namespace sild::chem {
namespace {

std::vector<std::string> lines_of(const std::string& name) {
  return test::read_lines(test::data_dir() / "moses" / name);
}

TEST(MosesMetricsTest, MatchesMosesDefinitionsOnCommittedSets) {
  std::map<std::string, double> expected;
  for (const auto& line : lines_of("metrics.tsv")) {
    auto fields = test::split_fields(line, '\t');
    if (fields[0] != "metric") expected[fields[0]] = std::stod(fields[1]);
  }
  const SaScorer scorer;
  const MosesFilters filters;
  auto test_stats = compute_reference_statistics(lines_of("test.smi"), scorer, 2);
  auto scaffold_stats = compute_reference_statistics(lines_of("test_scaffolds.smi"), scorer, 2);
  auto train_lines = lines_of("train.smi");
  std::set<std::string> train(train_lines.begin(), train_lines.end());
  auto metrics =
      moses_metrics(lines_of("generated.smi"), test_stats, &scaffold_stats, &train, scorer, filters);
  std::map<std::string, std::optional<double>> ours(metrics.begin(), metrics.end());
  ASSERT_EQ(ours.size(), expected.size());
  for (const auto& [name, value] : expected) {
    ASSERT_TRUE(ours.count(name)) << name;
    ASSERT_TRUE(ours[name].has_value()) << name;
    // Counts and fractions to 1e-9, everything else to 1e-6 (the issue asks 1e-6 / 1e-4).
    const bool fraction =
        name == "valid" || name.rfind("unique@", 0) == 0 || name == "Filters" || name == "Novelty";
    EXPECT_NEAR(*ours[name], value, fraction ? 1e-9 : 1e-6) << name;
  }
}

TEST(MosesMetricsTest, ReferenceStatisticsSurviveTheirBinaryForm) {
  const SaScorer scorer;
  auto stats =
      compute_reference_statistics({"CCO", "c1ccccc1C(=O)O", "not a molecule", "C1CC2CC1CC2"}, scorer, 1);
  EXPECT_EQ(stats.molecules, 3);
  auto bytes = stats.to_bytes();
  auto back = ReferenceStatistics::from_bytes(bytes);
  EXPECT_EQ(back.molecules, 3);
  EXPECT_EQ(back.fragments, stats.fragments);
  EXPECT_EQ(back.scaffolds, stats.scaffolds);
  EXPECT_EQ(back.qed, stats.qed);
  EXPECT_EQ(back.fingerprints.on_bits(2), stats.fingerprints.on_bits(2));
  EXPECT_THROW(ReferenceStatistics::from_bytes(bytes.substr(0, bytes.size() - 5)), InputError);
  EXPECT_THROW(ReferenceStatistics::from_bytes("something else"), InputError);
}

TEST(MosesMetricsTest, EmptyOrInvalidGenerationGivesUndefinedMetricsNotCrashes) {
  const SaScorer scorer;
  const MosesFilters filters;
  auto stats = compute_reference_statistics({"CCO", "CCN"}, scorer, 1);
  auto metrics = moses_metrics({"xx", ""}, stats, nullptr, nullptr, scorer, filters);
  std::map<std::string, std::optional<double>> values(metrics.begin(), metrics.end());
  EXPECT_DOUBLE_EQ(*values["valid"], 0.0);
  EXPECT_FALSE(values["unique@1000"].has_value());
  EXPECT_FALSE(values["SNN/Test"].has_value());
  EXPECT_FALSE(values["logP"].has_value());
  EXPECT_EQ(values.count("Novelty"), 0u);
}

TEST(DistributionDistanceTest, WassersteinMatchesScipyOnSmallCases) {
  // scipy.stats.wasserstein_distance([0, 1, 3], [5, 6, 8]) = 5.0; ([0, 1], [0, 1, 1, 1]) = 0.25
  EXPECT_NEAR(wasserstein_1d({0, 1, 3}, {5, 6, 8}), 5.0, 1e-12);
  EXPECT_NEAR(wasserstein_1d({0, 1}, {0, 1, 1, 1}), 0.25, 1e-12);
  EXPECT_NEAR(wasserstein_1d({3.4, 3.9, 7.5, 7.8}, {4.5, 1.4}), 2.7, 1e-12);
  EXPECT_TRUE(std::isnan(wasserstein_1d({}, {1.0})));
  EXPECT_NEAR(count_cosine_similarity({{"a", 1}, {"b", 1}}, {{"a", 1}}), 1 / std::sqrt(2.0), 1e-12);
}

}  // namespace
}  // namespace sild::chem
