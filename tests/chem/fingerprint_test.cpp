// Morgan fingerprints: bit-identical to RDKit Python's GetMorganFingerprintAsBitVect(r=2, 1024).
#include "chem/fingerprint.h"

#include <gtest/gtest.h>

#include "fingerprint_reference.h"

namespace sild::chem {
namespace {

TEST(FingerprintTest, MatchesRdkitPythonBitsOnReferenceMolecules) {
  auto rows = test::fingerprint_reference();
  ASSERT_GT(rows.size(), 1000u);
  std::vector<std::string> smiles;
  for (const auto& row : rows) smiles.push_back(row.smiles);
  std::vector<size_t> invalid;
  auto matrix = morgan_fingerprints(smiles, {}, 2, &invalid);
  EXPECT_TRUE(invalid.empty());
  ASSERT_EQ(matrix.rows(), rows.size());
  EXPECT_EQ(matrix.words(), 16u);
  size_t mismatches = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (matrix.on_bits(i) != rows[i].on_bits && ++mismatches <= 5)
      ADD_FAILURE() << "bits differ: " << rows[i].smiles;
  }
  EXPECT_EQ(mismatches, 0u);
}

TEST(FingerprintTest, InvalidSmilesGiveEmptyRowsAndAreReported) {
  std::vector<size_t> invalid;
  auto matrix = morgan_fingerprints({"CCO", "not a molecule", ""}, {}, 1, &invalid);
  EXPECT_EQ(invalid, (std::vector<size_t>{1, 2}));
  EXPECT_FALSE(matrix.on_bits(0).empty());
  EXPECT_TRUE(matrix.on_bits(1).empty());
}

}  // namespace
}  // namespace sild::chem
