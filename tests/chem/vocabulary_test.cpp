// Vocabulary: deterministic building, encode/decode, and the file format's error paths.
#include "chem/vocabulary.h"

#include <gtest/gtest.h>

#include <fstream>

#include "common/errors.h"
#include "test_support.h"

namespace sild::chem {
namespace {

Vocabulary small_vocabulary() {
  return Vocabulary::build({{"C", "C", "O"}, {"C", "N"}, {"c", "1", "c", "1"}}, Representation::kSmiles);
}

TEST(VocabularyTest, PutsSpecialsFirstThenTokensByFrequency) {
  auto vocabulary = small_vocabulary();
  EXPECT_EQ(vocabulary.size(), 4 + 5);
  EXPECT_EQ(vocabulary.token(Vocabulary::kPad), "<pad>");
  EXPECT_EQ(vocabulary.token(Vocabulary::kUnk), "<unk>");
  EXPECT_EQ(vocabulary.token(4), "C");  // 3 occurrences
  EXPECT_EQ(vocabulary.id("Xx"), Vocabulary::kUnk);
  EXPECT_EQ(small_vocabulary(), vocabulary);
}

TEST(VocabularyTest, HonoursMinCountAndMaxSize) {
  VocabularyOptions options;
  options.min_count = 2;
  auto vocabulary = Vocabulary::build({{"C", "C", "O"}, {"C", "N"}, {"c", "1", "c", "1"}},
                                      Representation::kSmiles, options);
  EXPECT_EQ(vocabulary.size(), 4 + 3);  // C, c, 1
  EXPECT_FALSE(vocabulary.contains("O"));
  options.min_count = 1;
  options.max_size = 1;
  EXPECT_EQ(Vocabulary::build({{"C", "C", "O"}}, Representation::kSmiles, options).size(), 5);
}

TEST(VocabularyTest, EncodesWithBosEosPaddingAndDecodesBack) {
  auto vocabulary = small_vocabulary();
  std::vector<int64_t> ids;
  ASSERT_TRUE(vocabulary.encode({"C", "O", "Q"}, 7, ids));
  ASSERT_EQ(ids.size(), 7u);
  EXPECT_EQ(ids[0], Vocabulary::kBos);
  EXPECT_EQ(ids[3], Vocabulary::kUnk);
  EXPECT_EQ(ids[4], Vocabulary::kEos);
  EXPECT_EQ(ids[6], Vocabulary::kPad);
  EXPECT_EQ(vocabulary.decode(ids), (std::vector<std::string>{"C", "O", "<unk>"}));
  EXPECT_FALSE(vocabulary.encode({"C", "O", "C", "C", "C", "C"}, 7, ids));
}

TEST(VocabularyTest, SavesAndLoadsIdentically) {
  auto dir = test::temp_dir("vocab");
  auto path = (dir / "vocab.txt").string();
  auto vocabulary = Vocabulary::build({{"[C]", "[=O]", "[Branch1]"}}, Representation::kSelfies);
  vocabulary.save(path);
  auto loaded = Vocabulary::load(path);
  EXPECT_EQ(loaded, vocabulary);
  EXPECT_EQ(loaded.representation(), Representation::kSelfies);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp." + std::to_string(::getpid())));
}

void write_file(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

TEST(VocabularyTest, RejectsForeignTruncatedAndFutureFilesWithTheLine) {
  auto dir = test::temp_dir("vocab-bad");
  auto path = (dir / "v.txt").string();
  write_file(path, "hello\n");
  EXPECT_THROW(Vocabulary::load(path), InputError);
  write_file(path, "sild-vocabulary 99\nrepresentation smiles\nsize 4\n");
  EXPECT_THROW(Vocabulary::load(path), InputError);
  write_file(path, "sild-vocabulary 1\nrepresentation smiles\nsize 6\n<pad>\n<bos>\n<eos>\n<unk>\nC\n");
  try {
    Vocabulary::load(path);
    FAIL() << "truncated file accepted";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("5 of 6"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find(path), std::string::npos) << error.what();
  }
  write_file(path, "sild-vocabulary 1\nrepresentation inchi\nsize 4\n<pad>\n<bos>\n<eos>\n<unk>\n");
  EXPECT_THROW(Vocabulary::load(path), InputError);
  EXPECT_THROW(Vocabulary::load((dir / "missing.txt").string()), IoError);
}

}  // namespace
}  // namespace sild::chem
