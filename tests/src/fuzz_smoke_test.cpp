// The smoke run of fuzz/fuzz_config_parsers.cpp (the --filter language and INI config files)
// inside the test suite; the coverage-guided run is `make fuzz` (see tests/chem/fuzz_smoke_test.cpp).
#include <gtest/gtest.h>

#include "test_support.h"

int sild_fuzz_config_parsers(const uint8_t* data, size_t size);

namespace sild {
namespace {

TEST(FuzzSmokeTest, FilterAndConfigParsersSurviveMutatedInputs) {
  EXPECT_GT(test::fuzz_smoke("config_parsers", sild_fuzz_config_parsers, 3.0), 500u);
}

}  // namespace
}  // namespace sild
