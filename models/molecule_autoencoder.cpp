// Encoder/decoder for token sequences (see molecule_autoencoder.h).
#include "models/molecule_autoencoder.h"

#include <cmath>
#include <vector>

namespace sild::models {
namespace {

constexpr double kInitStd = 0.02;

}  // namespace

MoleculeAutoencoderImpl::MoleculeAutoencoderImpl(const MoleculeAutoencoderOptions& options_)
    : options(options_) {
  const int64_t vocab = options.vocab_size();
  const int64_t length = options.max_length();
  const int64_t dim = options.model_dim();
  const int64_t ambient = ambient_dim();
  TORCH_CHECK(vocab > 0 && length > 0 && options.latent_tokens() > 0 && options.latent_channels() > 0,
              "autoencoder sizes must be positive");
  const double row_norm = options.embedding_norm() * std::sqrt(static_cast<double>(ambient));
  if (options.one_hot()) {
    fixed_embedding_ = register_buffer("fixed_embedding", torch::eye(vocab) * row_norm);
  } else {
    auto generator = at::detail::createCPUGenerator(static_cast<uint64_t>(options.embedding_seed()));
    auto table = torch::randn({vocab, ambient}, generator, torch::kFloat32);
    fixed_embedding_ = register_buffer("fixed_embedding", table / table.norm(2, 1, true) * row_norm);
  }
  input_projection_ = register_module("input_projection", torch::nn::Linear(ambient, dim));
  encoder_positions_ = register_parameter("encoder_positions", torch::randn({length, dim}) * kInitStd);
  encoder_blocks_ = register_module("encoder_blocks", torch::nn::ModuleList());
  for (int64_t i = 0; i < options.encoder_layers(); ++i) {
    encoder_blocks_->push_back(
        TransformerBlock(TransformerBlockOptions(dim, options.heads()).dropout(options.dropout())));
  }
  pool_queries_ = register_parameter("pool_queries", torch::randn({options.latent_tokens(), dim}) * kInitStd);
  pool_ = register_module(
      "pool", TransformerBlock(
                  TransformerBlockOptions(dim, options.heads()).self_attention(false).cross_attention(true)));
  pool_norm_ = register_module("pool_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
  const int64_t latent_outputs = options.latent_channels() * (options.variational() ? 2 : 1);
  to_latent_ = register_module("to_latent", torch::nn::Linear(dim, latent_outputs));
  from_latent_ = register_module("from_latent", torch::nn::Linear(options.latent_channels(), dim));
  decoder_queries_ = register_parameter("decoder_queries", torch::randn({length, dim}) * kInitStd);
  decoder_blocks_ = register_module("decoder_blocks", torch::nn::ModuleList());
  for (int64_t i = 0; i < options.decoder_layers(); ++i) {
    decoder_blocks_->push_back(TransformerBlock(TransformerBlockOptions(dim, options.heads())
                                                    .cross_attention(true)
                                                    .causal(causal())
                                                    .dropout(options.dropout())));
  }
  if (options.autoregressive_decoder()) {
    token_inputs_ = register_module("token_inputs", torch::nn::Embedding(vocab + 1, dim));
    torch::NoGradGuard no_grad;
    token_inputs_->weight.normal_(0.0, kInitStd);
  }
  output_norm_ = register_module("output_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
  to_logits_ = register_module("to_logits", torch::nn::Linear(dim, vocab));
}

bool MoleculeAutoencoderImpl::causal() const {
  return options.causal_decoder() || options.autoregressive_decoder();
}

int64_t MoleculeAutoencoderImpl::ambient_dim() const {
  return options.one_hot() ? options.vocab_size() : options.ambient_dim();
}

torch::Tensor MoleculeAutoencoderImpl::embedding_table() { return fixed_embedding_; }

torch::Tensor MoleculeAutoencoderImpl::embed(const torch::Tensor& tokens) {
  TORCH_CHECK(tokens.dim() == 2 && tokens.scalar_type() == torch::kLong, "tokens must be [B, L] int64");
  return torch::nn::functional::embedding(tokens, embedding_table());  // [B, L, A]
}

EncoderOutput MoleculeAutoencoderImpl::encode(const torch::Tensor& ambient, const torch::Tensor& padding) {
  TORCH_CHECK(
      ambient.dim() == 3 && ambient.size(1) <= options.max_length() && ambient.size(2) == ambient_dim(),
      "encoder input must be [B, T, A] with T <= L");
  const int64_t batch = ambient.size(0);
  auto h =
      input_projection_->forward(ambient) + encoder_positions_.slice(0, 0, ambient.size(1));  // [B, T, D]
  for (const auto& block : *encoder_blocks_) {
    h = block->as<TransformerBlock>()->forward(h, {}, padding);
  }
  auto queries = pool_queries_.unsqueeze(0).expand({batch, -1, -1});  // [B, m, D]
  auto pooled = pool_norm_->forward(pool_->forward(queries, h, {}, padding));
  auto out = to_latent_->forward(pooled);  // [B, m, c] or [B, m, 2c]
  if (!options.variational()) return {out, {}};
  auto parts = out.chunk(2, -1);
  return {parts[0], parts[1].clamp(-30.0, 20.0)};
}

torch::Tensor MoleculeAutoencoderImpl::decode(const torch::Tensor& latent, int64_t length,
                                              const torch::Tensor& previous) {
  TORCH_CHECK(latent.dim() == 3 && latent.size(1) == options.latent_tokens() &&
                  latent.size(2) == options.latent_channels(),
              "decoder input must be [B, m, c]");
  if (length == 0) length = options.max_length();
  TORCH_CHECK(length > 0 && length <= options.max_length(), "decode length must be in [1, L]");
  TORCH_CHECK(length == options.max_length() || causal(),
              "decoding fewer than L positions needs the causal decoder");
  const int64_t batch = latent.size(0);
  auto memory = from_latent_->forward(latent);  // [B, m, D]
  auto h =
      decoder_queries_.slice(0, 0, length).unsqueeze(0).expand({batch, -1, -1}).contiguous();  // [B, T, D]
  if (options.autoregressive_decoder()) {
    TORCH_CHECK(previous.defined() && previous.dim() == 2 && previous.size(0) == batch &&
                    previous.size(1) >= length - 1 && previous.scalar_type() == torch::kLong,
                "the autoregressive decoder needs the previous tokens, [B, >= T-1] int64");
    auto start = torch::full({batch, 1}, options.vocab_size(), previous.options());
    auto inputs = torch::cat({start, previous.slice(1, 0, length - 1)}, 1);  // [B, T]
    h = h + token_inputs_->forward(inputs);
  }
  for (const auto& block : *decoder_blocks_) {
    h = block->as<TransformerBlock>()->forward(h, memory);
  }
  return to_logits_->forward(output_norm_->forward(h));  // [B, L, V]
}

torch::Tensor MoleculeAutoencoderImpl::decode_tokens(const torch::Tensor& latent) {
  const int64_t length = options.max_length();
  if (!options.autoregressive_decoder()) return decode(latent, length).argmax(-1);
  // Greedy, one position at a time: each block keeps its earlier positions' normalised inputs
  // (forward_next), so a step computes one position's queries and MLP, not the whole prefix's.
  const int64_t batch = latent.size(0);
  auto tokens =
      torch::full({batch, length}, options.pad_id(), torch::dtype(torch::kLong).device(latent.device()));
  auto memory = from_latent_->forward(latent);  // [B, m, D]
  std::vector<torch::Tensor> prefixes(decoder_blocks_->size());
  auto previous = torch::full({batch}, options.vocab_size(), tokens.options());  // the start row
  for (int64_t t = 0; t < length; ++t) {
    auto h = (decoder_queries_[t] + token_inputs_->forward(previous)).unsqueeze(1);  // [B, 1, D]
    for (size_t i = 0; i < decoder_blocks_->size(); ++i) {
      h = decoder_blocks_[i]->as<TransformerBlock>()->forward_next(h, prefixes[i], memory);
    }
    previous = to_logits_->forward(output_norm_->forward(h)).squeeze(1).argmax(-1);  // [B]
    tokens.select(1, t).copy_(previous);
    if (t > 0 && previous.eq(options.pad_id()).all().item<bool>()) break;  // every row has ended
  }
  return tokens;
}

}  // namespace sild::models
