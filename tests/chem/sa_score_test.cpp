// SA score: equals RDKit Contrib's sascorer.py on the reference vectors, loads its table once,
// is usable from many threads, and reports missing or malformed tables with typed errors.
#include "chem/sa_score.h"

#include <GraphMol/GraphMol.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>

#include "chem/mol_io.h"
#include "common/errors.h"
#include "property_reference.h"

namespace sild::chem {
namespace {

// sum(len(row) - 1 for row in pickle.load(...)) in Python; all ids are distinct.
constexpr size_t kFragmentIds = 705292;

/// One scorer for the whole test binary: loading the table is the slow part.
const SaScorer* shared_scorer() {
  static const std::unique_ptr<SaScorer> kScorer =
      std::filesystem::exists(kDefaultFragmentScoresPath) ? std::make_unique<SaScorer>() : nullptr;
  return kScorer.get();
}

#define REQUIRE_FRAGMENT_TABLE()                                                            \
  if (shared_scorer() == nullptr) {                                                         \
    GTEST_SKIP() << kDefaultFragmentScoresPath << " is absent (Debian package rdkit-data)"; \
  }

TEST(SaScoreTest, LoadsEveryFragmentOfTheRdkitTable) {
  REQUIRE_FRAGMENT_TABLE();
  EXPECT_EQ(shared_scorer()->fragment_count(), kFragmentIds);
  EXPECT_DOUBLE_EQ(shared_scorer()->fragment_score(910163969, -4.0), -2.8254);
  EXPECT_EQ(shared_scorer()->fragment_score(0, -4.0), -4.0);
}

TEST(SaScoreTest, MatchesRdkitPythonOnReferenceVectors) {
  REQUIRE_FRAGMENT_TABLE();
  silence_rdkit_logs();
  const auto rows = test::read_property_reference();
  ASSERT_GE(rows.size(), 1000u);
  test::ErrorTracker tracker("sa");
  for (const auto& row : rows) {
    MolPtr mol = mol_from_smiles(row.smiles);
    ASSERT_NE(mol, nullptr) << "line " << row.line << ": " << row.smiles;
    std::string failure;
    EXPECT_TRUE(tracker.check(row, shared_scorer()->score(*mol), row.sa, failure)) << failure;
  }
  std::printf("%s\n", tracker.summary(rows.size()).c_str());
}

TEST(SaScoreTest, GivesTheSameScoresFromManyThreads) {
  REQUIRE_FRAGMENT_TABLE();
  silence_rdkit_logs();
  auto rows = test::read_property_reference();
  constexpr size_t kThreads = 4;
  constexpr size_t kRowsPerThread = 100;
  rows.resize(std::min(rows.size(), kThreads * kRowsPerThread));
  std::vector<double> scores(rows.size());
  std::vector<std::thread> threads;
  for (size_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (size_t i = t; i < rows.size(); i += kThreads) {
        MolPtr mol = mol_from_smiles(rows[i].smiles);
        scores[i] = mol ? shared_scorer()->score(*mol) : -1.0;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_NEAR(scores[i], rows[i].sa, test::kPropertyTolerance) << rows[i].smiles;
  }
}

TEST(SaScoreTest, GivesTheSameScoreWhenCalledTwiceOnOneMolecule) {
  REQUIRE_FRAGMENT_TABLE();
  MolPtr mol = mol_from_smiles("CC(N)C(F)Cl");  // two unassigned stereo centres
  ASSERT_NE(mol, nullptr);
  const double first = shared_scorer()->score(*mol);
  EXPECT_EQ(shared_scorer()->score(*mol), first);
}

TEST(SaScoreTest, RejectsAMoleculeWithoutAtoms) {
  REQUIRE_FRAGMENT_TABLE();
  RDKit::ROMol empty;
  EXPECT_THROW(shared_scorer()->score(empty), InputError);
}

TEST(SaScoreTest, ReportsAMissingFragmentTableAsIoErrorNamingThePath) {
  const std::string path = (test::temp_dir("sa-score") / "fpscores.pkl.gz").string();
  try {
    SaScorer scorer(path);
    FAIL() << "no error for a missing fragment table";
  } catch (const IoError& error) {
    EXPECT_NE(std::string(error.what()).find(path), std::string::npos) << error.what();
  }
}

TEST(SaScoreTest, RejectsATableOfTheWrongShapeNamingThePath) {
  const auto dir = test::temp_dir("sa-score");
  const std::string path = (dir / "flat.pkl.gz").string();
  gzFile file = gzopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  const std::string flat_list = "(lp0\nI1\naI2\na.";  // [1, 2]: rows are not lists
  gzwrite(file, flat_list.data(), static_cast<unsigned>(flat_list.size()));
  gzclose(file);
  try {
    SaScorer scorer(path);
    FAIL() << "accepted a table of the wrong shape";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find(path), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace sild::chem
