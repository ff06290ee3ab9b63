// The novelty reference: hashes of canonical SMILES (one molecule however it is spelled), its
// file round trip, and clear errors for files that are not one. Also FNV-1a's published vectors.
#include "src/molecules/novelty_reference.h"

#include <gtest/gtest.h>

#include <fstream>

#include "chem/mol_io.h"
#include "common/errors.h"
#include "common/fnv1a.h"
#include "test_support.h"

namespace sild::core {
namespace {

TEST(Fnv1aTest, MatchesThePublishedTestVectors) {
  // From the FNV reference test suite (64-bit FNV-1a).
  EXPECT_EQ(fnv1a(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(fnv1a("foobar"), 0x85944171f73967e8ULL);
  EXPECT_EQ(Fnv1a().update("foo").update("bar").value(), fnv1a("foobar"));  // incremental
}

TEST(NoveltyReferenceTest, HoldsEachMoleculeOnceHoweverItIsSpelled) {
  auto dir = test::temp_dir("novelty");
  std::ofstream(dir / "train.smi") << "OCC\nCCO\nc1ccccc1\nC1=CC=CC=C1\nbroken(\n\nCC(=O)O\n";
  auto reference = NoveltyReference::from_molecules((dir / "train.smi").string(), "smiles", 1);
  EXPECT_EQ(reference.size(), 3);  // ethanol, benzene, acetic acid; the broken line is left out
  for (const char* known : {"CCO", "c1ccccc1", "CC(=O)O"}) {
    EXPECT_TRUE(reference.contains(*chem::canonical_smiles(known))) << known;
  }
  EXPECT_FALSE(reference.contains(*chem::canonical_smiles("CCN")));

  const auto path = (dir / "novelty.bin").string();
  reference.save(path);
  EXPECT_EQ(std::filesystem::file_size(path), 8u + 8u + 3u * 8u);
  auto loaded = NoveltyReference::load(path);
  EXPECT_EQ(loaded.size(), 3);
  EXPECT_TRUE(loaded.contains(*chem::canonical_smiles("OCC")));
  // open() tells the two kinds of file apart.
  EXPECT_EQ(NoveltyReference::open(path).size(), 3);
  EXPECT_EQ(NoveltyReference::open((dir / "train.smi").string()).size(), 3);
}

TEST(NoveltyReferenceTest, FilesThatAreNotOneAreInputErrorsNamingThem) {
  auto dir = test::temp_dir("novelty-bad");
  auto expect_input_error = [](const std::filesystem::path& file, const std::string& words) {
    try {
      NoveltyReference::load(file.string());
      ADD_FAILURE() << file << " loaded";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(file.filename().string()), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  };
  std::ofstream(dir / "text.bin") << "CCO\nCCN\n";
  expect_input_error(dir / "text.bin", "SILDNOV1");
  {  // the header promises 5 hashes, the file holds 1
    std::ofstream out(dir / "short.bin", std::ios::binary);
    out.write("SILDNOV1", 8);
    const char count[8] = {5, 0, 0, 0, 0, 0, 0, 0}, one[8] = {1, 0, 0, 0, 0, 0, 0, 0};
    out.write(count, 8);
    out.write(one, 8);
  }
  expect_input_error(dir / "short.bin", "truncated");
  {  // two hashes out of order
    std::ofstream out(dir / "unsorted.bin", std::ios::binary);
    out.write("SILDNOV1", 8);
    const char count[8] = {2, 0, 0, 0, 0, 0, 0, 0}, big[8] = {9, 0, 0, 0, 0, 0, 0, 0},
               small[8] = {1, 0, 0, 0, 0, 0, 0, 0};
    out.write(count, 8);
    out.write(big, 8);
    out.write(small, 8);
  }
  expect_input_error(dir / "unsorted.bin", "not sorted");
  EXPECT_THROW(NoveltyReference::load((dir / "missing.bin").string()), IoError);
  std::ofstream(dir / "empty.smi") << "broken(\n";
  EXPECT_THROW(NoveltyReference::from_molecules((dir / "empty.smi").string()), InputError);
}

}  // namespace
}  // namespace sild::core
