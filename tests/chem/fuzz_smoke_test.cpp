// A seconds-long smoke run of the fuzz targets' bodies inside the ordinary test suite: seed
// inputs plus random byte-level mutations of them, with a fixed seed. The long coverage-guided
// runs are `make fuzz`; this keeps the targets compiling and catches regressions early.
#include <gtest/gtest.h>

#include "test_support.h"

int sild_fuzz_smiles_tokenizer(const uint8_t* data, size_t size);
int sild_fuzz_selfies_decoder(const uint8_t* data, size_t size);
int sild_fuzz_selfies_encoder(const uint8_t* data, size_t size);

namespace sild {
namespace {

using test::fuzz_smoke;

TEST(FuzzSmokeTest, SmilesTokenizerSurvivesMutatedInputs) {
  EXPECT_GT(fuzz_smoke("smiles_tokenizer", sild_fuzz_smiles_tokenizer, 2.0), 1000u);
}

TEST(FuzzSmokeTest, SelfiesDecoderSurvivesMutatedInputs) {
  EXPECT_GT(fuzz_smoke("selfies_decoder", sild_fuzz_selfies_decoder, 3.0), 1000u);
}

TEST(FuzzSmokeTest, SelfiesEncoderSurvivesMutatedInputs) {
  EXPECT_GT(fuzz_smoke("selfies_encoder", sild_fuzz_selfies_encoder, 3.0), 1000u);
}

}  // namespace
}  // namespace sild
