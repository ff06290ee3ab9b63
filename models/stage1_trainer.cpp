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

Stage1Losses step_losses(MoleculeAutoencoder& model, const Stage1Batch& batch, const Stage1Options& options,
                         at::Generator generator) {
  const int64_t n = batch.tokens.size(0);
  if (options.method == Method::kVaeLdm) {
    auto noise = torch::randn({n, model->options.latent_tokens(), model->options.latent_channels()}, generator);
    return vae_stage1_loss(model, batch, options.vae_beta, noise.to(batch.tokens.device()));
  }
  auto uniform = torch::rand({n}, generator, torch::kDouble);
  auto sigma = torch::empty({n}, torch::kDouble);
  for (int64_t i = 0; i < n; ++i) {
    sigma[i] = sigma_from_uniform(options.sigma, uniform[i].item<double>());
  }
  auto noise = torch::randn({n, model->options.max_length(), model->ambient_dim()}, generator);
  return sild_stage1_loss(model, batch, sigma.to(torch::kFloat).to(batch.tokens.device()),
                          noise.to(batch.tokens.device()));
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
    if (!loop.checkpoint_path.empty()) {
      save_training_checkpoint(*model, optimizer, step, kCheckpointKind, loop.checkpoint_path);
    }
  };
  auto validate = [&] {
    auto values = evaluate_stage1(model, validation.size() > 0 ? validation : train, options, device);
    if (observer) observer({"stage1", step, true, values});
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

    for (auto& group : optimizer.param_groups()) {
      static_cast<torch::optim::AdamWOptions&>(group.options()).lr(learning_rate(lr, step));
    }
    auto batch = take(train, batch_indices(train.size(), loop.batch_size, loop.seed, step), device);
    auto losses = step_losses(model, batch, options, step_generator(loop.seed, step));
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

    if (observer && (step % loop.log_interval == 0 || step == 1)) {
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
