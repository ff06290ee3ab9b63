// The Transformer block's attention, written out so that bf16 autocast reaches its projections,
// is LibTorch's MultiheadAttention with the same parameters (self- and cross-attention, padding
// and causal masks), and under bf16 autocast on the CPU it stays close to fp32.
#include "models/transformer_block.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <limits>

#include "models/precision.h"

namespace sild::models {
namespace {

TEST(TransformerBlockTest, AttentionIsLibTorchsMultiheadAttention) {
  torch::manual_seed(4);
  torch::nn::MultiheadAttention attention(torch::nn::MultiheadAttentionOptions(16, 4));
  {  // non-zero biases, so a bias taken from the wrong slice shows
    torch::NoGradGuard no_grad;
    attention->in_proj_bias.normal_();
    attention->out_proj->bias.normal_();
  }
  auto query = torch::randn({3, 5, 16}), memory = torch::randn({3, 7, 16});
  auto padding = torch::zeros({3, 5}, torch::kBool);
  padding.index_put_({1, torch::indexing::Slice(3)}, true);
  padding.index_put_({2, 4}, true);
  const auto infinity = std::numeric_limits<float>::infinity();
  auto causal = torch::full({5, 5}, -infinity).triu(1);
  auto reference = [&](const torch::Tensor& q, const torch::Tensor& kv, const torch::Tensor& pad,
                       const torch::Tensor& mask) {  // LibTorch's, sequence-first
    return std::get<0>(attention->forward(q.transpose(0, 1), kv.transpose(0, 1), kv.transpose(0, 1), pad,
                                          /*need_weights=*/false, mask))
        .transpose(0, 1);
  };
  auto self = multi_head_attention(attention, query, query, padding, causal);
  EXPECT_TRUE(torch::allclose(self, reference(query, query, padding, causal), 1e-5, 1e-5));
  auto cross = multi_head_attention(attention, query, memory);
  EXPECT_TRUE(torch::allclose(cross, reference(query, memory, {}, {}), 1e-5, 1e-5));
  EXPECT_EQ(cross.sizes(), (std::vector<int64_t>{3, 5, 16}));

  // Under bf16 autocast on the CPU the products run in bf16 (output bf16), the softmax in fp32:
  // the result is within bf16 rounding of fp32.
  AutocastScope bf16(Precision::kBf16);
  auto low = multi_head_attention(attention, query, query, padding, causal);
  EXPECT_EQ(low.scalar_type(), torch::kBFloat16);
  EXPECT_LT((low.to(torch::kFloat) - self).abs().max().item<double>(),
            0.05 * self.abs().max().item<double>());
}

TEST(TransformerBlockTest, ABlockTrainsUnderCpuBf16AutocastLikeInFp32) {
  auto run = [](Precision precision) {
    torch::manual_seed(1);
    TransformerBlock block(TransformerBlockOptions(32, 4).causal(true));
    torch::optim::Adam optimizer(block->parameters(), 1e-2);
    auto x = torch::randn({8, 6, 32}), target = torch::randn({8, 6, 32});
    double first = 0, last = 0;
    for (int step = 0; step < 40; ++step) {
      torch::Tensor loss;
      {
        AutocastScope autocast(precision);
        loss = (block->forward(x).to(torch::kFloat) - target).pow(2).mean();
      }
      optimizer.zero_grad();
      loss.backward();
      optimizer.step();
      (step == 0 ? first : last) = loss.item<double>();
    }
    for (const auto& parameter : block->parameters())
      EXPECT_EQ(parameter.scalar_type(), torch::kFloat);  // master weights stay fp32
    return std::pair{first, last};
  };
  const auto [fp32_first, fp32_last] = run(Precision::kFp32);
  const auto [bf16_first, bf16_last] = run(Precision::kBf16);
  EXPECT_NEAR(bf16_first, fp32_first, 0.02 * fp32_first);  // the same model, bf16 rounding
  EXPECT_LT(bf16_last, 0.5 * bf16_first);                  // it learns
  EXPECT_NEAR(bf16_last, fp32_last, 0.25 * fp32_last + 0.02);
}

}  // namespace
}  // namespace sild::models
