// JSON numbers are the shortest text that reads back exactly, whole numbers as integers.
#include "common/json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace sild {
namespace {

TEST(JsonTest, NumbersAreShortExactAndWholeNumbersAreIntegers) {
  EXPECT_EQ(json_number(480.0), "480");
  EXPECT_EQ(json_number(-3.0), "-3");
  EXPECT_EQ(json_number(0.1), "0.1");
  EXPECT_EQ(json_number(2.5), "2.5");
  EXPECT_EQ(json_number(1e20), "1e+20");
  EXPECT_EQ(json_number(1.0 / 3.0), "0.3333333333333333");  // 16 digits read back exactly
  EXPECT_EQ(std::strtod(json_number(0.025128355687978315).c_str(), nullptr), 0.025128355687978315);
  EXPECT_EQ(json_number(std::nan("")), "null");
  EXPECT_EQ(json_number(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(JsonObject().add("modes", 480.0).add("KL", 1.5).str(), "{\"modes\": 480, \"KL\": 1.5}");
}

}  // namespace
}  // namespace sild
