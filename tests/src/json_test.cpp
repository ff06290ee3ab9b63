// JSON numbers are the shortest text that reads back exactly, whole numbers as integers.
#include "common/json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>

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

TEST(JsonTest, TextEscapesStringsAndKeepsInsertionOrder) {
  // A path with quotes, a backslash and a newline stays valid JSON (it used to be pasted raw).
  const std::string path = "dir \"a\"\\b\nc.smi";
  const std::string text = JsonObject().add("z", path).add("a", int64_t{3}).add("flag", true).str();
  EXPECT_EQ(text, "{\"z\": \"dir \\\"a\\\"\\\\b\\nc.smi\", \"a\": 3, \"flag\": true}");
  EXPECT_EQ(Json::parse(text)["z"], path);  // nlohmann reads back what sild writes
  EXPECT_EQ(json_quote(std::string("bad \xff byte")), "\"bad \xef\xbf\xbd byte\"");  // replaced, no throw
  Json nested = Json::object();
  nested["list"] = Json::array({1, 2.5, nullptr});
  nested["inner"] = {{"x", 0.1}};
  EXPECT_EQ(json_text(nested), "{\"list\": [1, 2.5, null], \"inner\": {\"x\": 0.1}}");
  EXPECT_EQ(json_text(nested, true), "{\n  \"list\": [1, 2.5, null],\n  \"inner\": {\"x\": 0.1}\n}");
  EXPECT_EQ(JsonObject().add("m", std::optional<double>()).add("n", std::nan("")).str(),
            "{\"m\": null, \"n\": null}");
}

}  // namespace
}  // namespace sild
