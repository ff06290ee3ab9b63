// Candidate libraries as library calls: the property-filter language, the acceptance loop over a
// scripted sampler (every draw counted once, draw order kept, budget and stop respected), and
// the three output formats read back (SDF through RDKit's own reader).
#include "src/molecules/generate.h"

#include <GraphMol/FileParsers/MolSupplier.h>
#include <GraphMol/RWMol.h>
#include <gtest/gtest.h>

#include <fstream>

#include "chem/mol_io.h"
#include "chem/properties.h"
#include "chem/sa_score.h"
#include "common/errors.h"
#include "data/molecule_reader.h"
#include "src/molecules/novelty_reference.h"
#include "src/molecules/property_filter.h"
#include "test_support.h"

namespace sild::core {
namespace {

TEST(PropertyFilterTest, ParsesEveryFormAndAppliesBoundsExactly) {
  auto ranges = parse_property_filter(" QED>=0.5, sa<=4,mw=200..500 ,logp>-1.5,mw<450, qed=1");
  ASSERT_EQ(ranges.size(), 6u);
  EXPECT_EQ(ranges[0].to_string(), "qed>=0.5");
  EXPECT_EQ(ranges[1].to_string(), "sa<=4");
  EXPECT_EQ(ranges[2].to_string(), "mw=200..500");
  EXPECT_EQ(ranges[3].to_string(), "logp>-1.5");
  EXPECT_EQ(ranges[4].to_string(), "mw<450");
  EXPECT_EQ(ranges[5].to_string(), "qed=1");
  EXPECT_TRUE(ranges[0].admits(0.5));
  EXPECT_FALSE(ranges[0].admits(0.4999));
  EXPECT_TRUE(ranges[2].admits(200.0));
  EXPECT_TRUE(ranges[2].admits(500.0));
  EXPECT_FALSE(ranges[2].admits(500.01));
  EXPECT_FALSE(ranges[3].admits(-1.5));   // strict
  EXPECT_FALSE(ranges[4].admits(450.0));  // strict
  EXPECT_FALSE(ranges[0].admits(std::nan("")));
  EXPECT_TRUE(parse_property_filter("").empty());
  EXPECT_TRUE(parse_property_filter("  ").empty());

  chem::MolProperties p{0.6, 3.0, 1.0, 300.0};
  EXPECT_TRUE(passes_property_filter(parse_property_filter("qed>=0.5,sa<=4,mw=200..500"), p));
  EXPECT_FALSE(passes_property_filter(parse_property_filter("qed>=0.5,sa<3"), p));
  EXPECT_TRUE(passes_property_filter({}, p));
}

TEST(PropertyFilterTest, MalformedConditionsAreConfigErrorsNamingThem) {
  for (const char* bad : {"qed", "weight>3", "qed>=", "qed>=abc", "mw=500..200", "sa<=4x", "qed>=nan", ",",
                          " , ", "qed>0.5,", ",qed>0.5", "qed>0.5,,sa<4"}) {
    try {
      parse_property_filter(bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const ConfigError& error) {
      EXPECT_NE(std::string(error.what()).find("--filter"), std::string::npos) << error.what();
    }
  }
}

/// Replays a fixed list of SMILES, batch after batch (batch b starts at b * batch size).
MoleculeSampler scripted(std::vector<std::string> pool, std::vector<int64_t>* calls = nullptr) {
  return [pool = std::move(pool), calls](int64_t count, int64_t batch) {
    if (calls) calls->push_back(batch);
    std::vector<std::string> out;
    for (int64_t i = 0; i < count; ++i) out.push_back(pool[static_cast<size_t>(batch * 4 + i) % pool.size()]);
    return out;
  };
}

TEST(GenerateTest, CountsEveryDrawOnceAndKeepsDrawOrder) {
  // 12 draws in 3 batches of 4 (the pool repeats after 8).
  const std::vector<std::string> pool = {"CCO", "C1=CC=CC=C1", "not_a_smiles", "",
                                         "OCC", "CCN",         "C(F)(F)(F)F",  "CCCC"};
  GenerateOptions options;
  options.count = 100;
  options.max_draws = 12;
  options.batch_size = 4;
  options.unique = true;
  options.threads = 2;
  std::vector<int64_t> calls;
  auto result = generate_library(options, scripted(pool, &calls));
  EXPECT_EQ(calls, (std::vector<int64_t>{0, 1, 2}));
  const auto& c = result.counts;
  EXPECT_EQ(c.drawn, 12);
  EXPECT_EQ(c.invalid, 4);    // draws 2, 3, 10, 11
  EXPECT_EQ(c.duplicate, 3);  // OCC (= CCO), then CCO and benzene again
  EXPECT_EQ(c.drawn, c.invalid + c.duplicate + c.known + c.moses_filtered + c.property_filtered + c.accepted);
  ASSERT_EQ(result.library.size(), static_cast<size_t>(c.accepted));
  EXPECT_TRUE(result.budget_exhausted);
  std::vector<std::string> smiles;
  for (const auto& entry : result.library) smiles.push_back(entry.smiles);
  // Canonical, in draw order; OCC is CCO again, draws 8.. repeat the first batch.
  EXPECT_EQ(smiles, (std::vector<std::string>{"CCO", "c1ccccc1", "CCN", "FC(F)(F)F", "CCCC"}));
  EXPECT_EQ(result.library[2].draw, 5);
  const chem::SaScorer scorer;
  auto mol = chem::mol_from_smiles("CCN");
  auto expected = chem::compute_properties(*mol, scorer);
  EXPECT_DOUBLE_EQ(result.library[2].properties.qed, expected.qed);
  EXPECT_DOUBLE_EQ(result.library[2].properties.mw, expected.mw);
}

TEST(GenerateTest, StopsAtCountAndAppliesNoveltyFiltersAndMosesFilters) {
  auto dir = test::temp_dir("generate");
  std::ofstream(dir / "train.smi") << "SMILES\nOCC\nbroken(\nCCCC\n";
  const std::vector<std::string> pool = {
      "CCO", "CCCC",      "CC(=O)Oc1ccccc1C(=O)O",      "C[N+](C)(C)C",
      "CCN", "c1ccccc1O", "CC(C)Cc1ccc(cc1)C(C)C(=O)O", "CCCCCCCCCCCCCCCCCCCC"};
  GenerateOptions options;
  options.count = 2;
  options.batch_size = 4;
  options.novel = true;
  options.train = (dir / "train.smi").string();
  options.moses_filters = true;
  options.filters = parse_property_filter("mw=100..300");
  auto result = generate_library(options, scripted(pool));
  EXPECT_EQ(result.training_molecules, 2);
  EXPECT_FALSE(result.budget_exhausted);
  ASSERT_EQ(result.library.size(), 2u);
  EXPECT_EQ(result.library[0].smiles, "CC(=O)Oc1ccccc1C(=O)O");       // aspirin, MW 180
  EXPECT_EQ(result.library[1].smiles, "CC(C)Cc1ccc(C(C)C(=O)O)cc1");  // ibuprofen, MW 206
  const auto& c = result.counts;
  EXPECT_EQ(c.drawn, 7);              // stops at the draw that completes the library
  EXPECT_EQ(c.known, 2);              // CCO (as OCC) and CCCC
  EXPECT_EQ(c.moses_filtered, 1);     // the quaternary ammonium is charged
  EXPECT_EQ(c.property_filtered, 2);  // CCN (45) and phenol (94) are below 100
  EXPECT_EQ(c.accepted, 2);

  // A novelty reference (an exported model's novelty.bin) in place of the molecules: the same library.
  NoveltyReference::from_molecules(options.train).save((dir / "novelty.bin").string());
  options.train = (dir / "novelty.bin").string();
  auto from_hashes = generate_library(options, scripted(pool));
  EXPECT_EQ(from_hashes.training_molecules, 2);
  EXPECT_EQ(from_hashes.counts.known, 2);
  ASSERT_EQ(from_hashes.library.size(), 2u);
  EXPECT_EQ(from_hashes.library[1].smiles, result.library[1].smiles);

  options.train.clear();
  EXPECT_THROW(generate_library(options, scripted(pool)), ConfigError);
  options.train = (dir / "missing.smi").string();
  EXPECT_THROW(generate_library(options, scripted(pool)), IoError);
  options.novel = false;
  options.count = 0;
  EXPECT_THROW(generate_library(options, scripted(pool)), ConfigError);
}

TEST(GenerateTest, ShouldStopEndsTheLoopBeforeTheNextBatch) {
  GenerateOptions options;
  options.count = 50;
  options.batch_size = 2;
  int batches = 0;
  options.progress = [&](const GenerateCounts&) { ++batches; };
  options.should_stop = [&] { return batches == 3; };
  auto result = generate_library(options, scripted({"CCO", "CCN"}));
  EXPECT_TRUE(result.stopped);
  EXPECT_FALSE(result.budget_exhausted);
  EXPECT_EQ(result.counts.drawn, 6);
}

TEST(GenerateTest, WritesSmiCsvAndSdfThatReadBack) {
  auto dir = test::temp_dir("library");
  const chem::SaScorer scorer;
  std::vector<LibraryEntry> library;
  for (const char* smiles : {"CC(=O)Oc1ccccc1C(=O)O", "c1ccncc1"}) {
    auto mol = chem::mol_from_smiles(smiles);
    library.push_back({chem::mol_to_smiles(*mol), chem::compute_properties(*mol, scorer), 0});
  }
  write_library((dir / "lib.smi").string(), library);
  EXPECT_EQ(test::read_lines(dir / "lib.smi"),
            (std::vector<std::string>{"CC(=O)Oc1ccccc1C(=O)O sild-000001", "c1ccncc1 sild-000002"}));
  write_library((dir / "lib.csv").string(), library);
  auto csv = test::read_lines(dir / "lib.csv");
  ASSERT_EQ(csv.size(), 3u);
  EXPECT_EQ(csv[0], "id,smiles,qed,sa,logp,mw");
  EXPECT_EQ(csv[2].rfind("sild-000002,c1ccncc1,", 0), 0u);

  write_library((dir / "lib.sdf").string(), library);
  RDKit::SDMolSupplier supplier((dir / "lib.sdf").string());
  std::vector<std::unique_ptr<RDKit::ROMol>> read;
  while (!supplier.atEnd()) read.emplace_back(supplier.next());
  ASSERT_EQ(read.size(), 2u);
  for (size_t i = 0; i < read.size(); ++i) {
    ASSERT_NE(read[i], nullptr);
    EXPECT_EQ(chem::mol_to_smiles(*read[i]), library[i].smiles);
    EXPECT_EQ(read[i]->getProp<std::string>("_Name"), i == 0 ? "sild-000001" : "sild-000002");
    EXPECT_NEAR(std::stod(read[i]->getProp<std::string>("QED")), library[i].properties.qed, 1e-6);
    EXPECT_NEAR(std::stod(read[i]->getProp<std::string>("MW")), library[i].properties.mw, 1e-4);
    EXPECT_TRUE(read[i]->hasProp("SA"));
    EXPECT_TRUE(read[i]->hasProp("logP"));
    EXPECT_EQ(read[i]->getNumConformers(), 1u);  // 2D coordinates
  }
  // The same file through sild's own reader (what `sild eval --generated lib.sdf` uses), with a
  // broken record appended: it is reported with its first line and the reader carries on.
  {
    std::ofstream append(dir / "lib.sdf", std::ios::app);
    append << "broken\n  no counts line\n\n$$$$\n";
  }
  MoleculeReader reader({(dir / "lib.sdf").string()});
  MoleculeRecord record;
  std::vector<std::string> smiles;
  std::vector<long> lines;
  while (reader.next(record)) {
    smiles.push_back(record.error ? "error" : record.smiles);
    lines.push_back(record.line);
  }
  EXPECT_EQ(smiles, (std::vector<std::string>{library[0].smiles, library[1].smiles, "error"}));
  EXPECT_EQ(lines[0], 1);
  EXPECT_GT(lines[2], lines[1]);
  EXPECT_THROW(write_library((dir / "lib.txt").string(), library), ConfigError);
  EXPECT_FALSE(std::filesystem::exists(dir / "lib.txt"));
}

}  // namespace
}  // namespace sild::core
