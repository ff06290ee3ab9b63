// Pre-norm Transformer block (see transformer_block.h).
#include "models/transformer_block.h"

#include <cmath>
#include <limits>

namespace sild::models {

TransformerBlockImpl::TransformerBlockImpl(const TransformerBlockOptions& options_) : options(options_) {
  const int64_t dim = options.dim();
  TORCH_CHECK(dim % options.heads() == 0, "model width must be divisible by the head count");
  bool adaptive = options.conditioning_dim() > 0;
  auto norm_options = torch::nn::LayerNormOptions({dim}).elementwise_affine(!adaptive);
  auto attention_options =
      torch::nn::MultiheadAttentionOptions(dim, options.heads()).dropout(options.dropout());
  if (options.self_attention()) {
    norm_self_ = register_module("norm_self", torch::nn::LayerNorm(norm_options));
    self_attention_ = register_module("self_attention", torch::nn::MultiheadAttention(attention_options));
  }
  if (options.cross_attention()) {
    norm_cross_ = register_module("norm_cross", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    cross_attention_ = register_module("cross_attention", torch::nn::MultiheadAttention(attention_options));
  }
  norm_mlp_ = register_module("norm_mlp", torch::nn::LayerNorm(norm_options));
  mlp_ = register_module(
      "mlp", torch::nn::Sequential(torch::nn::Linear(dim, dim * options.mlp_ratio()), torch::nn::GELU(),
                                   torch::nn::Linear(dim * options.mlp_ratio(), dim),
                                   torch::nn::Dropout(options.dropout())));
  if (adaptive) {
    modulation_ = register_module("modulation", torch::nn::Linear(options.conditioning_dim(), 6 * dim));
    // adaLN-Zero: every block starts as the identity map.
    torch::NoGradGuard no_grad;
    modulation_->weight.zero_();
    modulation_->bias.zero_();
  }
}

torch::Tensor multi_head_attention(torch::nn::MultiheadAttention& attention, const torch::Tensor& query,
                                   const torch::Tensor& key_value, const torch::Tensor& key_padding,
                                   const torch::Tensor& attention_mask) {
  const auto& opts = attention->options;
  const int64_t batch = query.size(0), length = query.size(1), sources = key_value.size(1);
  const int64_t dim = opts.embed_dim(), heads = opts.num_heads(), head_dim = dim / heads;
  TORCH_CHECK(query.dim() == 3 && query.size(2) == dim && key_value.size(2) == dim,
              "attention needs [B, T, D]");
  TORCH_CHECK(attention->in_proj_weight.defined(),
              "attention with separate key/value widths is not supported");
  const auto& weight = attention->in_proj_weight;
  const auto& bias = attention->in_proj_bias;
  auto split_heads = [&](const torch::Tensor& t, int64_t n) {  // [B, n, D] -> [B, H, n, D/H]
    return t.view({batch, n, heads, head_dim}).transpose(1, 2);
  };
  auto q = split_heads(torch::nn::functional::linear(query, weight.slice(0, 0, dim), bias.slice(0, 0, dim)),
                       length);
  auto kv = torch::nn::functional::linear(key_value, weight.slice(0, dim), bias.slice(0, dim)).chunk(2, -1);
  auto k = split_heads(kv[0], sources), v = split_heads(kv[1], sources);
  // Scores, masks and softmax in fp32 whatever the products ran in.
  auto scores =
      torch::matmul(q, k.transpose(-2, -1)).to(torch::kFloat) / std::sqrt(static_cast<double>(head_dim));
  if (attention_mask.defined()) scores = scores + attention_mask.to(torch::kFloat);
  if (key_padding.defined()) {
    scores =
        scores.masked_fill(key_padding.view({batch, 1, 1, sources}), -std::numeric_limits<float>::infinity());
  }
  auto weights = torch::softmax(scores, -1);
  weights = torch::dropout(weights, opts.dropout(), attention->is_training());
  auto mixed = torch::matmul(weights.to(v.scalar_type()), v);  // [B, H, T, D/H]
  return attention->out_proj->forward(mixed.transpose(1, 2).reshape({batch, length, dim}));
}

torch::Tensor TransformerBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& memory,
                                            const torch::Tensor& padding, const torch::Tensor& memory_padding,
                                            const torch::Tensor& conditioning) {
  TORCH_CHECK(x.dim() == 3 && x.size(2) == options.dim(), "block input must be [B, T, D]");
  torch::Tensor shift_attn, scale_attn, gate_attn, shift_mlp, scale_mlp, gate_mlp;
  bool adaptive = options.conditioning_dim() > 0;
  if (adaptive) {
    TORCH_CHECK(conditioning.defined() && conditioning.dim() == 2, "adaLN block needs a [B, C] conditioning");
    auto chunks = modulation_->forward(torch::silu(conditioning)).unsqueeze(1).chunk(6, -1);
    shift_attn = chunks[0], scale_attn = chunks[1], gate_attn = chunks[2];
    shift_mlp = chunks[3], scale_mlp = chunks[4], gate_mlp = chunks[5];
  }
  torch::Tensor h = x;
  if (options.self_attention()) {
    auto normed = norm_self_->forward(h);
    if (adaptive) normed = normed * (1 + scale_attn) + shift_attn;
    // Additive mask, -inf above the diagonal: LibTorch 1.13's C++ attention adds attn_mask to
    // the scores even when it is bool, so a bool mask would not mask (2.x adds float masks too).
    torch::Tensor causal;
    if (options.causal()) {
      const auto infinity = std::numeric_limits<float>::infinity();
      causal = torch::full({h.size(1), h.size(1)}, -infinity, torch::dtype(torch::kFloat).device(h.device()))
                   .triu(1);
    }
    auto update = multi_head_attention(self_attention_, normed, normed, padding, causal);
    h = h + (adaptive ? gate_attn * update : update);
  }
  if (options.cross_attention()) {
    TORCH_CHECK(memory.defined() && memory.dim() == 3, "cross-attention needs a [B, S, D] memory");
    h = h + multi_head_attention(cross_attention_, norm_cross_->forward(h), memory, memory_padding);
  }
  auto normed = norm_mlp_->forward(h);
  if (adaptive) normed = normed * (1 + scale_mlp) + shift_mlp;
  auto update = mlp_->forward(normed);
  return h + (adaptive ? gate_mlp * update : update);
}

torch::Tensor TransformerBlockImpl::forward_next(const torch::Tensor& x, torch::Tensor& prefix,
                                                 const torch::Tensor& memory) {
  TORCH_CHECK(options.causal() && options.self_attention() && options.conditioning_dim() == 0,
              "forward_next needs a causal self-attention block without adaLN");
  TORCH_CHECK(x.dim() == 3 && x.size(1) == 1 && x.size(2) == options.dim(),
              "forward_next input must be [B, 1, D]");
  auto normed = norm_self_->forward(x);
  prefix = prefix.defined() ? torch::cat({prefix, normed}, 1) : normed;
  // The newest position may attend to every position so far: the causal mask's last row.
  auto h = x + multi_head_attention(self_attention_, normed, prefix);
  if (options.cross_attention()) {
    TORCH_CHECK(memory.defined() && memory.dim() == 3, "cross-attention needs a [B, S, D] memory");
    h = h + multi_head_attention(cross_attention_, norm_cross_->forward(h), memory);
  }
  return h + mlp_->forward(norm_mlp_->forward(h));
}

}  // namespace sild::models
