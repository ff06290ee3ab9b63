// File pipelines as library calls: molecule input formats, convert and props (threads give the
// same file; values equal the chem/ functions; broken records are counted, not fatal).
#include <GraphMol/RWMol.h>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>

#include "chem/mol_io.h"
#include "chem/properties.h"
#include "chem/sa_score.h"
#include "common/errors.h"
#include "data/molecule_reader.h"
#include "src/molecules/convert.h"
#include "src/molecules/props.h"
#include "test_support.h"

namespace sild::core {
namespace {

std::string fmt_row(const std::string& smiles, const chem::MolProperties& p) {
  return fmt::format("{},1,{},{},{},{}", smiles, p.qed, p.sa, p.logp, p.mw);
}

TEST(MoleculeReaderTest, ReadsSmiFirstFieldsAndNamedCsvColumnsWithLineNumbers) {
  auto dir = test::temp_dir("reader");
  std::ofstream(dir / "a.smi") << "CCO ethanol\n\n  c1ccccc1\tbenzene\n";
  MoleculeReader smi({(dir / "a.smi").string()});
  MoleculeRecord record;
  std::vector<std::pair<long, std::string>> seen;
  while (smi.next(record)) seen.emplace_back(record.line, record.smiles);
  EXPECT_EQ(seen, (std::vector<std::pair<long, std::string>>{{1, "CCO"}, {2, ""}, {3, "c1ccccc1"}}));

  std::ofstream(dir / "b.csv") << "id,SMILES\n1,CCO\n2,\"C(=O)O\"\n3\n";
  MoleculeReader csv({(dir / "b.csv").string(), "smiles"});
  ASSERT_TRUE(csv.next(record));
  EXPECT_EQ(record.smiles, "CCO");
  EXPECT_EQ(record.line, 2);
  ASSERT_TRUE(csv.next(record));
  EXPECT_EQ(record.smiles, "C(=O)O");
  ASSERT_TRUE(csv.next(record));
  EXPECT_TRUE(record.error.has_value());
  EXPECT_EQ(record.line, 4);
  EXPECT_FALSE(csv.next(record));
  EXPECT_THROW(MoleculeReader({(dir / "b.csv").string(), "formula"}), InputError);
}

TEST(MoleculeReaderTest, OverlongSmilesAreBrokenRecordsThatNeverReachRdkit) {
  // Issue 20, defect 2: a 10,000-character chain kept RDKit busy for minutes.
  auto dir = test::temp_dir("reader-long");
  std::ofstream(dir / "long.smi") << std::string(1001, 'C') << "\n" << std::string(1000, 'C') << "\nCCO\n";
  MoleculeReader reader({(dir / "long.smi").string()});
  MoleculeRecord record;
  ASSERT_TRUE(reader.next(record));
  EXPECT_EQ(record.line, 1);
  ASSERT_TRUE(record.error.has_value());
  EXPECT_NE(record.error->find("--max-smiles-length"), std::string::npos) << *record.error;
  EXPECT_TRUE(record.smiles.empty());
  ASSERT_TRUE(reader.next(record));
  EXPECT_FALSE(record.error.has_value());  // the limit itself is allowed
  EXPECT_EQ(record.smiles.size(), 1000u);
  ASSERT_TRUE(reader.next(record));
  EXPECT_EQ(record.smiles, "CCO");

  MoleculeReader unlimited({(dir / "long.smi").string(), "smiles", {}, 0});
  ASSERT_TRUE(unlimited.next(record));
  EXPECT_EQ(record.smiles.size(), 1001u);

  // A label column only exists in CSV: asking for one on a .smi file is an error, not silence.
  EXPECT_THROW(MoleculeReader({(dir / "long.smi").string(), "smiles", "split"}), InputError);
}

TEST(MoleculeReaderTest, QuotedFieldsMaySpanLinesAndAStrayQuoteCostsOnlyItsLine) {
  auto dir = test::temp_dir("reader-multiline");
  // ZINC250k's layout (chemical_vae's CSV): each SMILES ends in a newline inside its quotes.
  std::ofstream(dir / "zinc.csv") << "smiles,logP,qed,SAS\n"
                                     "\"CC(C)(C)c1ccc2occ(CC(=O)Nc3ccccc3F)c2c1\n\",5.05,0.70,2.08\n"
                                     "\"C[C@@H]1CC(Nc2cncc(-c3nncn3C)c2)C[C@@H](C)C1\n\",3.11,0.92,3.43\n";
  MoleculeReader zinc({(dir / "zinc.csv").string()});
  MoleculeRecord record;
  std::vector<std::pair<long, std::string>> seen;
  while (zinc.next(record)) {
    EXPECT_FALSE(record.error.has_value()) << *record.error;
    seen.emplace_back(record.line, record.smiles);
  }
  EXPECT_EQ(seen,
            (std::vector<std::pair<long, std::string>>{{2, "CC(C)(C)c1ccc2occ(CC(=O)Nc3ccccc3F)c2c1"},
                                                       {4, "C[C@@H]1CC(Nc2cncc(-c3nncn3C)c2)C[C@@H](C)C1"}}));

  // A quote that never closes breaks its own record only; CRLF line ends are not part of a field.
  std::string stray = "id,smiles\r\n1,\"CCO\r\n";
  for (int i = 0; i < 20; ++i) stray += std::to_string(i + 2) + ",C" + std::string(i % 3, 'C') + "N\r\n";
  std::ofstream(dir / "stray.csv", std::ios::binary) << stray;
  MoleculeReader broken({(dir / "stray.csv").string()});
  ASSERT_TRUE(broken.next(record));
  EXPECT_EQ(record.line, 2);
  EXPECT_EQ(record.error.value_or(""), "unterminated quoted field");
  long expected_line = 3;
  while (broken.next(record)) {
    EXPECT_FALSE(record.error.has_value()) << record.line;
    EXPECT_EQ(record.line, expected_line);
    EXPECT_EQ(record.smiles, "C" + std::string((expected_line - 3) % 3, 'C') + "N");
    ++expected_line;
  }
  EXPECT_EQ(expected_line, 23);
}

TEST(ConvertTest, CountsConvertedFailedAndEmptyLines) {
  auto dir = test::temp_dir("convert");
  std::ofstream(dir / "in.smi") << "CCO\nC1CC\n\nN#N\n";
  ConvertOptions options;
  options.input = (dir / "in.smi").string();
  options.output = (dir / "out.txt").string();
  auto report = convert_file(options);
  EXPECT_EQ(report.lines, 4);
  EXPECT_EQ(report.converted, 2);
  EXPECT_EQ(report.failed, 1);
  EXPECT_EQ(report.empty, 1);
  EXPECT_EQ(test::read_lines(dir / "out.txt"), (std::vector<std::string>{"[C][C][O]", "", "", "[N][#N]"}));
  options.input = (dir / "missing.smi").string();
  EXPECT_THROW(convert_file(options), IoError);
}

TEST(PropsTest, ThreadCountsGiveTheSameFileAndTheChemValues) {
  if (!std::filesystem::exists("/usr/share/RDKit/Data/NCI/first_5K.smi")) GTEST_SKIP() << "rdkit-data absent";
  auto dir = test::temp_dir("props");
  PropsOptions options;
  options.input = "/usr/share/RDKit/Data/NCI/first_5K.smi";
  options.batch_size = 300;
  options.threads = 1;
  options.output = (dir / "one.csv").string();
  auto single = compute_props_file(options);
  options.threads = 3;
  options.output = (dir / "three.csv").string();
  auto multi = compute_props_file(options);
  EXPECT_EQ(single.valid, multi.valid);
  EXPECT_EQ(single.lines, 4999);
  auto one = test::read_lines(dir / "one.csv");
  EXPECT_EQ(one, test::read_lines(dir / "three.csv"));
  ASSERT_EQ(one.size(), 5000u);
  // Row 1 against the library functions.
  const std::string first_smiles = one[1].substr(0, one[1].find(','));
  auto mol = chem::mol_from_smiles(first_smiles);
  ASSERT_TRUE(mol);
  auto expected = chem::compute_properties(*mol, chem::SaScorer());
  EXPECT_EQ(one[1], fmt_row(first_smiles, expected));
}

}  // namespace
}  // namespace sild::core
