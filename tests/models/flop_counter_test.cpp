// The profiler-based FLOP counter counts 2·M·N·K for a matrix product and includes the two
// products of the backward pass, so a Linear layer trained one step costs three times its forward.
#include "benchmarks/flop_counter.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

namespace sild::models {
namespace {

TEST(FlopCounterTest, CountsAMatrixProductAsTwoMnk) {
  auto a = torch::randn({64, 32}), b = torch::randn({32, 16});
  const auto count = count_flops([&] { (void)torch::mm(a, b); });
  EXPECT_EQ(count.matmul_flops, 2u * 64 * 32 * 16);
  EXPECT_EQ(count.flops, count.matmul_flops);
  EXPECT_EQ(count.operators, 1);
}

TEST(FlopCounterTest, IncludesTheBackwardPassOfALinearLayer) {
  torch::nn::Linear layer(32, 16);
  auto x = torch::randn({64, 32}).requires_grad_(true);
  const auto count = count_flops([&] { layer->forward(x).sum().backward(); });
  // forward x·Wᵀ, backward grad·W (input) and gradᵀ·x (weight): three products of 2·64·32·16.
  EXPECT_EQ(count.matmul_flops, 3u * 2 * 64 * 32 * 16);
  EXPECT_GE(count.operators, 3);
}

TEST(FlopCounterTest, RethrowsWhatTheWorkThrowsAndCanCountAgain) {
  EXPECT_THROW(count_flops([] { throw std::runtime_error("boom"); }), std::runtime_error);
  auto a = torch::randn({8, 8});
  EXPECT_EQ(count_flops([&] { (void)torch::mm(a, a); }).matmul_flops, 2u * 8 * 8 * 8);
}

}  // namespace
}  // namespace sild::models
