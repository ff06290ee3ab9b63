// common/text_io.h's small string helpers, which CSV headers, split names, PAINS rows and
// --filter conditions all go through: trim and to_lower, and CSV quoting; LineReader's handling
// of a byte-order mark and of a directory; printable() for quoting bad records in messages.
#include "common/text_io.h"

#include <gtest/gtest.h>

#include <fstream>

#include "test_support.h"

namespace sild {
namespace {

TEST(TextIoTest, TrimDropsSurroundingWhitespaceOnly) {
  EXPECT_EQ(trim("  CCO\r\n"), "CCO");
  EXPECT_EQ(trim("\tC C\v"), "C C");
  EXPECT_EQ(trim(" \t\r\n"), "");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(to_lower("Test_Scaffolds"), "test_scaffolds");
  EXPECT_EQ(to_lower("SPLIT"), "split");
}

TEST(TextIoTest, CsvQuotesHoldCommasAndDoubledQuotes) {
  std::vector<std::string> fields;
  ASSERT_TRUE(split_csv_line("a,\"b,c\",\"say \"\"hi\"\"\",", fields));
  EXPECT_EQ(fields, (std::vector<std::string>{"a", "b,c", "say \"hi\"", ""}));
  EXPECT_FALSE(split_csv_line("a,\"open", fields));  // the caller joins the next line
}

TEST(TextIoTest, AUtf8ByteOrderMarkIsDroppedFromTheFirstLineOnly) {
  auto dir = test::temp_dir("text-bom");
  std::ofstream(dir / "bom.csv", std::ios::binary) << "\xEF\xBB\xBFsmiles\r\n\xEF\xBB\xBF"
                                                      "CCO\n";
  LineReader reader((dir / "bom.csv").string());
  std::string line;
  ASSERT_TRUE(reader.next(line));
  EXPECT_EQ(line, "smiles");  // a CSV header's first column is found by name again
  ASSERT_TRUE(reader.next(line));
  EXPECT_EQ(line,
            "\xEF\xBB\xBF"
            "CCO");  // inside the file it is data, left for the caller to reject
}

TEST(TextIoTest, ADirectoryIsRefusedWhenOpenedNotOnTheFirstRead) {
  auto dir = test::temp_dir("text-dir");
  try {
    LineReader reader(dir.string());
    ADD_FAILURE() << "a directory was opened as a text file";
  } catch (const IoError& error) {
    EXPECT_NE(std::string(error.what()).find("is a directory"), std::string::npos) << error.what();
  }
}

TEST(TextIoTest, PrintableEscapesBinaryAndCutsLongText) {
  EXPECT_EQ(printable("CC(=O)O"), "CC(=O)O");
  EXPECT_EQ(printable(std::string("C\x01\xff\tC", 5)), "C\\x01\\xff\\x09C");
  const std::string chain(5000, 'C');
  const std::string shown = printable(chain);
  EXPECT_EQ(shown, std::string(80, 'C') + "... (5000 bytes)");
}

}  // namespace
}  // namespace sild
