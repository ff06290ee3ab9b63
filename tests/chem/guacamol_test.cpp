// GuacaMol's distribution-learning scores and BertzCT against vectors made by re-running
// GuacaMol's definitions on RDKit / numpy / scipy (tools/reference/make_guacamol_vectors.py).
#include <GraphMol/RWMol.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "chem/bertz_ct.h"
#include "chem/guacamol_metrics.h"
#include "chem/mol_io.h"
#include "common/numpy_random.h"
#include "test_support.h"

namespace sild::chem {
namespace {

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream stream(line);
  for (std::string field; std::getline(stream, field, '\t');) fields.push_back(field);
  return fields;
}

std::vector<double> numbers(const std::string& text) {
  std::istringstream stream(text);
  std::vector<double> out;
  for (double v; stream >> v;) out.push_back(v);
  return out;
}

TEST(GuacamolTest, DescriptorsIncludingBertzCtMatchRdkitPython) {
  const auto lines = test::read_lines(test::data_dir() / "guacamol" / "descriptors.tsv");
  ASSERT_GT(lines.size(), 300u);
  int checked = 0;
  for (size_t k = 1; k < lines.size(); ++k) {
    const auto fields = split_tabs(lines[k]);
    ASSERT_EQ(fields.size(), 10u);
    auto mol = mol_from_smiles(fields[0]);
    ASSERT_NE(mol, nullptr) << fields[0];
    const auto values = guacamol_descriptors(*mol);
    for (size_t i = 0; i < 9; ++i) {
      const double expected = std::stod(fields[i + 1]);
      EXPECT_NEAR(values[i], expected, 1e-9 * std::max(1.0, std::abs(expected)))
          << fields[0] << " " << kGuacamolDescriptorNames[i];
    }
    ++checked;
  }
  EXPECT_EQ(checked, static_cast<int>(lines.size()) - 1);
  auto methane = mol_from_smiles("C");
  EXPECT_EQ(bertz_ct(*methane), 0.0);
}

TEST(GuacamolTest, NumpyLegacyPermutationMatchesNumpy) {
  for (const auto& line : test::read_lines(test::data_dir() / "guacamol" / "permutation.txt")) {
    const auto values = numbers(line);
    const auto n = static_cast<int64_t>(values[0]);
    const auto k = static_cast<size_t>(values[1]);
    const auto order = numpy_legacy_permutation(42, n);
    ASSERT_EQ(values.size(), k + 2);
    for (size_t i = 0; i < k; ++i)
      EXPECT_EQ(order[i], static_cast<int64_t>(values[i + 2])) << n << " at " << i;
  }
}

TEST(GuacamolTest, KlDivergencesMatchScipyAndNumpy) {
  std::map<std::string, std::vector<double>> inputs;
  for (const auto& line : test::read_lines(test::data_dir() / "guacamol" / "kl_inputs.tsv")) {
    const auto fields = split_tabs(line);
    inputs[fields[0]] = numbers(fields[1]);
  }
  std::map<std::string, double> expected;
  for (const auto& line : test::read_lines(test::data_dir() / "guacamol" / "kl.tsv")) {
    const auto fields = split_tabs(line);
    expected[fields[0]] = std::stod(fields[1]);
  }
  EXPECT_NEAR(continuous_kl_divergence(inputs["a"], inputs["b"]), expected["continuous"], 1e-9);
  EXPECT_NEAR(discrete_kl_divergence(inputs["c"], inputs["d"]), expected["discrete"], 1e-9);
  EXPECT_NEAR(continuous_kl_divergence(inputs["a"], inputs["a"]), 0.0, 1e-12);
}

TEST(GuacamolTest, ScoresMatchGuacamolOnTheSameInputs) {
  std::vector<std::string> training;
  for (const auto& line : test::read_lines("/usr/share/RDKit/Data/NCI/first_5K.smi")) {
    if (line.empty()) continue;
    training.push_back(line.substr(0, line.find_first_of(" \t")));
    if (training.size() == 4000) break;
  }
  const auto generated = test::read_lines(test::data_dir() / "guacamol" / "generated.smi");
  std::map<std::string, double> expected;
  for (const auto& line : test::read_lines(test::data_dir() / "guacamol" / "scores.tsv")) {
    const auto fields = split_tabs(line);
    expected[fields[0]] = std::stod(fields[1]);
  }
  GuacamolOptions options;
  options.samples = 800;  // fewer than the 918 lines, so the sampling loops draw past the first chunk
  options.threads = 2;
  const auto scores = guacamol_scores(generated, training, options);
  EXPECT_NEAR(scores.validity, expected["validity"], 1e-12);
  EXPECT_NEAR(scores.uniqueness, expected["uniqueness"], 1e-12);
  EXPECT_NEAR(scores.novelty, expected["novelty"], 1e-12);
  ASSERT_TRUE(scores.kl_divergence.has_value());
  EXPECT_NEAR(*scores.kl_divergence, expected["kl_divergence"], 1e-6);
  for (const auto& [name, value] : scores.kl_parts) EXPECT_NEAR(value, expected["kl/" + name], 1e-6) << name;
  EXPECT_EQ(scores.kl_parts.size(), 10u);
  EXPECT_FALSE(scores.training_smaller_than_samples);
  EXPECT_EQ(scores.valid_sample.size(), 800u);
}

}  // namespace
}  // namespace sild::chem
