// Training objectives (see losses.h).
#include "models/losses.h"

#include <torch/torch.h>

namespace sild::models {
namespace {

at::Tensor token_cross_entropy(const at::Tensor& logits, const at::Tensor& tokens) {
  return torch::nn::functional::cross_entropy(logits.reshape({-1, logits.size(-1)}), tokens.reshape({-1}));
}

}  // namespace

std::pair<double, double> reconstruction_accuracy(const at::Tensor& logits, const at::Tensor& tokens) {
  torch::NoGradGuard no_grad;
  auto correct = logits.argmax(-1).eq(tokens);  // [B, L]
  double token = correct.to(torch::kDouble).mean().item<double>();
  double sequence = correct.all(1).to(torch::kDouble).mean().item<double>();
  return {token, sequence};
}

Stage1Losses sild_stage1_loss(MoleculeAutoencoder& model, const Stage1Batch& batch, const at::Tensor& sigma,
                              const at::Tensor& noise, const LatentNoise* latent_noise) {
  auto clean = model->embed(batch.tokens);                 // [B, T, A], T <= L
  auto noisy = clean + sigma.view({-1, 1, 1}) * noise;     // x_σ = x + σε
  auto latent = model->encode(noisy, batch.padding).mean;  // [B, m, c]
  if (latent_noise != nullptr && latent.size(0) > 1) {
    auto spread = latent.detach().std(0, /*unbiased=*/true, /*keepdim=*/true);  // [1, m, c]
    latent = latent + latent_noise->scale.view({-1, 1, 1}) * spread * latent_noise->noise;
  }
  auto logits = model->decode(latent, batch.tokens.size(1), batch.tokens);  // [B, T, V]
  Stage1Losses out;
  out.reconstruction = token_cross_entropy(logits, batch.tokens);
  out.kl = torch::zeros({}, logits.options());
  out.loss = out.reconstruction;
  std::tie(out.token_accuracy, out.sequence_accuracy) = reconstruction_accuracy(logits, batch.tokens);
  return out;
}

Stage1Losses vae_stage1_loss(MoleculeAutoencoder& model, const Stage1Batch& batch, double beta,
                             const at::Tensor& noise) {
  TORCH_CHECK(model->options.variational(), "the VAE loss needs a variational encoder");
  auto encoded = model->encode(model->embed(batch.tokens), batch.padding);
  auto latent = encoded.mean + (0.5 * encoded.log_var).exp() * noise;  // reparameterisation
  auto logits = model->decode(latent, batch.tokens.size(1), batch.tokens);
  Stage1Losses out;
  out.reconstruction = token_cross_entropy(logits, batch.tokens);
  // KL(N(μ, σ²) ‖ N(0, 1)) summed over latent dimensions, averaged over the batch.
  out.kl = 0.5 * (encoded.mean.pow(2) + encoded.log_var.exp() - 1.0 - encoded.log_var).sum({1, 2}).mean();
  out.loss = out.reconstruction + beta * out.kl;
  std::tie(out.token_accuracy, out.sequence_accuracy) = reconstruction_accuracy(logits, batch.tokens);
  return out;
}

at::Tensor stage2_loss(LatentDenoiser& denoiser, const at::Tensor& z0, const at::Tensor& sigma,
                       const at::Tensor& noise, LossWeighting weighting) {
  auto denoised = denoiser->forward(z0 + sigma.view({-1, 1, 1}) * noise, sigma);
  auto per_sample = (denoised - z0).pow(2).mean({1, 2});  // [B]
  auto weights = torch::empty_like(sigma);
  auto sigma_cpu = sigma.to(torch::kCPU, torch::kDouble).contiguous();
  auto weights_cpu = torch::empty_like(sigma_cpu);
  auto s = sigma_cpu.accessor<double, 1>();
  auto w = weights_cpu.accessor<double, 1>();
  for (int64_t i = 0; i < s.size(0); ++i) w[i] = loss_weight(weighting, s[i], denoiser->options.sigma_data());
  weights = weights_cpu.to(per_sample.device(), per_sample.scalar_type());
  return (weights * per_sample).mean();
}

}  // namespace sild::models
