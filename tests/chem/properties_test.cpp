// compute_properties: all four values equal RDKit's Python results (QED.qed, sascorer,
// Descriptors.MolLogP, Descriptors.MolWt) on the reference vectors; versions match RDKit.
#include "chem/properties.h"

#include <GraphMol/Descriptors/Crippen.h>
#include <GraphMol/Descriptors/MolDescriptors.h>
#include <GraphMol/GraphMol.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "chem/mol_io.h"
#include "chem/qed.h"
#include "chem/sa_score.h"
#include "property_reference.h"

namespace sild::chem {
namespace {

TEST(PropertiesTest, MatchesRdkitPythonOnReferenceVectors) {
  if (!std::filesystem::exists(kDefaultFragmentScoresPath)) {
    GTEST_SKIP() << kDefaultFragmentScoresPath << " is absent (Debian package rdkit-data)";
  }
  silence_rdkit_logs();
  const SaScorer scorer;
  const auto rows = test::read_property_reference();
  ASSERT_GE(rows.size(), 1000u);
  test::ErrorTracker qed_errors("qed"), sa_errors("sa"), logp_errors("logp"), mw_errors("mw");
  for (const auto& row : rows) {
    MolPtr mol = mol_from_smiles(row.smiles);
    ASSERT_NE(mol, nullptr) << "line " << row.line << ": " << row.smiles;
    const MolProperties values = compute_properties(*mol, scorer);
    std::string failure;
    EXPECT_TRUE(qed_errors.check(row, values.qed, row.qed, failure)) << failure;
    EXPECT_TRUE(sa_errors.check(row, values.sa, row.sa, failure)) << failure;
    EXPECT_TRUE(logp_errors.check(row, values.logp, row.logp, failure)) << failure;
    EXPECT_TRUE(mw_errors.check(row, values.mw, row.mw, failure)) << failure;
  }
  for (const auto* tracker : {&qed_errors, &sa_errors, &logp_errors, &mw_errors}) {
    std::printf("%s\n", tracker->summary(rows.size()).c_str());
  }
}

TEST(PropertiesTest, LogPAndWeightMatchRdkitPythonOnReferenceVectors) {
  silence_rdkit_logs();
  const auto rows = test::read_property_reference();
  test::ErrorTracker logp_errors("logp"), mw_errors("mw");
  for (const auto& row : rows) {
    MolPtr mol = mol_from_smiles(row.smiles);
    ASSERT_NE(mol, nullptr) << "line " << row.line << ": " << row.smiles;
    std::string failure;
    EXPECT_TRUE(logp_errors.check(row, crippen_logp(*mol), row.logp, failure)) << failure;
    EXPECT_TRUE(mw_errors.check(row, average_mol_weight(*mol), row.mw, failure)) << failure;
  }
}

TEST(PropertiesTest, CrippenLogPIsBitIdenticalToRdkitsCalcClogP) {
  // crippen_logp skips parameters that cannot type an atom; the sum must not change by a bit.
  silence_rdkit_logs();
  std::vector<std::string> smiles = {"[H]OC([H])([H])Cl",  "C[N+](C)(C)C.[Cl-]", "[Na+].[O-]C(=O)c1ccccc1",
                                     "FC(F)(F)S(=O)(=O)N", "c1ccc2[nH]ccc2c1",   "[Si](C)(C)(C)O",
                                     "[2H]C([2H])([2H])I"};
  for (const auto& row : test::read_property_reference()) smiles.push_back(row.smiles);
  const std::filesystem::path nci = "/usr/share/RDKit/Data/NCI/first_5K.smi";  // Debian rdkit-data
  if (std::filesystem::exists(nci)) {
    std::ifstream in(nci);
    for (std::string line; std::getline(in, line);)
      smiles.push_back(line.substr(0, line.find_first_of(" \t")));
  }
  size_t compared = 0;
  for (const auto& text : smiles) {
    MolPtr mol = mol_from_smiles(text);
    if (!mol) continue;
    const MolPtr fresh(new RDKit::RWMol(*mol));  // calcClogP caches on the molecule: use a copy
    EXPECT_EQ(crippen_logp(*mol), RDKit::Descriptors::calcClogP(*fresh)) << text;
    ++compared;
  }
  EXPECT_GT(compared, 1000u);
}

TEST(PropertiesTest, VersionConstantsMatchTheLinkedRdkit) {
  EXPECT_EQ(std::string(kCrippenLogPVersion), RDKit::Descriptors::crippenVersion);
  EXPECT_EQ(std::string(kAverageMolWeightVersion), RDKit::Descriptors::amwVersion);
  EXPECT_EQ(properties_version(), std::string("qed=") + kQedVersion + ";sa=" + kSaScoreVersion +
                                      ";logp=1.2.0;mw=" + kAverageMolWeightVersion);
}

}  // namespace
}  // namespace sild::chem
