// FCD end to end against the independent PyTorch evaluation of the same random ChemNet
// (tests/reference/chemnet, made by tools/reference/make_chemnet_vectors.py): features per molecule
// and the FCD between two molecule sets; then `evaluate` reports FCD/Test with the weights and
// caches the reference statistics, and says how to install them without.
#include "src/molecules/fcd.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "common/errors.h"
#include "src/molecules/evaluate.h"
#include "src/store/database.h"
#include "test_support.h"

namespace sild::core {
namespace {

std::string weights() { return (test::data_dir() / "chemnet" / "tiny_chemnet.safetensors").string(); }

TEST(FcdTest, FeaturesMatchTheIndependentPyTorchEvaluation) {
  FcdModel model(weights(), 1);
  std::vector<std::string> smiles;
  std::vector<std::vector<double>> expected;
  for (const auto& line : test::read_lines(test::data_dir() / "chemnet" / "features.tsv")) {
    const auto tab = line.find('\t');
    smiles.push_back(line.substr(0, tab));
    std::istringstream fields(line.substr(tab + 1));
    expected.emplace_back();
    for (double v; fields >> v;) expected.back().push_back(v);
  }
  ASSERT_EQ(smiles.size(), 14u);
  auto features = model.features(smiles);
  ASSERT_EQ(features.size(0), 14);
  ASSERT_EQ(features.size(1), 20);
  double worst = 0.0;
  for (int64_t i = 0; i < 14; ++i) {
    for (int64_t j = 0; j < 20; ++j) {
      worst = std::max(worst, std::abs(features[i][j].item<double>() -
                                       expected[static_cast<size_t>(i)][static_cast<size_t>(j)]));
    }
  }
  EXPECT_LT(worst, 2e-6);
}

TEST(FcdTest, DistanceMatchesTheReferenceAndIsCachedByEvaluate) {
  std::vector<std::string> a, b;
  for (const auto& line : test::read_lines(test::data_dir() / "chemnet" / "sets.tsv")) {
    (line[0] == 'a' ? a : b).push_back(line.substr(2));
  }
  ASSERT_EQ(a.size(), 40u);
  ASSERT_EQ(b.size(), 40u);
  const double expected = std::stod(test::read_lines(test::data_dir() / "chemnet" / "fcd.txt").at(0));
  FcdModel model(weights(), 1);
  const double value = fcd(model.statistics(a), model.statistics(b));
  EXPECT_NEAR(value, expected, 1e-4 * expected);
  EXPECT_NEAR(fcd(model.statistics(a), model.statistics(a)), 0.0, 1e-9);
  auto round_trip = FcdStatistics::from_bytes(model.statistics(b).to_bytes());
  EXPECT_NEAR(fcd(model.statistics(a), round_trip), value, 1e-12);
  EXPECT_THROW(FcdStatistics::from_bytes("short"), InputError);
  EXPECT_THROW(model.statistics({"CCO"}), InputError);

  auto dir = test::temp_dir("fcd-eval");
  {
    std::ofstream generated(dir / "gen.smi");
    for (const auto& s : a) generated << s << "\n";
    generated << "not_a_molecule\n";
    std::ofstream test_file(dir / "test.smi");
    for (const auto& s : b) test_file << s << "\n";
  }
  store::Database database((dir / "sild.sqlite").string());
  EvalOptions options;
  options.generated = (dir / "gen.smi").string();
  options.test = (dir / "test.smi").string();
  options.chemnet = weights();
  options.threads = 1;
  for (bool cached : {false, true}) {
    auto result = evaluate(options, &database);
    std::optional<double> reported;
    for (const auto& [name, v] : result.metrics) {
      if (name == "FCD/Test") reported = v;
    }
    ASSERT_TRUE(reported.has_value());
    EXPECT_NEAR(*reported, expected, 1e-4 * expected) << "cached: " << cached;
    EXPECT_EQ(result.statistics_from_cache, cached);
  }
  // GuacaMol's FCD score: training subset (all 40 of b, fewer than the 41 samples) against the
  // valid sample (the 40 of a): exp(-0.2 FCD(b, a)), and FCD is symmetric.
  {
    std::ofstream train_file(dir / "train.smi");
    for (const auto& s : b) train_file << s << "\n";
  }
  options.train = (dir / "train.smi").string();
  auto with_train = evaluate(options, &database);
  std::map<std::string, std::optional<double>> values(with_train.metrics.begin(), with_train.metrics.end());
  ASSERT_TRUE(values["GuacaMol/FCD"].has_value());
  EXPECT_NEAR(*values["GuacaMol/FCD"], std::exp(-0.2 * expected), 1e-4 * expected);
  EXPECT_NEAR(*values["GuacaMol/validity"], 40.0 / 41.0, 1e-12);
  options.chemnet = (dir / "missing.safetensors").string();
  EXPECT_THROW(evaluate(options, &database), IoError);
}

}  // namespace
}  // namespace sild::core
