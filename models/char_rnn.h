// The CharRNN baseline of MOSES (Polykovskiy et al. 2020, `moses/char_rnn`): a token-level LSTM
// language model. Tokens are embedded in R^V (V = vocabulary size, as MOSES does), run through a
// stack of LSTM layers with dropout between them, and a linear head gives the next-token logits.
// It is trained by teacher forcing and sampled token by token from BOS until EOS. The layers are
// separate one-layer LSTMs so that the dropout masks between them come from a given generator
// (the same function as LibTorch's multi-layer LSTM with `dropout`, whose masks would come from
// the global generator).
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/rnn.h>
#include <torch/nn/pimpl.h>

#include <cstdint>
#include <tuple>
#include <vector>

#include "models/training.h"

namespace sild::models {

struct CharRnnOptions {
  explicit CharRnnOptions(int64_t vocab_size) : vocab_size_(vocab_size) {}
  TORCH_ARG(int64_t, vocab_size);
  TORCH_ARG(int64_t, hidden) = 768;  ///< LSTM width (MOSES: 768)
  TORCH_ARG(int64_t, layers) = 3;    ///< stacked LSTM layers (MOSES: 3)
  TORCH_ARG(double, dropout) = 0.2;  ///< between LSTM layers (MOSES: 0.2)
  // The special ids of the vocabulary (models/ knows no chem::Vocabulary; src/ passes its ids).
  TORCH_ARG(int64_t, pad_id) = 0;
  TORCH_ARG(int64_t, bos_id) = 1;
  TORCH_ARG(int64_t, eos_id) = 2;
};

/// The (h, c) state of every layer, each [1, B, hidden].
using LstmState = std::vector<std::tuple<torch::Tensor, torch::Tensor>>;

class CharRnnImpl : public torch::nn::Module {
 public:
  explicit CharRnnImpl(const CharRnnOptions& options);
  /// Next-token logits [B, T, V] for ids [B, T] from a zero state. In training mode the dropout
  /// masks are drawn on the CPU from `dropout_generator` (none: no dropout).
  torch::Tensor forward(const torch::Tensor& tokens, c10::optional<at::Generator> dropout_generator = {});
  /// One step without dropout: logits [B, V] for ids [B] and the new state (empty = zeros).
  std::pair<torch::Tensor, LstmState> step(const torch::Tensor& tokens, const LstmState& state);

  CharRnnOptions options;

 private:
  torch::nn::Embedding embedding_{nullptr};
  std::vector<torch::nn::LSTM> layers_;
  torch::nn::Linear head_{nullptr};
};
TORCH_MODULE(CharRnn);

/// Teacher-forcing loss: mean cross-entropy of predicting ids[:, 1:] from ids[:, :-1], PAD targets
/// ignored (MOSES's objective).
torch::Tensor char_rnn_loss(CharRnn& model, const torch::Tensor& tokens,
                            c10::optional<at::Generator> dropout_generator = {});

/// Samples `count` sequences of at most `max_length` ids (BOS first; EOS, then PAD, after the
/// end) on `device`. Every random draw is a uniform number made on the CPU by `generator` and
/// moved, so a seed gives the same molecules on any device. PAD and BOS are never drawn.
torch::Tensor sample_char_rnn(CharRnn& model, int64_t count, int64_t max_length, at::Generator generator,
                              const c10::Device& device, double temperature = 1.0);

}  // namespace sild::models
