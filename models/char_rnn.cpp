// The CharRNN baseline (see char_rnn.h).
#include "models/char_rnn.h"

#include <torch/torch.h>

namespace sild::models {

CharRnnImpl::CharRnnImpl(const CharRnnOptions& o) : options(o) {
  const int64_t v = o.vocab_size();
  embedding_ = register_module(
      "embedding", torch::nn::Embedding(torch::nn::EmbeddingOptions(v, v).padding_idx(o.pad_id())));
  for (int64_t i = 0; i < o.layers(); ++i) {
    const int64_t input = i == 0 ? v : o.hidden();
    layers_.push_back(
        register_module("lstm" + std::to_string(i),
                        torch::nn::LSTM(torch::nn::LSTMOptions(input, o.hidden()).batch_first(true))));
  }
  head_ = register_module("head", torch::nn::Linear(o.hidden(), v));
}

torch::Tensor CharRnnImpl::forward(const torch::Tensor& tokens,
                                   c10::optional<at::Generator> dropout_generator) {
  auto x = embedding_->forward(tokens);
  const double p = options.dropout();
  for (size_t i = 0; i < layers_.size(); ++i) {
    x = std::get<0>(layers_[i]->forward(x));
    if (i + 1 < layers_.size() && is_training() && p > 0 && dropout_generator) {
      // Inverted dropout on the layer's output, as LibTorch's LSTM applies between layers.
      auto keep = torch::bernoulli(torch::full(x.sizes(), 1.0 - p), *dropout_generator).to(x.device());
      x = x * keep / (1.0 - p);
    }
  }
  return head_->forward(x);
}

std::pair<torch::Tensor, LstmState> CharRnnImpl::step(const torch::Tensor& tokens, const LstmState& state) {
  auto x = embedding_->forward(tokens.unsqueeze(1));
  LstmState next;
  for (size_t i = 0; i < layers_.size(); ++i) {
    auto [output, layer_state] = state.empty() ? layers_[i]->forward(x) : layers_[i]->forward(x, state[i]);
    next.push_back(layer_state);
    x = output;
  }
  return {head_->forward(x.squeeze(1)), next};
}

torch::Tensor char_rnn_loss(CharRnn& model, const torch::Tensor& tokens,
                            c10::optional<at::Generator> dropout_generator) {
  const int64_t pad = model->options.pad_id();
  auto logits = model->forward(tokens.slice(1, 0, -1), dropout_generator);
  auto targets = tokens.slice(1, 1);
  return torch::nn::functional::cross_entropy(
      logits.reshape({-1, logits.size(-1)}), targets.reshape({-1}),
      torch::nn::functional::CrossEntropyFuncOptions().ignore_index(pad));
}

torch::Tensor sample_char_rnn(CharRnn& model, int64_t count, int64_t max_length, at::Generator generator,
                              const c10::Device& device, double temperature) {
  torch::NoGradGuard no_grad;
  const auto& o = model->options;
  auto out = torch::full({count, max_length}, o.pad_id(), torch::kLong);
  if (count == 0 || max_length < 2) return out;
  // All uniforms up front, on the CPU: the draws do not depend on the device.
  auto uniforms = torch::rand({max_length - 1, count}, generator, torch::kDouble).to(device);
  auto ids = torch::full({count}, o.bos_id(), torch::dtype(torch::kLong).device(device));
  auto finished = torch::zeros({count}, torch::dtype(torch::kBool).device(device));
  std::vector<torch::Tensor> columns{ids};
  LstmState state;
  for (int64_t t = 1; t < max_length; ++t) {
    auto [logits, next] = model->step(ids, state);
    state = next;
    logits = logits.to(torch::kDouble) / temperature;
    logits.index_fill_(1, torch::tensor({o.pad_id(), o.bos_id()}, torch::dtype(torch::kLong).device(device)),
                       -std::numeric_limits<double>::infinity());
    if (t == max_length - 1) {  // the last position can only end the sequence
      logits.fill_(-std::numeric_limits<double>::infinity());
      logits.select(1, o.eos_id()).fill_(0.0);
    }
    // Inverse-CDF draw: the first id whose cumulative probability exceeds u.
    auto cumulative = torch::softmax(logits, 1).cumsum(1);
    auto u = uniforms[t - 1].unsqueeze(1) * cumulative.select(1, -1).unsqueeze(1);
    ids = torch::searchsorted(cumulative, u, /*out_int32=*/false, /*right=*/true).squeeze(1);
    ids = ids.clamp_max(o.vocab_size() - 1);
    ids = torch::where(finished, torch::full_like(ids, o.pad_id()), ids);
    columns.push_back(ids);
    finished = finished.logical_or(ids.eq(o.eos_id()));
    if (finished.all().item<bool>()) break;
  }
  auto drawn = torch::stack(columns, 1).to(torch::kCPU);
  out.slice(1, 0, drawn.size(1)).copy_(drawn);
  return out;
}

}  // namespace sild::models
