// A seconds-long smoke run of the fuzz targets' bodies inside the ordinary test suite: seed
// inputs plus random byte-level mutations of them, with a fixed seed. The long coverage-guided
// runs are `make fuzz`; this keeps the targets compiling and catches regressions early.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

int sild_fuzz_smiles_tokenizer(const uint8_t* data, size_t size);
int sild_fuzz_selfies_decoder(const uint8_t* data, size_t size);
int sild_fuzz_selfies_encoder(const uint8_t* data, size_t size);

namespace {

using FuzzBody = int (*)(const uint8_t*, size_t);

std::vector<std::string> seeds(const std::string& target) {
  std::vector<std::string> inputs;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(SILD_FUZZ_CORPUS_DIR) + "/" + target)) {
    std::ifstream file(entry.path(), std::ios::binary);
    std::stringstream content;
    content << file.rdbuf();
    inputs.push_back(content.str());
  }
  return inputs;
}

/// Runs `body` on the seeds and on mutations for about `seconds`; returns the inputs tried.
size_t smoke(const std::string& target, FuzzBody body, double seconds) {
  auto inputs = seeds(target);
  EXPECT_FALSE(inputs.empty()) << "no seed corpus for " << target;
  std::mt19937_64 rng(12345);
  const std::string alphabet = "[]()=#%0123456789+-@/\\.CNOSPFIBrcnlos*HKa:~$ Ring Branch nop";
  auto start = std::chrono::steady_clock::now();
  size_t tried = 0;
  while (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < seconds) {
    std::string input = inputs[rng() % inputs.size()];
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      size_t pos = input.empty() ? 0 : rng() % (input.size() + 1);
      switch (rng() % 4) {
        case 0:
          input.insert(pos, 1, alphabet[rng() % alphabet.size()]);
          break;
        case 1:
          if (pos < input.size()) input.erase(pos, 1);
          break;
        case 2:
          if (pos < input.size()) input[pos] = static_cast<char>(rng() % 256);
          break;
        default:
          input.insert(pos, inputs[rng() % inputs.size()]);
          break;
      }
    }
    body(reinterpret_cast<const uint8_t*>(input.data()), input.size());
    ++tried;
  }
  return tried;
}

TEST(FuzzSmokeTest, SmilesTokenizerSurvivesMutatedInputs) {
  EXPECT_GT(smoke("smiles_tokenizer", sild_fuzz_smiles_tokenizer, 2.0), 1000u);
}

TEST(FuzzSmokeTest, SelfiesDecoderSurvivesMutatedInputs) {
  EXPECT_GT(smoke("selfies_decoder", sild_fuzz_selfies_decoder, 3.0), 1000u);
}

TEST(FuzzSmokeTest, SelfiesEncoderSurvivesMutatedInputs) {
  EXPECT_GT(smoke("selfies_encoder", sild_fuzz_selfies_encoder, 3.0), 1000u);
}

}  // namespace
