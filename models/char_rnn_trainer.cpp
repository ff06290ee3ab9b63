// The CharRNN training loop (see char_rnn_trainer.h).
#include "models/char_rnn_trainer.h"

#include <cmath>

#include "common/errors.h"
#include "models/train_loop.h"

namespace sild::models {
namespace {

constexpr const char* kCheckpointKind = "charrnn";

}  // namespace

std::vector<std::pair<std::string, double>> evaluate_char_rnn(CharRnn& model, const TokenData& data,
                                                              const CharRnnTrainOptions& options,
                                                              const c10::Device& device) {
  torch::NoGradGuard no_grad;
  const bool was_training = model->is_training();
  model->eval();
  const int64_t pad = model->options.pad_id();
  const int64_t batch_size = options.loop.batch_size;
  const int64_t batches = std::min(options.loop.eval_batches, (data.size() + batch_size - 1) / batch_size);
  double total = 0, targets = 0;
  for (int64_t b = 0; b < batches; ++b) {
    // Cut to the batch's longest sequence; two positions at least, one input and one target.
    auto rows = torch::arange(b * batch_size, std::min(data.size(), (b + 1) * batch_size), torch::kLong);
    auto ids = take_rows(data, rows, 2).tokens;
    // Weighted by the number of real targets, so the mean is per token over all batches.
    const double n = ids.slice(1, 1).ne(pad).sum().item<double>();
    total += n * char_rnn_loss(model, ids.to(device)).item<double>();
    targets += n;
  }
  if (was_training) model->train();
  if (targets == 0) return {};
  const double loss = total / targets;
  return {{"loss", loss}, {"perplexity", std::exp(loss)}};
}

TrainResult train_char_rnn(CharRnn& model, const TokenData& train, const TokenData& validation,
                           const CharRnnTrainOptions& options, const c10::Device& device,
                           const TrainObserver& observer) {
  const auto& loop = options.loop;
  if (train.size() == 0) throw ConfigError("charrnn: the training set is empty");
  if (loop.batch_size % loop.world_size != 0) {
    throw ConfigError("charrnn: the batch size must be divisible by the number of processes");
  }
  model->to(device);
  model->train();
  TrainLoopHooks hooks;
  hooks.stage = "charrnn";
  hooks.checkpoint_kind = kCheckpointKind;
  hooks.rows = train.size();
  hooks.on_start = [&](int64_t) { model->to(device); };
  hooks.step_loss = [&](const at::Tensor& indices, int64_t step, at::Generator, int64_t, int64_t, int64_t) {
    auto ids = to_device(take_rows(train, indices, 2).tokens, device);
    return StepLoss{char_rnn_loss(model, ids, step_generator(loop.seed, step, RandomStream::kDropout)), {}};
  };
  hooks.validate = [&] {
    return evaluate_char_rnn(model, validation.size() > 0 ? validation : train, options, device);
  };
  auto result = run_train_loop(*model, loop, hooks, observer);
  model->eval();
  return result;
}

}  // namespace sild::models
