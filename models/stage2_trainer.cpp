// The Stage-2 training loop: setup, loop (maybe-eval, step, EMA, maybe-log, maybe-checkpoint),
// teardown. Same determinism contract as Stage 1.
#include "models/stage2_trainer.h"

#include <optional>

#include "common/errors.h"
#include "models/checkpoint.h"
#include "models/ema.h"
#include "models/losses.h"
#include "models/train_loop.h"

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
    auto generator = step_generator(kValidationSeed, b, RandomStream::kValidation);
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
                         const at::Tensor& validation, const Stage2Options& options,
                         const c10::Device& device, const TrainObserver& observer) {
  const auto& loop = options.loop;
  if (latents.dim() != 3 || latents.size(0) == 0) throw ConfigError("stage 2: no latents to train on");
  if (loop.batch_size % loop.world_size != 0) {
    throw ConfigError("stage 2: the batch size must be divisible by the number of processes");
  }
  denoiser->to(device);
  denoiser->train();
  ema_denoiser->to(device);
  const at::Tensor& held_out = validation.defined() && validation.size(0) > 0 ? validation : latents;
  std::optional<Ema> ema;
  TrainLoopHooks hooks;
  hooks.stage = "stage2";
  hooks.checkpoint_kind = kCheckpointKind;
  hooks.rows = latents.size(0);
  hooks.noise_stream = RandomStream::kTrainingStep;
  // The EMA travels inside the checkpoint, so a resumed run continues the EMA of its own step.
  hooks.checkpoint_parts = {{kEmaKind, ema_denoiser.ptr().get()}};
  hooks.on_start = [&](int64_t step) {
    ema.emplace(step > 0 ? *ema_denoiser : *denoiser, options.ema_decay, step);
  };
  hooks.step_loss = [&](const at::Tensor& indices, int64_t, at::Generator generator, int64_t global,
                        int64_t first, int64_t last) {
    auto z0 = to_device(latents.index_select(0, indices), device);
    auto sigma = to_device(draw_sigma(options.sigma, global, generator).slice(0, first, last), device);
    auto noise = to_device(
        torch::randn({global, latents.size(1), latents.size(2)}, generator).slice(0, first, last), device);
    return StepLoss{stage2_loss(denoiser, z0, sigma, noise, options.weighting), {}};
  };
  hooks.after_step = [&] { ema->update(*denoiser); };
  hooks.before_checkpoint = [&] { ema->copy_to(*ema_denoiser); };
  hooks.on_finish = [&] { ema->copy_to(*ema_denoiser); };
  hooks.validate = [&] {
    return NamedValues{{"loss", evaluate_stage2(denoiser, held_out, options, device)}};
  };
  auto result = run_train_loop(*denoiser, loop, hooks, observer);
  denoiser->eval();
  ema_denoiser->eval();
  return result;
}

}  // namespace sild::models
