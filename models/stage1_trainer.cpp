// The Stage-1 training loop: setup, loop (maybe-eval, step, maybe-log, maybe-checkpoint),
// teardown. Batches and noise are fixed functions of (seed, step), so a resumed run continues
// exactly where the checkpoint left off.
#include "models/stage1_trainer.h"

#include <cmath>
#include <filesystem>

#include "common/errors.h"
#include "models/checkpoint.h"
#include "models/losses.h"

namespace sild::models {
namespace {

constexpr const char* kCheckpointKind = "stage1";

Stage1Batch take(const TokenData& data, const at::Tensor& indices, const c10::Device& device) {
  return {data.tokens.index_select(0, indices).to(device), data.padding.index_select(0, indices).to(device)};
}

/// Noise is drawn for the whole global batch (`global` rows) and this process keeps rows
/// [first, last), so data-parallel processes see exactly the noise of a single process.
Stage1Losses step_losses(MoleculeAutoencoder& model, const Stage1Batch& batch, const Stage1Options& options,
                         at::Generator generator, int64_t global, int64_t first, int64_t last) {
  const auto device = batch.tokens.device();
  if (options.method == Method::kVaeLdm) {
    auto noise = torch::randn({global, model->options.latent_tokens(), model->options.latent_channels()}, generator);
    return vae_stage1_loss(model, batch, options.vae_beta, noise.slice(0, first, last).to(device));
  }
  auto uniform = torch::rand({global}, generator, torch::kDouble).slice(0, first, last).contiguous();
  auto sigma = torch::empty({last - first}, torch::kDouble);
  auto u = uniform.accessor<double, 1>();
  auto s = sigma.accessor<double, 1>();
  for (int64_t i = 0; i < last - first; ++i) s[i] = sigma_from_uniform(options.sigma, u[i]);
  auto noise = torch::randn({global, model->options.max_length(), model->ambient_dim()}, generator);
  return sild_stage1_loss(model, batch, sigma.to(torch::kFloat).to(device), noise.slice(0, first, last).to(device));
}

}  // namespace

Method method_from_string(const std::string& name) {
  if (name == "sild") return Method::kSild;
  if (name == "vae-ldm") return Method::kVaeLdm;
  throw ConfigError("--method must be sild or vae-ldm, not '" + name + "'");
}

std::string to_string(Method method) { return method == Method::kSild ? "sild" : "vae-ldm"; }

std::vector<std::pair<std::string, double>> evaluate_stage1(MoleculeAutoencoder& model, const TokenData& data,
                                                            const Stage1Options& options, const c10::Device& device) {
  torch::NoGradGuard no_grad;
  bool was_training = model->is_training();
  model->eval();
  double loss = 0, token = 0, sequence = 0, count = 0;
  const int64_t batch_size = options.loop.batch_size;
  const int64_t batches = std::min(options.loop.eval_batches, (data.size() + batch_size - 1) / batch_size);
  for (int64_t b = 0; b < batches; ++b) {
    auto indices = torch::arange(b * batch_size, std::min(data.size(), (b + 1) * batch_size), torch::kLong);
    auto batch = take(data, indices, device);
    // Reconstruction G(E(x)) of clean inputs (the VAE uses its mean).
    auto latent = model->encode(model->embed(batch.tokens), batch.padding).mean;
    auto logits = model->decode(latent);
    double n = static_cast<double>(indices.size(0));
    loss += n * torch::nn::functional::cross_entropy(logits.reshape({-1, logits.size(-1)}), batch.tokens.reshape({-1}))
                    .item<double>();
    auto [t, s] = reconstruction_accuracy(logits, batch.tokens);
    token += n * t;
    sequence += n * s;
    count += n;
  }
  if (was_training) model->train();
  if (count == 0) return {};
  return {{"loss", loss / count}, {"token_accuracy", token / count}, {"sequence_accuracy", sequence / count}};
}

TrainResult train_stage1(MoleculeAutoencoder& model, const TokenData& train, const TokenData& validation,
                         const Stage1Options& options, const c10::Device& device, const TrainObserver& observer) {
  // ---- setup
  const auto& loop = options.loop;
  if (train.size() == 0) throw ConfigError("stage 1: the training set is empty");
  if (loop.batch_size % loop.world_size != 0) {
    throw ConfigError("stage 1: the batch size must be divisible by the number of processes");
  }
  const bool is_main = loop.rank == 0;
  if ((options.method == Method::kVaeLdm) != model->options.variational()) {
    throw ConfigError("stage 1: the model's encoder head does not match --method " + to_string(options.method));
  }
  model->to(device);
  model->train();
  torch::optim::AdamW optimizer(model->parameters(),
                                torch::optim::AdamWOptions(loop.lr.peak).weight_decay(loop.weight_decay));
  LrScheduleOptions lr = loop.lr;
  lr.total_steps = loop.steps;
  TrainResult result;
  int64_t step = 0;
  if (loop.resume && !loop.checkpoint_path.empty() && std::filesystem::exists(loop.checkpoint_path)) {
    step = load_training_checkpoint(*model, optimizer, kCheckpointKind, loop.checkpoint_path);
    model->to(device);
    result.resumed_from = step;
  }
  auto checkpoint = [&] {
    if (is_main && !loop.checkpoint_path.empty()) {
      save_training_checkpoint(*model, optimizer, step, kCheckpointKind, loop.checkpoint_path);
    }
  };
  auto validate = [&] {
    auto values = evaluate_stage1(model, validation.size() > 0 ? validation : train, options, device);
    if (observer && is_main) observer({"stage1", step, true, values});
    return values;
  };

  // ---- loop
  while (step < loop.steps) {
    if (loop.should_stop && loop.should_stop()) {
      checkpoint();
      result.stopped = true;
      break;
    }
    if (loop.eval_interval > 0 && step > 0 && step % loop.eval_interval == 0) validate();

    set_learning_rate(optimizer, learning_rate(lr, step));
    auto global_indices = batch_indices(train.size(), loop.batch_size, loop.seed, step);
    auto [first, last] = rank_rows(global_indices.size(0), loop.rank, loop.world_size);
    auto batch = take(train, global_indices.slice(0, first, last), device);
    auto losses = step_losses(model, batch, options, step_generator(loop.seed, step), global_indices.size(0), first, last);
    const double loss_value = losses.loss.item<double>();
    if (!std::isfinite(loss_value)) {
      throw Error("stage 1: loss is " + std::to_string(loss_value) + " at step " + std::to_string(step) +
                  " (hint: lower the learning rate or raise the noise floor)");
    }
    optimizer.zero_grad();
    losses.loss.backward();
    if (loop.sync_gradients) {
      auto parameters = model->parameters();
      loop.sync_gradients(parameters);
    }
    double grad_norm = loop.grad_clip > 0 ? torch::nn::utils::clip_grad_norm_(model->parameters(), loop.grad_clip) : 0.0;
    optimizer.step();
    ++step;

    if (observer && is_main && (step % loop.log_interval == 0 || step == 1)) {
      observer({"stage1", step, false,
                {{"loss", loss_value}, {"reconstruction", losses.reconstruction.item<double>()},
                 {"kl", losses.kl.item<double>()}, {"token_accuracy", losses.token_accuracy},
                 {"lr", learning_rate(lr, step - 1)}, {"grad_norm", grad_norm}}});
    }
    if (loop.checkpoint_interval > 0 && step % loop.checkpoint_interval == 0) checkpoint();
  }

  // ---- teardown
  result.steps_done = step;
  if (!result.stopped) {
    checkpoint();
    result.final_validation = validate();
  }
  model->eval();
  return result;
}

}  // namespace sild::models
