// QED: equals RDKit's Python rdkit.Chem.QED on the reference vectors, on its properties and
// weight sets for one molecule, and from many threads sharing the compiled SMARTS.
#include "chem/qed.h"

#include <GraphMol/GraphMol.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <thread>

#include "chem/mol_io.h"
#include "property_reference.h"

namespace sild::chem {
namespace {

TEST(QedTest, MatchesRdkitPythonOnReferenceVectors) {
  silence_rdkit_logs();
  const auto rows = test::read_property_reference();
  ASSERT_GE(rows.size(), 1000u);
  test::ErrorTracker tracker("qed");
  for (const auto& row : rows) {
    MolPtr mol = mol_from_smiles(row.smiles);
    ASSERT_NE(mol, nullptr) << "line " << row.line << ": " << row.smiles;
    std::string failure;
    EXPECT_TRUE(tracker.check(row, qed(*mol), row.qed, failure)) << failure;
  }
  std::printf("%s\n", tracker.summary(rows.size()).c_str());
}

TEST(QedTest, ComputesRdkitsPropertiesAndWeightSetsForParacetamol) {
  // RDKit 2022.09.3 Python: QED.properties(m), QED.qed(m), weights_max(m), weights_none(m).
  MolPtr mol = mol_from_smiles("CC(=O)Nc1ccc(O)cc1");
  ASSERT_NE(mol, nullptr);
  const QedProperties p = qed_properties(*mol);
  EXPECT_NEAR(p.mw, 151.165, 1e-9);
  EXPECT_NEAR(p.alogp, 1.3506, 1e-9);
  EXPECT_EQ(p.hba, 2);
  EXPECT_EQ(p.hbd, 2);
  EXPECT_NEAR(p.psa, 49.33, 1e-9);
  EXPECT_EQ(p.rotb, 1);
  EXPECT_EQ(p.arom, 1);
  EXPECT_EQ(p.alerts, 1);
  EXPECT_NEAR(qed_from_properties(p), 0.5950261967780849, 1e-12);
  EXPECT_NEAR(qed_from_properties(p, kQedWeightsMax), 0.5790101148481911, 1e-12);
  EXPECT_NEAR(qed_from_properties(p, kQedWeightsNone), 0.6803910898305491, 1e-12);
}

TEST(QedTest, IgnoresExplicitHydrogensLikeRdkit) {
  MolPtr implicit = mol_from_smiles("OCc1ccccc1");
  MolPtr explicit_h = mol_from_smiles("[H]OC([H])([H])c1ccccc1");
  ASSERT_NE(implicit, nullptr);
  ASSERT_NE(explicit_h, nullptr);
  EXPECT_DOUBLE_EQ(qed(*implicit), qed(*explicit_h));
}

TEST(QedTest, GivesTheSameValuesFromManyThreads) {
  silence_rdkit_logs();
  auto rows = test::read_property_reference();
  constexpr size_t kThreads = 4;
  constexpr size_t kRowsPerThread = 100;
  rows.resize(std::min(rows.size(), kThreads * kRowsPerThread));
  std::vector<double> values(rows.size());
  std::vector<std::thread> threads;
  for (size_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (size_t i = t; i < rows.size(); i += kThreads) {
        MolPtr mol = mol_from_smiles(rows[i].smiles);
        values[i] = mol ? qed(*mol) : -1.0;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_NEAR(values[i], rows[i].qed, test::kPropertyTolerance) << rows[i].smiles;
  }
}

}  // namespace
}  // namespace sild::chem
