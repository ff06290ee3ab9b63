// The Stage-2 training loop: setup, loop (maybe-eval, step, EMA, maybe-log, maybe-checkpoint),
// teardown. Same determinism contract as Stage 1.
#include "models/stage2_trainer.h"

#include <cmath>
#include <filesystem>

#include "common/errors.h"
#include "models/checkpoint.h"
#include "models/ema.h"
#include "models/losses.h"

namespace sild::models {
namespace {

constexpr const char* kCheckpointKind = "stage2";
constexpr const char* kEmaKind = "stage2-ema";
constexpr uint64_t kValidationSeed = 0x5eed;

at::Tensor draw_sigma(const SigmaSamplingOptions& options, int64_t n, at::Generator generator) {
  auto uniform = torch::rand({n}, generator, torch::kDouble);
  auto normal = torch::randn({n}, generator, torch::kDouble);
  auto sigma = torch::empty({n}, torch::kDouble);
  auto u = uniform.accessor<double, 1>();
  auto z = normal.accessor<double, 1>();
  auto s = sigma.accessor<double, 1>();
  for (int64_t i = 0; i < n; ++i) s[i] = sigma_from_uniform(options, u[i], z[i]);
  return sigma.to(torch::kFloat);
}

}  // namespace

double evaluate_stage2(LatentDenoiser& denoiser, const at::Tensor& latents, const Stage2Options& options,
                       const c10::Device& device) {
  torch::NoGradGuard no_grad;
  bool was_training = denoiser->is_training();
  denoiser->eval();
  const int64_t batch = options.loop.batch_size;
  const int64_t batches = std::min(options.loop.eval_batches, (latents.size(0) + batch - 1) / batch);
  double total = 0, count = 0;
  for (int64_t b = 0; b < batches; ++b) {
    auto z0 = latents.slice(0, b * batch, std::min(latents.size(0), (b + 1) * batch));
    auto generator = step_generator(kValidationSeed, b);
    auto sigma = draw_sigma(options.sigma, z0.size(0), generator);
    auto noise = torch::randn(z0.sizes(), generator);
    double n = static_cast<double>(z0.size(0));
    total += n * stage2_loss(denoiser, z0.to(device), sigma.to(device), noise.to(device), options.weighting)
                     .item<double>();
    count += n;
  }
  if (was_training) denoiser->train();
  return count > 0 ? total / count : 0.0;
}

TrainResult train_stage2(LatentDenoiser& denoiser, LatentDenoiser& ema_denoiser, const at::Tensor& latents,
                         const at::Tensor& validation, const Stage2Options& options, const c10::Device& device,
                         const TrainObserver& observer) {
  // ---- setup
  const auto& loop = options.loop;
  if (latents.dim() != 3 || latents.size(0) == 0) throw ConfigError("stage 2: no latents to train on");
  if (loop.batch_size % loop.world_size != 0) {
    throw ConfigError("stage 2: the batch size must be divisible by the number of processes");
  }
  const bool is_main = loop.rank == 0;
  denoiser->to(device);
  denoiser->train();
  ema_denoiser->to(device);
  torch::optim::AdamW optimizer(denoiser->parameters(),
                                torch::optim::AdamWOptions(loop.lr.peak).weight_decay(loop.weight_decay));
  LrScheduleOptions lr = loop.lr;
  lr.total_steps = loop.steps;
  const std::string ema_path =
      options.ema_path.empty() && !loop.checkpoint_path.empty() ? loop.checkpoint_path + ".ema" : options.ema_path;
  TrainResult result;
  int64_t step = 0;
  if (loop.resume && !loop.checkpoint_path.empty() && std::filesystem::exists(loop.checkpoint_path)) {
    step = load_training_checkpoint(*denoiser, optimizer, kCheckpointKind, loop.checkpoint_path);
    load_module(*ema_denoiser, kEmaKind, ema_path);
    result.resumed_from = step;
  }
  Ema ema(step > 0 ? *ema_denoiser : *denoiser, options.ema_decay);
  auto checkpoint = [&] {
    if (!is_main || loop.checkpoint_path.empty()) return;
    ema.copy_to(*ema_denoiser);
    save_module(*ema_denoiser, kEmaKind, ema_path);  // the EMA first: the checkpoint's step vouches for it
    save_training_checkpoint(*denoiser, optimizer, step, kCheckpointKind, loop.checkpoint_path);
  };
  const at::Tensor& held_out = validation.defined() && validation.size(0) > 0 ? validation : latents;
  auto validate = [&] {
    double loss = evaluate_stage2(denoiser, held_out, options, device);
    if (observer && is_main) observer({"stage2", step, true, {{"loss", loss}}});
    return loss;
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
    auto global_indices = batch_indices(latents.size(0), loop.batch_size, loop.seed, step);
    auto [first, last] = rank_rows(global_indices.size(0), loop.rank, loop.world_size);
    auto z0 = latents.index_select(0, global_indices.slice(0, first, last)).to(device);
    auto generator = step_generator(loop.seed, step, /*stream=*/1);
    auto sigma = draw_sigma(options.sigma, global_indices.size(0), generator).slice(0, first, last).to(device);
    std::vector<int64_t> noise_shape{global_indices.size(0), latents.size(1), latents.size(2)};
    auto noise = torch::randn(noise_shape, generator).slice(0, first, last).to(device);
    auto loss = stage2_loss(denoiser, z0, sigma, noise, options.weighting);
    const double loss_value = loss.item<double>();
    if (!std::isfinite(loss_value)) {
      throw Error("stage 2: loss is " + std::to_string(loss_value) + " at step " + std::to_string(step) +
                  " (hint: lower the learning rate)");
    }
    optimizer.zero_grad();
    loss.backward();
    if (loop.sync_gradients) {
      auto parameters = denoiser->parameters();
      loop.sync_gradients(parameters);
    }
    double grad_norm =
        loop.grad_clip > 0 ? torch::nn::utils::clip_grad_norm_(denoiser->parameters(), loop.grad_clip) : 0.0;
    optimizer.step();
    ema.update(*denoiser);
    ++step;

    if (observer && is_main && (step % loop.log_interval == 0 || step == 1)) {
      observer({"stage2", step, false, {{"loss", loss_value}, {"lr", learning_rate(lr, step - 1)}, {"grad_norm", grad_norm}}});
    }
    if (loop.checkpoint_interval > 0 && step % loop.checkpoint_interval == 0) checkpoint();
  }

  // ---- teardown
  result.steps_done = step;
  ema.copy_to(*ema_denoiser);
  if (!result.stopped) {
    checkpoint();
    result.final_validation = {{"loss", validate()}};
  }
  denoiser->eval();
  ema_denoiser->eval();
  return result;
}

}  // namespace sild::models
