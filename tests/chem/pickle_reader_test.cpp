// Pickle reader: decodes the real SA fragment table and small crafted pickles, and rejects
// everything outside its subset (objects, memo reads, truncation, non-gzip) with typed errors.
#include "chem/pickle_reader.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "chem/sa_score.h"
#include "common/errors.h"
#include "test_support.h"

namespace sild::chem {
namespace {

// Counts reported by Python 3 for RDKit 2022.09.3's fpscores.pkl.gz:
// len(data) and sum(len(row) - 1 for row in data).
constexpr size_t kFragmentRows = 3549;
constexpr size_t kFragmentIds = 705292;

std::string bytes_from_hex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  return out;
}

void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

void write_gzip(const std::filesystem::path& path, const std::string& bytes) {
  gzFile file = gzopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(file);
}

/// Expects parse_pickle to throw InputError whose message names the source and the offset.
void expect_rejected(const std::string& bytes, const std::string& expected_fragment) {
  try {
    parse_pickle(bytes, "crafted.pkl");
    FAIL() << "accepted a pickle that must be rejected";
  } catch (const InputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("crafted.pkl"), std::string::npos) << message;
    EXPECT_NE(message.find(expected_fragment), std::string::npos) << message;
  }
}

TEST(PickleReaderTest, ReadsTheRdkitFragmentTableWithPythonsCounts) {
  if (!std::filesystem::exists(kDefaultFragmentScoresPath)) {
    GTEST_SKIP() << kDefaultFragmentScoresPath << " is absent (Debian package rdkit-data)";
  }
  const PickleValue table = read_gzip_pickle(kDefaultFragmentScoresPath);
  ASSERT_TRUE(table.is_list());
  EXPECT_EQ(table.items.size(), kFragmentRows);
  size_t ids = 0;
  for (const PickleValue& row : table.items) {
    ASSERT_TRUE(row.is_list());
    ASSERT_FALSE(row.items.empty());
    EXPECT_TRUE(row.items[0].is_float());
    ids += row.items.size() - 1;
  }
  EXPECT_EQ(ids, kFragmentIds);
  // First row begins [-2.8254, 910163969, ...].
  EXPECT_DOUBLE_EQ(table.items[0].items[0].float_value, -2.8254);
  EXPECT_EQ(table.items[0].items[1].int_value, 910163969);
}

TEST(PickleReaderTest, DecodesProtocolZeroNestedLists) {
  const PickleValue value = parse_pickle("(lp0\nI1\naF2.5\na(lp1\nI-3\naI4294962778\naa.", "p0");
  ASSERT_TRUE(value.is_list());
  ASSERT_EQ(value.items.size(), 3u);
  EXPECT_EQ(value.items[0].int_value, 1);
  EXPECT_EQ(value.items[1].float_value, 2.5);
  ASSERT_EQ(value.items[2].items.size(), 2u);
  EXPECT_EQ(value.items[2].items[0].int_value, -3);
  EXPECT_EQ(value.items[2].items[1].int_value, 4294962778);
}

TEST(PickleReaderTest, DecodesBinaryProtocolNestedLists) {
  // pickle.dumps([[1.5, 7, 300, 70000, -2, 2**40, -2**40], []], protocol=4)
  const PickleValue value =
      parse_pickle(bytes_from_hex("80049533000000000000005d94285d9428473ff80000000000004b074d2c014a70110100"
                                  "4afeffffff8a060000000000018a060000000000ff655d94652e"),
                   "p4");
  ASSERT_EQ(value.items.size(), 2u);
  const auto& numbers = value.items[0].items;
  ASSERT_EQ(numbers.size(), 7u);
  EXPECT_EQ(numbers[0].float_value, 1.5);
  EXPECT_EQ(numbers[1].int_value, 7);
  EXPECT_EQ(numbers[2].int_value, 300);
  EXPECT_EQ(numbers[3].int_value, 70000);
  EXPECT_EQ(numbers[4].int_value, -2);
  EXPECT_EQ(numbers[5].int_value, int64_t{1} << 40);
  EXPECT_EQ(numbers[6].int_value, -(int64_t{1} << 40));
  EXPECT_TRUE(value.items[1].is_list());
  EXPECT_TRUE(value.items[1].items.empty());
  // pickle.dumps([[0.25]], protocol=2): BINPUT and APPEND.
  const PickleValue small = parse_pickle(bytes_from_hex("80025d71005d7101473fd000000000000061612e"), "p2");
  EXPECT_EQ(small.items.at(0).items.at(0).float_value, 0.25);
}

TEST(PickleReaderTest, RejectsGlobalAndObjectOpcodes) {
  // GLOBAL 'os system' then REDUCE: the classic code-execution pickle.
  expect_rejected("cos\nsystem\n(S'echo hi'\ntR.", "byte offset 0: unsupported opcode 0x63 'c'");
  // A list holding a string.
  expect_rejected("(lp0\nS'x'\na.", "byte offset 5: unsupported opcode");
  // A dict (EMPTY_DICT) and a memo read (GET) are outside the subset too.
  expect_rejected("}.", "unsupported opcode 0x7d");
  expect_rejected("(lp0\ng0\na.", "byte offset 5: unsupported opcode 0x67 'g'");
}

TEST(PickleReaderTest, RejectsTruncatedAndMalformedStreams) {
  expect_rejected("(lp0\n(lp1\nF-2.8254\naI9101", "truncated");
  expect_rejected("(lp0\nI1\na", "byte offset 9: truncated pickle: no STOP");
  expect_rejected("", "truncated");
  expect_rejected("(lp0\nIabc\na.", "malformed");
  expect_rejected("(lp0\nI99999999999999999999\na.", "out-of-range");
  expect_rejected("I1\nI2\na.", "APPEND target is not a list");
  EXPECT_NO_THROW(parse_pickle("(lp0\n.", "crafted.pkl"));  // the smallest valid table shape
}

TEST(PickleReaderTest, RejectsUnbalancedStackAndTrailingBytes) {
  expect_rejected("(I1\n.", "unbalanced");
  expect_rejected("I1\nI2\n.", "unbalanced");
  expect_rejected("]..", "byte offset 2: unexpected data after STOP");
}

TEST(PickleReaderTest, RejectsAFileThatIsNotGzipNamingIt) {
  const auto dir = test::temp_dir("pickle-reader");
  const auto plain = dir / "plain.pkl.gz";
  write_file(plain, "(lp0\n.");
  try {
    read_gzip_pickle(plain.string());
    FAIL() << "accepted an uncompressed file";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find(plain.string()), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("gzip"), std::string::npos) << error.what();
  }
}

TEST(PickleReaderTest, RejectsATruncatedGzipFile) {
  const auto dir = test::temp_dir("pickle-reader");
  const auto whole = dir / "whole.pkl.gz";
  std::string pickle = "(lp0\n";
  for (int i = 0; i < 2000; ++i) pickle += "I" + std::to_string(i * 7919) + "\na";
  pickle += ".";
  write_gzip(whole, pickle);
  EXPECT_EQ(read_gzip_pickle(whole.string()).items.size(), 2000u);
  std::ifstream in(whole, std::ios::binary);
  std::string compressed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto cut = dir / "cut.pkl.gz";
  write_file(cut, compressed.substr(0, compressed.size() / 2));
  EXPECT_THROW(read_gzip_pickle(cut.string()), InputError);
}

TEST(PickleReaderTest, ReportsAMissingFileAsIoErrorNamingThePath) {
  const std::string path = (test::temp_dir("pickle-reader") / "absent.pkl.gz").string();
  try {
    read_gzip_pickle(path);
    FAIL() << "no error for a missing file";
  } catch (const IoError& error) {
    EXPECT_NE(std::string(error.what()).find(path), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace sild::chem
