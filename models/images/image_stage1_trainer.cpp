// The image Stage-1 loop (see image_stage1_trainer.h): setup, loop (maybe-eval, step, maybe-log,
// maybe-checkpoint), teardown.
#include "models/images/image_stage1_trainer.h"

#include <torch/torch.h>

#include "common/errors.h"
#include "models/train_loop.h"

namespace sild::models {
namespace {

constexpr const char* kCheckpointKind = "image-stage1";

ImageStage1Losses step_losses(ImageAutoencoder& model, const at::Tensor& images,
                              const ImageStage1Options& options, at::Generator generator, int64_t global,
                              int64_t first, int64_t last) {
  const auto device = images.device();
  if (options.method == Method::kVaeLdm) {
    const auto shape = model->latent_shape();
    auto noise = torch::randn({global, shape[0], shape[1], shape[2]}, generator);
    return vae_image_loss(model, images, options.vae_beta, to_device(noise.slice(0, first, last), device));
  }
  auto uniform = torch::rand({global}, generator, torch::kDouble).slice(0, first, last).contiguous();
  auto sigma = torch::empty({last - first}, torch::kDouble);
  auto u = uniform.accessor<double, 1>();
  auto s = sigma.accessor<double, 1>();
  for (int64_t i = 0; i < last - first; ++i) s[i] = sigma_from_uniform(options.sigma, u[i]);
  auto noise = torch::randn({global, images.size(1), images.size(2), images.size(3)}, generator);
  return sild_image_loss(model, images, to_device(sigma.to(torch::kFloat), device),
                         to_device(noise.slice(0, first, last), device));
}

}  // namespace

ImageStage1Losses sild_image_loss(ImageAutoencoder& model, const at::Tensor& images, const at::Tensor& sigma,
                                  const at::Tensor& noise) {
  auto noisy = images + sigma.view({-1, 1, 1, 1}) * noise;
  auto reconstruction = (model->decode(model->encode(noisy).mean) - images).pow(2).mean();
  return {reconstruction, reconstruction, torch::zeros({}, images.options())};
}

ImageStage1Losses vae_image_loss(ImageAutoencoder& model, const at::Tensor& images, double beta,
                                 const at::Tensor& noise) {
  auto encoded = model->encode(images);
  auto z = encoded.mean + torch::exp(0.5 * encoded.log_var) * noise;
  auto reconstruction = (model->decode(z) - images).pow(2).mean();
  // KL(N(μ, σ²) ‖ N(0, 1)) summed over the latent, per sample, then per pixel.
  auto kl = 0.5 *
            (encoded.mean.pow(2) + encoded.log_var.exp() - 1 - encoded.log_var).flatten(1).sum(1).mean() /
            static_cast<double>(images[0].numel());
  return {reconstruction + beta * kl, reconstruction, kl};
}

double image_reconstruction_mse(ImageAutoencoder& model, const at::Tensor& images, const c10::Device& device,
                                int64_t batch_size) {
  torch::NoGradGuard no_grad;
  const bool was_training = model->is_training();
  model->eval();
  double total = 0.0;
  for (int64_t start = 0; start < images.size(0); start += batch_size) {
    auto batch = images.slice(0, start, std::min(images.size(0), start + batch_size)).to(device);
    auto decoded = model->decode(model->encode(batch).mean);
    // [-1, 1] -> [0, 1] halves every difference: squared error / 4.
    total += (decoded - batch).pow(2).sum().item<double>() / 4.0;
  }
  if (was_training) model->train();
  return images.numel() > 0 ? total / static_cast<double>(images.numel()) : 0.0;
}

at::Tensor encode_image_latents(ImageAutoencoder& model, const at::Tensor& images, const c10::Device& device,
                                int64_t batch_size) {
  torch::NoGradGuard no_grad;
  const bool was_training = model->is_training();
  model->eval();
  std::vector<at::Tensor> parts;
  for (int64_t start = 0; start < images.size(0); start += batch_size) {
    auto batch = images.slice(0, start, std::min(images.size(0), start + batch_size)).to(device);
    auto latent = model->encode(batch).mean;                                // [B, c, h, w]
    parts.push_back(latent.flatten(2).transpose(1, 2).contiguous().cpu());  // [B, h·w, c]
  }
  if (was_training) model->train();
  return torch::cat(parts, 0);
}

at::Tensor tokens_to_latent_map(const at::Tensor& tokens, const std::vector<int64_t>& latent_shape) {
  TORCH_CHECK(tokens.dim() == 3 && tokens.size(1) == latent_shape[1] * latent_shape[2] &&
                  tokens.size(2) == latent_shape[0],
              "latent tokens must be [B, h·w, c]");
  return tokens.transpose(1, 2).reshape({tokens.size(0), latent_shape[0], latent_shape[1], latent_shape[2]});
}

TrainResult train_image_stage1(ImageAutoencoder& model, const at::Tensor& train, const at::Tensor& validation,
                               const ImageStage1Options& options, const c10::Device& device,
                               const TrainObserver& observer) {
  const auto& loop = options.loop;
  if (train.size(0) == 0) throw ConfigError("image stage 1: the training set is empty");
  if (loop.batch_size % loop.world_size != 0) {
    throw ConfigError("image stage 1: the batch size must be divisible by the number of processes");
  }
  if ((options.method == Method::kVaeLdm) != model->options.variational()) {
    throw ConfigError("image stage 1: the model's encoder head does not match --method " +
                      to_string(options.method));
  }
  model->to(device);
  model->train();
  const auto& held_out = validation.defined() && validation.size(0) > 0 ? validation : train;
  TrainLoopHooks hooks;
  hooks.stage = "stage1";
  hooks.checkpoint_kind = kCheckpointKind;
  hooks.rows = train.size(0);
  hooks.on_start = [&](int64_t) { model->to(device); };
  hooks.step_loss = [&](const at::Tensor& indices, int64_t, at::Generator generator, int64_t global,
                        int64_t first, int64_t last) {
    auto losses = step_losses(model, to_device(train.index_select(0, indices), device), options, generator,
                              global, first, last);
    return StepLoss{
        losses.loss,
        {{"reconstruction", losses.reconstruction.item<double>()}, {"kl", losses.kl.item<double>()}}};
  };
  hooks.validate = [&] {
    const auto count = std::min<int64_t>(held_out.size(0), loop.eval_batches * loop.batch_size);
    return NamedValues{
        {"reconstruction_mse", image_reconstruction_mse(model, held_out.slice(0, 0, count), device)}};
  };
  auto result = run_train_loop(*model, loop, hooks, observer);
  model->eval();
  return result;
}

}  // namespace sild::models
