// ChemNet tokens against the Python regex tokeniser of tools/reference/make_chemnet_vectors.py
// (fcd_torch's rule): two-letter symbols first, unknown characters as X, '.' appended, 350 max.
#include "chem/chemnet_tokens.h"

#include <gtest/gtest.h>

#include <sstream>

#include "test_support.h"

namespace sild::chem {
namespace {

TEST(ChemNetTokensTest, MatchesTheReferenceTokeniser) {
  const auto lines = test::read_lines(test::data_dir() / "chemnet" / "tokens.tsv");
  ASSERT_EQ(lines.size(), 9u);
  for (const auto& line : lines) {
    const auto tab = line.find('\t');
    const std::string smiles = line.substr(0, tab);
    std::istringstream fields(line.substr(tab + 1));
    std::vector<int> expected;
    for (int index; fields >> index;) expected.push_back(index);
    auto tokens = chemnet_tokens(smiles);
    EXPECT_EQ(tokens.indices, expected) << smiles;
    EXPECT_EQ(tokens.truncated, smiles.size() + 1 > 350) << smiles;
  }
  EXPECT_EQ(chemnet_alphabet().size(), 35u);
  EXPECT_EQ(chemnet_alphabet()[34], ".");
  EXPECT_EQ(chemnet_tokens("C\xc3\xa9").indices, (std::vector<int>{0, 33, 34}));  // one X per code point
}

}  // namespace
}  // namespace sild::chem
