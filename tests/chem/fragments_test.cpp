// BRICS fragments, Murcko scaffolds and the MOSES filters against MOSES's definitions run with
// RDKit's Python API (tests/reference/fingerprints).
#include "chem/fragments.h"

#include <GraphMol/RWMol.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "chem/mol_io.h"
#include "chem/moses_filters.h"
#include "common/errors.h"
#include "fingerprint_reference.h"

namespace sild::chem {
namespace {

TEST(FragmentsTest, BricsFragmentsAndScaffoldsMatchMosesOnReferenceMolecules) {
  size_t fragment_mismatches = 0, scaffold_mismatches = 0;
  auto rows = test::fingerprint_reference();
  for (const auto& row : rows) {
    auto mol = mol_from_smiles(row.smiles);
    ASSERT_TRUE(mol) << row.smiles;
    auto fragments = brics_fragments(*mol);
    std::sort(fragments.begin(), fragments.end());
    if (fragments != row.fragments && ++fragment_mismatches <= 5)
      ADD_FAILURE() << "fragments: " << row.smiles;
    auto scaffold = murcko_scaffold(*mol, 2).value_or("");
    auto scaffold_any = murcko_scaffold(*mol, 0).value_or("");
    if ((scaffold != row.scaffold || scaffold_any != row.scaffold_any) && ++scaffold_mismatches <= 5) {
      ADD_FAILURE() << "scaffold of " << row.smiles << ": " << scaffold << " vs " << row.scaffold;
    }
  }
  EXPECT_EQ(fragment_mismatches, 0u);
  EXPECT_EQ(scaffold_mismatches, 0u);
}

TEST(FragmentsTest, AcyclicMoleculesHaveNoScaffold) {
  auto mol = mol_from_smiles("CCCCO");
  EXPECT_FALSE(murcko_scaffold(*mol, 0).has_value());
  auto benzene = mol_from_smiles("Cc1ccccc1");
  EXPECT_EQ(murcko_scaffold(*benzene, 1).value_or(""), "c1ccccc1");
  EXPECT_FALSE(murcko_scaffold(*benzene, 2).has_value());
}

TEST(MosesFiltersTest, VerdictsMatchMosesOnReferenceMolecules) {
  MosesFilters filters;
  EXPECT_EQ(filters.pattern_count(), 22u + 480u);
  size_t mismatches = 0, passing = 0;
  for (const auto& row : test::fingerprint_reference()) {
    auto mol = mol_from_smiles(row.smiles);
    bool passes = filters.passes(*mol);
    passing += passes ? 1 : 0;
    if (passes != row.passes_filters && ++mismatches <= 5) ADD_FAILURE() << "filters differ: " << row.smiles;
  }
  EXPECT_EQ(mismatches, 0u);
  EXPECT_GT(passing, 100u);  // the set exercises both verdicts
}

TEST(MosesFiltersTest, EachRuleRejectsWhatItShould) {
  MosesFilters filters;
  EXPECT_TRUE(filters.passes(*mol_from_smiles("c1ccccc1CCN")));
  EXPECT_FALSE(filters.passes(*mol_from_smiles("C1CCCCCCC1")));     // ring of 8
  EXPECT_FALSE(filters.passes(*mol_from_smiles("CC[NH3+]")));       // charge
  EXPECT_FALSE(filters.passes(*mol_from_smiles("CC[Si](C)(C)C")));  // atom not allowed
  EXPECT_FALSE(filters.passes(*mol_from_smiles("C1CO1")));          // MCF5 epoxide
}

TEST(MosesFiltersTest, AMissingPainsTableIsAnIoErrorNamingIt) {
  MosesFiltersOptions options;
  options.pains_path = "/nonexistent/wehi_pains.csv";
  try {
    MosesFilters filters(options);
    FAIL() << "missing table accepted";
  } catch (const IoError& error) {
    EXPECT_NE(std::string(error.what()).find("/nonexistent/wehi_pains.csv"), std::string::npos);
  }
}

}  // namespace
}  // namespace sild::chem
