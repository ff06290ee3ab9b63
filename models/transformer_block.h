// A pre-norm Transformer block shared by the encoder, decoder and latent denoiser: optional
// self-attention, optional cross-attention to a memory, an MLP, and optional adaptive layer
// norm (adaLN-Zero) driven by a conditioning vector. Batch-first tensors throughout.
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

namespace sild::models {

struct TransformerBlockOptions {
  TransformerBlockOptions(int64_t dim, int64_t heads) : dim_(dim), heads_(heads) {}
  TORCH_ARG(int64_t, dim);
  TORCH_ARG(int64_t, heads);
  TORCH_ARG(int64_t, mlp_ratio) = 4;
  TORCH_ARG(double, dropout) = 0.0;
  TORCH_ARG(bool, self_attention) = true;
  TORCH_ARG(bool, cross_attention) = false;
  /// Self-attention sees only positions <= its own, so position i's output does not depend on
  /// how many positions follow it (the molecule decoder trained on length-trimmed batches).
  TORCH_ARG(bool, causal) = false;
  /// > 0: adaLN-Zero modulation from a [B, conditioning_dim] vector.
  TORCH_ARG(int64_t, conditioning_dim) = 0;
};

/// Batch-first multi-head attention with `attention`'s parameters (in_proj_weight/bias, out_proj),
/// the same function as attention->forward up to rounding: query [B, T, D], key_value [B, S, D],
/// key_padding [B, S] bool (true = masked), attention_mask [T, S] additive. Written out so that
/// under bf16 autocast the projections and the two products run in bf16 while the scores, masks
/// and softmax stay fp32 (LibTorch's own masked fill has no bf16 kernel). Undefined = absent.
torch::Tensor multi_head_attention(torch::nn::MultiheadAttention& attention, const torch::Tensor& query,
                                   const torch::Tensor& key_value, const torch::Tensor& key_padding = {},
                                   const torch::Tensor& attention_mask = {});

class TransformerBlockImpl : public torch::nn::Module {
 public:
  explicit TransformerBlockImpl(const TransformerBlockOptions& options);

  /// x: [B, T, D]; memory: [B, S, D] (cross-attention only); padding: [B, T] bool, true = pad;
  /// memory_padding: [B, S]; conditioning: [B, C] (adaLN only). Undefined tensors = absent.
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& memory = {},
                        const torch::Tensor& padding = {}, const torch::Tensor& memory_padding = {},
                        const torch::Tensor& conditioning = {});

  /// One more position of a causal block (no padding, no adaLN): x [B, 1, D] is the input at the
  /// next position; `prefix` holds the normalised self-attention inputs of the earlier positions,
  /// [B, t, D] (undefined at t = 0), and is extended by this one. Gives forward's output at that
  /// position without recomputing the earlier positions' queries and MLPs (greedy decoding).
  torch::Tensor forward_next(const torch::Tensor& x, torch::Tensor& prefix, const torch::Tensor& memory = {});

  TransformerBlockOptions options;

 private:
  torch::nn::LayerNorm norm_self_{nullptr}, norm_cross_{nullptr}, norm_mlp_{nullptr};
  torch::nn::MultiheadAttention self_attention_{nullptr}, cross_attention_{nullptr};
  torch::nn::Sequential mlp_{nullptr};
  torch::nn::Linear modulation_{nullptr};  // conditioning -> 6·D (shift, scale, gate) ×2
};
TORCH_MODULE(TransformerBlock);

}  // namespace sild::models
