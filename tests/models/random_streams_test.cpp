// Named random streams: no two (step, stream) pairs share a generator state.
#include "models/random_streams.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <vector>

namespace sild::models {
namespace {

constexpr RandomStream kLastStream = RandomStream::kManifoldValidation;

TEST(RandomStreams, NoTwoStepStreamPairsShareAGeneratorState) {
  // LibTorch's CPU generator state is a function of the low 32 bits of its seed only, so the
  // 32-bit stream seed is the state: check it exhaustively over 2^19 steps of every stream.
  for (uint64_t seed : {uint64_t{0}, uint64_t{42}, uint64_t{0xffffffffffffffff}}) {
    std::vector<uint32_t> states;
    for (int stream = 0; stream <= static_cast<int>(kLastStream); ++stream) {
      for (int64_t step = 0; step < (int64_t{1} << 19); ++step) {
        states.push_back(stream_seed(seed, step, static_cast<RandomStream>(stream)));
      }
    }
    std::sort(states.begin(), states.end());
    EXPECT_EQ(std::adjacent_find(states.begin(), states.end()), states.end()) << "seed " << seed;
  }
}

TEST(RandomStreams, TheOldAliasesAreGone) {
  // Under the old scheme (hash of step * 4 + stream) the validation split (stream 7, step 0)
  // drew the same numbers as the batch order of epoch 1 (stream 3).
  auto a = torch::randn({8}, step_generator(0, 0, RandomStream::kValidationSplit));
  auto b = torch::randn({8}, step_generator(0, 1, RandomStream::kBatchOrder));
  EXPECT_FALSE(torch::equal(a, b));
  // ... and the sampling stream of batch b was the permutation of epoch b + 2.
  for (int64_t batch = 0; batch < 4; ++batch) {
    auto sampling = torch::randn({8}, step_generator(0, batch, RandomStream::kMoleculeSampling));
    auto order = torch::randn({8}, step_generator(0, batch + 2, RandomStream::kBatchOrder));
    EXPECT_FALSE(torch::equal(sampling, order));
  }
}

TEST(RandomStreams, SameTripleSameDraws) {
  auto a = torch::randn({16}, step_generator(7, 123, RandomStream::kTrainingStep));
  auto b = torch::randn({16}, step_generator(7, 123, RandomStream::kTrainingStep));
  EXPECT_TRUE(torch::equal(a, b));
  auto other_seed = torch::randn({16}, step_generator(8, 123, RandomStream::kTrainingStep));
  EXPECT_FALSE(torch::equal(a, other_seed));
}

TEST(RandomStreams, StepsOutsideTheGuaranteedRangeAreRefused) {
  EXPECT_THROW(stream_seed(0, -1, RandomStream::kTrainingStep), c10::Error);
  EXPECT_THROW(stream_seed(0, kMaxStreamSteps, RandomStream::kTrainingStep), c10::Error);
  EXPECT_NO_THROW(stream_seed(0, kMaxStreamSteps - 1, RandomStream::kTrainingStep));
}

}  // namespace
}  // namespace sild::models
