// common/csv_writer.h, the one CSV writer (issue 20, defect 7): fields that hold a separator, a
// quote or a line break are quoted, and text_io.h's reader gives the same fields back.
#include "common/csv_writer.h"

#include <gtest/gtest.h>

#include <sstream>

#include "common/text_io.h"

namespace sild {
namespace {

TEST(CsvWriterTest, QuotesOnlyTheFieldsThatNeedItAndRoundTrips) {
  EXPECT_EQ(csv_field("CCO"), "CCO");
  EXPECT_EQ(csv_field("0.5"), "0.5");
  EXPECT_EQ(csv_field("ben,zene"), "\"ben,zene\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field(" padded"), "\" padded\"");

  std::ostringstream out;
  const std::vector<std::string> row{"3", "C(,)C", "q\"uote", "", "CCO"};
  write_csv_row(out, row);
  std::string line = out.str();
  ASSERT_EQ(line.back(), '\n');
  line.pop_back();
  std::vector<std::string> fields;
  ASSERT_TRUE(split_csv_line(line, fields));
  EXPECT_EQ(fields, row);
  EXPECT_EQ(csv_row({"", "a,b", "1"}), ",\"a,b\",1\n");  // an empty first field keeps its separator
}

}  // namespace
}  // namespace sild
