// Latent denoiser networks and EDM preconditioning (see latent_denoiser.h).
#include "models/latent_denoiser.h"

#include <cmath>

#include "common/errors.h"

namespace sild::models {

ResidualMlpBlockImpl::ResidualMlpBlockImpl(int64_t width, int64_t conditioning, double dropout)
    : dropout_(dropout) {
  norm_ = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({width})));
  first_ = register_module("first", torch::nn::Linear(width, 2 * width));
  condition_ = register_module("condition", torch::nn::Linear(conditioning, 2 * width));
  second_ = register_module("second", torch::nn::Linear(2 * width, width));
  torch::NoGradGuard no_grad;
  second_->weight.zero_();  // each block starts as the identity
  second_->bias.zero_();
}

torch::Tensor ResidualMlpBlockImpl::forward(const torch::Tensor& h, const torch::Tensor& conditioning) {
  auto x = torch::silu(first_->forward(norm_->forward(h)) + condition_->forward(conditioning));
  x = torch::dropout(x, dropout_, is_training());
  return h + second_->forward(x);
}

LatentDenoiserImpl::LatentDenoiserImpl(const LatentDenoiserOptions& options_) : options(options_) {
  const auto& architecture = options.architecture();
  if (architecture == "auto") {
    mlp_ = options.latent_tokens() == 1;
  } else if (architecture == "mlp" || architecture == "transformer") {
    mlp_ = architecture == "mlp";
  } else {
    throw ConfigError("latent denoiser architecture must be auto, mlp or transformer, not '" + architecture +
                      "'");
  }
  TORCH_CHECK(options.noise_features() % 2 == 0, "noise_features must be even");
  const int64_t hidden = options.hidden();
  const int64_t channels = options.latent_channels();
  const int64_t tokens = options.latent_tokens();
  // Fixed log-spaced frequencies for the Fourier embedding of c_noise = ln(σ)/4.
  const int64_t half = options.noise_features() / 2;
  frequencies_ = register_buffer("frequencies", torch::exp(torch::linspace(0.0, std::log(1000.0), half)));
  noise_mlp_ = register_module("noise_mlp",
                               torch::nn::Sequential(torch::nn::Linear(options.noise_features(), hidden),
                                                     torch::nn::SiLU(), torch::nn::Linear(hidden, hidden)));
  blocks_ = register_module("blocks", torch::nn::ModuleList());
  if (mlp_) {
    input_ = register_module("input", torch::nn::Linear(tokens * channels, hidden));
    for (int64_t i = 0; i < options.layers(); ++i) {
      blocks_->push_back(ResidualMlpBlock(hidden, hidden, options.dropout()));
    }
    output_norm_ =
        register_module("output_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({hidden})));
    output_ = register_module("output", torch::nn::Linear(hidden, tokens * channels));
  } else {
    input_ = register_module("input", torch::nn::Linear(channels, hidden));
    positions_ = register_parameter("positions", torch::randn({tokens, hidden}) * 0.02);
    for (int64_t i = 0; i < options.layers(); ++i) {
      blocks_->push_back(TransformerBlock(TransformerBlockOptions(hidden, options.heads())
                                              .conditioning_dim(hidden)
                                              .dropout(options.dropout())));
    }
    output_norm_ = register_module(
        "output_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({hidden}).elementwise_affine(false)));
    output_modulation_ = register_module("output_modulation", torch::nn::Linear(hidden, 2 * hidden));
    output_ = register_module("output", torch::nn::Linear(hidden, channels));
  }
  torch::NoGradGuard no_grad;
  output_->weight.zero_();  // F starts at 0, so D starts as c_skip·z
  output_->bias.zero_();
}

torch::Tensor LatentDenoiserImpl::raw(const torch::Tensor& z_in, const torch::Tensor& noise_embedding) {
  const int64_t batch = z_in.size(0);
  if (mlp_) {
    auto h = input_->forward(z_in.reshape({batch, -1}));  // [B, H]
    for (const auto& block : *blocks_) h = block->as<ResidualMlpBlock>()->forward(h, noise_embedding);
    return output_->forward(output_norm_->forward(h)).view_as(z_in);
  }
  auto h = input_->forward(z_in) + positions_;  // [B, m, H]
  for (const auto& block : *blocks_)
    h = block->as<TransformerBlock>()->forward(h, {}, {}, {}, noise_embedding);
  auto modulation = output_modulation_->forward(torch::silu(noise_embedding)).unsqueeze(1).chunk(2, -1);
  h = output_norm_->forward(h) * (1 + modulation[1]) + modulation[0];
  return output_->forward(h);  // [B, m, c]
}

torch::Tensor LatentDenoiserImpl::forward(const torch::Tensor& z, const torch::Tensor& sigma) {
  TORCH_CHECK(z.dim() == 3 && z.size(1) == options.latent_tokens() && z.size(2) == options.latent_channels(),
              "latent denoiser input must be [B, m, c]");
  TORCH_CHECK(sigma.dim() == 1 && sigma.size(0) == z.size(0), "sigma must be [B]");
  const double sd = options.sigma_data();
  auto s = sigma.to(z.dtype()).view({-1, 1, 1});
  auto c_skip = sd * sd / (s * s + sd * sd);
  auto c_out = s * sd / (s * s + sd * sd).sqrt();
  auto c_in = 1.0 / (s * s + sd * sd).sqrt();
  // A sampler passes one σ for the whole batch: then the noise embedding (and every block's
  // conditioning computed from it) is one row that broadcasts, a third of F's work saved.
  const bool shared_sigma = sigma.size(0) > 1 && (sigma == sigma[0]).all().item<bool>();
  auto c_noise = (shared_sigma ? sigma.slice(0, 0, 1) : sigma).to(z.dtype()).log() / 4.0;  // [B] or [1]
  auto angles = c_noise.unsqueeze(1) * frequencies_.to(z.dtype()).unsqueeze(0);
  auto noise_embedding = noise_mlp_->forward(torch::cat({angles.sin(), angles.cos()}, 1));  // [B or 1, H]
  return c_skip * z + c_out * raw(c_in * z, noise_embedding);
}

}  // namespace sild::models
