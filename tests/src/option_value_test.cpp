// --help shows defaults as written: 0.1 and 0.0005, not their 17-digit binary expansions.
#include "src/util/option_value.h"

#include <gtest/gtest.h>

#include <sstream>

namespace sild::core {
namespace {

TEST(OptionValueTest, DefaultsPrintAsWrittenAndStillParse) {
  double fraction = 0.1, lr = 5e-4;
  int64_t steps = 3000;
  std::string store = "sild.sqlite";
  namespace po = boost::program_options;
  po::options_description flags("flags");
  flags.add_options()("fraction", value_with_default(&fraction), "a share")(
      "lr", value_with_default(&lr), "a rate")("steps", value_with_default(&steps), "a count")(
      "store", value_with_default(&store), "a path");
  std::ostringstream help;
  help << flags;
  EXPECT_NE(help.str().find("(=0.1)"), std::string::npos) << help.str();
  EXPECT_NE(help.str().find("(=0.0005)"), std::string::npos) << help.str();
  EXPECT_NE(help.str().find("(=3000)"), std::string::npos) << help.str();
  EXPECT_NE(help.str().find("(=sild.sqlite)"), std::string::npos) << help.str();

  const char* argv[] = {"sild", "--lr", "0.002"};
  po::variables_map values;
  po::store(po::parse_command_line(3, argv, flags), values);
  po::notify(values);
  EXPECT_DOUBLE_EQ(lr, 0.002);
  EXPECT_DOUBLE_EQ(fraction, 0.1);  // the default is the exact value, not its printed text
  EXPECT_TRUE(values["fraction"].defaulted());
}

}  // namespace
}  // namespace sild::core
