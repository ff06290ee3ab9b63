// SMILES tokenizer: token classes, error positions, and lossless round trips on real data.
#include "chem/smiles_tokenizer.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace sild::chem {
namespace {

std::vector<std::string> tokens_of(const std::string& smiles) {
  auto result = tokenize_smiles(smiles);
  EXPECT_TRUE(result.ok()) << smiles << ": " << (result.error ? result.error->reason : "");
  return result.tokens;
}

TEST(SmilesTokenizerTest, SplitsBracketAtomsTwoLetterElementsAndRingBonds) {
  using V = std::vector<std::string>;
  EXPECT_EQ(tokens_of("ClCBr"), (V{"Cl", "C", "Br"}));
  EXPECT_EQ(tokens_of("c1ccccc1"), (V{"c", "1", "c", "c", "c", "c", "c", "1"}));
  EXPECT_EQ(tokens_of("[NH4+].[Cl-]"), (V{"[NH4+]", ".", "[Cl-]"}));
  EXPECT_EQ(tokens_of("C%12CC%12"), (V{"C", "%12", "C", "C", "%12"}));
  EXPECT_EQ(tokens_of("F/C=C\\F"), (V{"F", "/", "C", "=", "C", "\\", "F"}));
  EXPECT_EQ(tokens_of("[C@@H](O)(N)C#N"), (V{"[C@@H]", "(", "O", ")", "(", "N", ")", "C", "#", "N"}));
  EXPECT_EQ(tokens_of("[13CH3]C"), (V{"[13CH3]", "C"}));
  EXPECT_EQ(tokens_of("*C$C:C~C"), (V{"*", "C", "$", "C", ":", "C", "~", "C"}));
}

TEST(SmilesTokenizerTest, ReportsTheFirstLexicalErrorWithItsPosition) {
  auto unclosed = tokenize_smiles("CC[NH");
  ASSERT_FALSE(unclosed.ok());
  EXPECT_EQ(unclosed.error->position, 2u);
  auto space = tokenize_smiles("CC O");
  ASSERT_FALSE(space.ok());
  EXPECT_EQ(space.error->position, 2u);
  EXPECT_FALSE(tokenize_smiles("C%1C").ok());
  EXPECT_FALSE(tokenize_smiles("C[]C").ok());
  EXPECT_FALSE(tokenize_smiles("C[C[N]]").ok());
  EXPECT_TRUE(tokenize_smiles("").ok());
}

void expect_round_trip_on(const std::string& dataset) {
  if (!test::has_shared(dataset)) GTEST_SKIP() << "../shared/data/" << dataset << " is absent";
  auto smiles = test::read_shared_smiles(dataset);
  ASSERT_GT(smiles.size(), 1000u);
  size_t failures = 0;
  for (const auto& s : smiles) {
    auto result = tokenize_smiles(s);
    if (!result.ok() || detokenize(result.tokens) != s) {
      if (++failures < 10) ADD_FAILURE() << "no round trip: " << s;
    }
  }
  EXPECT_EQ(failures, 0u) << "of " << smiles.size();
}

TEST(SmilesTokenizerTest, RoundTripsEveryLineOfQm9) { expect_round_trip_on("qm9.csv.gz"); }
TEST(SmilesTokenizerTest, RoundTripsEveryLineOfHiv) { expect_round_trip_on("hiv.csv.gz"); }

}  // namespace
}  // namespace sild::chem
