// The Stage-1 networks for token sequences: the ambient token embedding, the encoder E
// (Transformer over noisy embeddings, pooled into m latent tokens of c channels by learned
// queries) and the decoder G (L positional queries cross-attending to the latent tokens, emitting
// token logits; with autoregressive_decoder the queries also read the previous tokens). With
// `variational` E also emits a log-variance: the VAE-LDM baseline's only architectural difference.
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

#include "models/transformer_block.h"

namespace sild::models {

struct MoleculeAutoencoderOptions {
  MoleculeAutoencoderOptions(int64_t vocab_size, int64_t max_length)
      : vocab_size_(vocab_size), max_length_(max_length) {}
  TORCH_ARG(int64_t, vocab_size);
  TORCH_ARG(int64_t, max_length);           ///< L, including BOS/EOS/PAD
  TORCH_ARG(int64_t, ambient_dim) = 64;     ///< token embedding width A (ignored when one_hot)
  TORCH_ARG(bool, one_hot) = false;         ///< ambient space = one-hot tokens (A = vocab_size)
  TORCH_ARG(double, embedding_norm) = 1.0;  ///< every ambient token vector has this L2 norm per sqrt(A)
  TORCH_ARG(int64_t, model_dim) = 256;      ///< Transformer width D
  TORCH_ARG(int64_t, heads) = 4;
  TORCH_ARG(int64_t, encoder_layers) = 3;
  TORCH_ARG(int64_t, decoder_layers) = 3;
  TORCH_ARG(int64_t, latent_tokens) = 1;     ///< m
  TORCH_ARG(int64_t, latent_channels) = 64;  ///< c
  TORCH_ARG(double, dropout) = 0.0;
  TORCH_ARG(bool, variational) = false;    ///< VAE-LDM baseline: E emits mean and log-variance
  TORCH_ARG(int64_t, embedding_seed) = 0;  ///< seed of the fixed random ambient embedding
  /// Causal self-attention in G: position i's logits do not depend on the positions after it,
  /// so decoding the first T positions gives the same logits as decoding all L and cutting.
  /// This is what lets Stage 1 train on batches cut to their longest sequence.
  TORCH_ARG(bool, causal_decoder) = false;
  /// G also reads the tokens before each position (teacher forcing in training, its own greedy
  /// choices when decoding): p(x | z) factorised left to right instead of position by position,
  /// so a latent between two molecules still decodes to one coherent sequence. Implies causal.
  TORCH_ARG(bool, autoregressive_decoder) = false;
  TORCH_ARG(int64_t, pad_id) = 0;  ///< the token that fills a sequence after its end
};

/// Output of the encoder: the latent (deterministic for SiLD, the mean for the VAE) and, for the
/// VAE, the log-variance.
struct EncoderOutput {
  torch::Tensor mean;     ///< [B, m, c]
  torch::Tensor log_var;  ///< [B, m, c] or undefined
};

class MoleculeAutoencoderImpl : public torch::nn::Module {
 public:
  explicit MoleculeAutoencoderImpl(const MoleculeAutoencoderOptions& options);

  /// tokens [B, L] int64 -> ambient vectors [B, L, A] with the fixed row norm.
  torch::Tensor embed(const torch::Tensor& tokens);
  /// E: noisy ambient vectors [B, T, A] and padding mask [B, T] (true = PAD) -> latent, for any
  /// T <= L: PAD keys are masked, so cutting trailing PAD columns does not change the latent.
  EncoderOutput encode(const torch::Tensor& ambient, const torch::Tensor& padding);
  /// G: latent [B, m, c] -> token logits [B, T, V] of the first T = `length` positions (0: L).
  /// T < L needs a causal decoder (otherwise the logits would depend on T). `previous` [B, >= T-1]
  /// int64: the tokens the autoregressive decoder reads before each position (position i reads
  /// previous[:, i-1], position 0 a start vector); ignored by the non-autoregressive one.
  torch::Tensor decode(const torch::Tensor& latent, int64_t length = 0, const torch::Tensor& previous = {});
  /// The decoded token ids [B, L]: the argmax of every position, or for the autoregressive decoder
  /// greedy decoding position by position (stopping once every row has reached pad_id).
  torch::Tensor decode_tokens(const torch::Tensor& latent);
  /// Whether G's self-attention is causal (causal_decoder or autoregressive_decoder).
  bool causal() const;
  /// Ambient dimension A.
  int64_t ambient_dim() const;
  /// The ambient vector of every token, [V, A].
  torch::Tensor embedding_table();

  MoleculeAutoencoderOptions options;

 private:
  torch::Tensor fixed_embedding_;                // [V, A] buffer: the fixed ambient embedding
  torch::nn::Linear input_projection_{nullptr};  // A -> D
  torch::Tensor encoder_positions_;              // [L, D] parameter
  torch::nn::ModuleList encoder_blocks_{nullptr};
  torch::Tensor pool_queries_;      // [m, D] parameter
  TransformerBlock pool_{nullptr};  // cross-attention of queries to the sequence
  torch::nn::LayerNorm pool_norm_{nullptr};
  torch::nn::Linear to_latent_{nullptr};        // D -> c (or 2c)
  torch::nn::Linear from_latent_{nullptr};      // c -> D
  torch::Tensor decoder_queries_;               // [L, D] parameter
  torch::nn::Embedding token_inputs_{nullptr};  // V + 1 -> D (autoregressive; row V = start)
  torch::nn::ModuleList decoder_blocks_{nullptr};
  torch::nn::LayerNorm output_norm_{nullptr};
  torch::nn::Linear to_logits_{nullptr};  // D -> V
};
TORCH_MODULE(MoleculeAutoencoder);

}  // namespace sild::models
