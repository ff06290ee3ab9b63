// Dataset preparation: skip counts by reason, determinism for a seed, held-out scaffolds never
// in train or test, the MOSES filters option, and no temp file left behind.
#include "data/dataset_prepare.h"

#include <GraphMol/RWMol.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "chem/fragments.h"
#include "chem/mol_io.h"
#include "common/errors.h"
#include "test_support.h"

namespace sild::core {
namespace {

constexpr const char* kNci = "/usr/share/RDKit/Data/NCI/first_5K.smi";

std::set<std::string> scaffolds_of(const std::vector<std::string>& smiles) {
  std::set<std::string> out;
  for (const auto& s : smiles) {
    auto mol = chem::mol_from_smiles(s);
    if (mol) out.insert(chem::murcko_scaffold(*mol, 0).value_or(""));
  }
  return out;
}

TEST(DatasetPrepareTest, CountsEverySkippedLineByReason) {
  auto dir = test::temp_dir("prepare-counts");
  std::ofstream(dir / "in.csv")
      << "smiles,id\nCCO,1\nOCC,2\n,3\nnot_a_smiles,4\n\"broken,5\nc1ccccc1,6\nCC[NH3+],7\n";
  PrepareOptions options;
  options.input = (dir / "in.csv").string();
  options.name = "tiny";
  options.datasets_dir = (dir / "datasets").string();
  options.split = SplitKind::kRandom;
  options.moses_filters = true;
  auto report = prepare_dataset(options);
  EXPECT_EQ(report.lines, 7);
  EXPECT_EQ(report.duplicate, 1);  // OCC is CCO
  EXPECT_EQ(report.empty, 1);
  EXPECT_EQ(report.unparsable, 1);
  EXPECT_EQ(report.broken, 1);
  EXPECT_EQ(report.filtered, 1);  // charged
  EXPECT_EQ(report.kept, 2);
  EXPECT_EQ(report.train + report.test, 2);
  EXPECT_FALSE(std::filesystem::exists(dir / "datasets" / "tiny" / ".molecules.tmp"));
  EXPECT_FALSE(std::filesystem::exists(dir / "datasets" / "tiny" / "test_scaffolds.smi"));
}

TEST(DatasetPrepareTest, ScaffoldSplitIsDeterministicAndHoldsOutWholeScaffolds) {
  if (!std::filesystem::exists(kNci)) GTEST_SKIP() << "rdkit-data is absent";
  auto dir = test::temp_dir("prepare-split");
  PrepareOptions options;
  options.input = kNci;
  options.name = "a";
  options.datasets_dir = (dir / "datasets").string();
  options.seed = 3;
  auto first = prepare_dataset(options);
  options.name = "b";
  options.threads = 1;
  prepare_dataset(options);
  options.name = "c";
  options.seed = 4;
  prepare_dataset(options);
  auto read = [&](const std::string& name, const std::string& split) {
    return test::read_lines(dir / "datasets" / name / (split + ".smi"));
  };
  for (const char* split : {"train", "test", "test_scaffolds"})
    EXPECT_EQ(read("a", split), read("b", split)) << split;
  EXPECT_NE(read("a", "test"), read("c", "test"));
  EXPECT_EQ(first.train + first.test + first.test_scaffolds, first.kept);
  EXPECT_GT(first.test_scaffolds, 0);
  auto held_out = scaffolds_of(read("a", "test_scaffolds"));
  auto train = read("a", "train");
  auto test = read("a", "test");
  train.insert(train.end(), test.begin(), test.end());
  for (const auto& scaffold : scaffolds_of(train)) EXPECT_EQ(held_out.count(scaffold), 0u) << scaffold;
  EXPECT_EQ(held_out.count(""), 0u);  // acyclic molecules are never held out
}

TEST(DatasetPrepareTest, ColumnSplitKeepsThePublishersSplit) {
  auto dir = test::temp_dir("prepare-column");
  // MOSES's dataset_v1.csv layout: SMILES,SPLIT.
  std::ofstream(dir / "moses.csv")
      << "SMILES,SPLIT\nCCO,train\nc1ccccc1,test\nOCC,test\nCC(=O)O,test_scaffolds\n"
         "c1ccncc1,TRAIN\nCCN,holdout\nC1CCCCC1,test\nNC1CCCCC1,\nNCC,train\nC1CCOC1,valid\n";
  PrepareOptions options;
  options.input = (dir / "moses.csv").string();
  options.smiles_column = "SMILES";
  options.name = "given";
  options.datasets_dir = (dir / "datasets").string();
  options.split = SplitKind::kColumn;
  options.test_fraction = 0.9;  // ignored: the column decides
  const auto report = prepare_dataset(options);
  EXPECT_EQ(report.lines, 10);
  EXPECT_EQ(report.duplicate, 1);  // OCC is CCO, which came first
  EXPECT_EQ(report.bad_split, 2);  // "holdout" and an empty value
  EXPECT_EQ(report.kept, 7);       // NCC is kept: the CCN with a bad split did not claim it
  const auto given = dir / "datasets" / "given";
  EXPECT_EQ(test::read_lines(given / "train.smi"), (std::vector<std::string>{"CCO", "c1ccncc1", "CCN"}));
  EXPECT_EQ(test::read_lines(given / "test.smi"), (std::vector<std::string>{"c1ccccc1", "C1CCCCC1"}));
  EXPECT_EQ(test::read_lines(given / "test_scaffolds.smi"), (std::vector<std::string>{"CC(=O)O"}));
  EXPECT_EQ(test::read_lines(given / "valid.smi"), (std::vector<std::string>{"C1CCOC1"}));
  EXPECT_NE(report.counts_json().find("\"bad_split\": 2"), std::string::npos) << report.counts_json();

  options.split_column = "fold";
  EXPECT_THROW(prepare_dataset(options), InputError);
  EXPECT_EQ(split_kind_from_string("column"), SplitKind::kColumn);
}

TEST(DatasetPrepareTest, FilesSplitKeepsEachFileAsItsSplit) {
  auto dir = test::temp_dir("prepare-files");
  std::ofstream(dir / "train.smiles") << "CCO\nc1ccccc1\nCCN\n";
  std::ofstream(dir / "valid.smiles") << "OCC\nC1CCOC1\n";  // OCC is train's CCO
  std::ofstream(dir / "test.smiles") << "c1ccncc1\nnot_a_smiles\n";
  PrepareOptions options;
  options.inputs = {{(dir / "train.smiles").string(), "train"},
                    {(dir / "valid.smiles").string(), "valid"},
                    {(dir / "test.smiles").string(), "test"}};
  options.name = "files";
  options.datasets_dir = (dir / "datasets").string();
  options.split = SplitKind::kFiles;
  const auto report = prepare_dataset(options);
  EXPECT_EQ(report.lines, 7);
  EXPECT_EQ(report.duplicate, 1);
  EXPECT_EQ(report.unparsable, 1);
  const auto files = dir / "datasets" / "files";
  EXPECT_EQ(test::read_lines(files / "train.smi"), (std::vector<std::string>{"CCO", "c1ccccc1", "CCN"}));
  EXPECT_EQ(test::read_lines(files / "valid.smi"), (std::vector<std::string>{"C1CCOC1"}));
  EXPECT_EQ(test::read_lines(files / "test.smi"), (std::vector<std::string>{"c1ccncc1"}));
  EXPECT_FALSE(std::filesystem::exists(files / "test_scaffolds.smi"));

  options.inputs[2].split = "";  // every file needs its split
  EXPECT_THROW(prepare_dataset(options), ConfigError);
  options.inputs[2].split = "holdout";
  EXPECT_THROW(prepare_dataset(options), ConfigError);
  options.inputs[2].split = "test";
  options.split = SplitKind::kRandom;  // a file's own split needs kFiles
  EXPECT_THROW(prepare_dataset(options), ConfigError);
}

TEST(DatasetPrepareTest, RejectsBadOptions) {
  PrepareOptions options;
  options.input = kNci;
  options.name = "../escape";
  EXPECT_THROW(prepare_dataset(options), ConfigError);
  options.name = "ok";
  options.test_fraction = 1.5;
  EXPECT_THROW(prepare_dataset(options), ConfigError);
  EXPECT_THROW(split_kind_from_string("stratified"), ConfigError);
}

}  // namespace
}  // namespace sild::core
