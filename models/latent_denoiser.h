// The Stage-2 latent denoiser F with EDM preconditioning (Karras et al. 2022, Table 1):
//   D(z, σ) = c_skip(σ)·z + c_out(σ)·F(c_in(σ)·z, ln(σ)/4),  σ_data = 1 for standardised latents.
// F is an MLP-ResNet for m = 1 latent token and a small Transformer with adaLN-Zero for m > 1;
// both condition on a Fourier embedding of the noise level.
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

#include <string>

#include "models/transformer_block.h"

namespace sild::models {

struct LatentDenoiserOptions {
  LatentDenoiserOptions(int64_t latent_tokens, int64_t latent_channels)
      : latent_tokens_(latent_tokens), latent_channels_(latent_channels) {}
  TORCH_ARG(int64_t, latent_tokens);    ///< m
  TORCH_ARG(int64_t, latent_channels);  ///< c
  TORCH_ARG(std::string,
            architecture) = "auto";  ///< auto (mlp for m = 1, else transformer), mlp, transformer
  TORCH_ARG(int64_t, hidden) = 512;  ///< MLP width or Transformer width
  TORCH_ARG(int64_t, layers) = 4;    ///< residual blocks or Transformer blocks
  TORCH_ARG(int64_t, heads) = 4;
  TORCH_ARG(int64_t, noise_features) = 128;  ///< Fourier features of ln(σ)/4
  TORCH_ARG(double, dropout) = 0.0;
  TORCH_ARG(double, sigma_data) = 1.0;
};

class LatentDenoiserImpl : public torch::nn::Module {
 public:
  explicit LatentDenoiserImpl(const LatentDenoiserOptions& options);

  /// Preconditioned denoiser: z [B, m, c], sigma [B] -> estimate of the clean latent [B, m, c].
  torch::Tensor forward(const torch::Tensor& z, const torch::Tensor& sigma);
  /// True when F is the MLP-ResNet.
  bool is_mlp() const { return mlp_; }

  LatentDenoiserOptions options;

 private:
  torch::Tensor raw(const torch::Tensor& z_in, const torch::Tensor& noise_embedding);

  bool mlp_ = true;
  torch::Tensor frequencies_;  // [noise_features / 2] buffer
  torch::nn::Sequential noise_mlp_{nullptr};
  torch::nn::Linear input_{nullptr};
  torch::nn::ModuleList blocks_{nullptr};
  torch::Tensor positions_;  // [m, H] (transformer only)
  torch::nn::LayerNorm output_norm_{nullptr};
  torch::nn::Linear output_modulation_{nullptr};  // transformer: final adaLN shift/scale
  torch::nn::Linear output_{nullptr};
};
TORCH_MODULE(LatentDenoiser);

/// A residual MLP block conditioned additively on the noise embedding (the m = 1 case).
class ResidualMlpBlockImpl : public torch::nn::Module {
 public:
  ResidualMlpBlockImpl(int64_t width, int64_t conditioning, double dropout);
  torch::Tensor forward(const torch::Tensor& h, const torch::Tensor& conditioning);

 private:
  torch::nn::LayerNorm norm_{nullptr};
  torch::nn::Linear first_{nullptr}, condition_{nullptr}, second_{nullptr};
  double dropout_;
};
TORCH_MODULE(ResidualMlpBlock);

}  // namespace sild::models
