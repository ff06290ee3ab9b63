// common/text_io.h's small string helpers, which CSV headers, split names, PAINS rows and
// --filter conditions all go through: trim and to_lower, and CSV quoting.
#include "common/text_io.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace sild
