// Sampler loops (see sampler.h). Each step is written out so it can be checked against the
// papers' equations line by line.
#include "models/sampler.h"

#include <cmath>

#include "common/errors.h"
#include "models/random_streams.h"

namespace sild::models {

SamplerKind sampler_kind_from_string(const std::string& name) {
  if (name == "ddpm") return SamplerKind::kDdpm;
  if (name == "ddim") return SamplerKind::kDdim;
  if (name == "heun") return SamplerKind::kHeun;
  throw ConfigError("unknown sampler '" + name + "' (use ddpm, ddim or heun)");
}

std::string to_string(SamplerKind kind) {
  switch (kind) {
    case SamplerKind::kDdpm:
      return "ddpm";
    case SamplerKind::kDdim:
      return "ddim";
    case SamplerKind::kHeun:
      return "heun";
  }
  return "?";
}

std::pair<double, double> ancestral_split(double sigma, double sigma_next, double eta) {
  if (sigma_next <= 0.0 || eta <= 0.0) return {sigma_next, 0.0};
  // Posterior variance of x_next given x and x0 in the σ parameterisation, scaled by η².
  double up = std::min(
      sigma_next,
      eta * std::sqrt(sigma_next * sigma_next * (sigma * sigma - sigma_next * sigma_next) / (sigma * sigma)));
  double down = std::sqrt(std::max(0.0, sigma_next * sigma_next - up * up));
  return {down, up};
}

at::Tensor sample(const Denoiser& denoiser, const at::Tensor& noise, const SamplerOptions& options,
                  at::Generator generator) {
  if (options.steps < 1) throw ConfigError("sampler steps must be >= 1");
  if (options.eta < 0.0 || options.eta > 1.0) throw ConfigError("DDIM eta must be in [0, 1]");
  torch::NoGradGuard no_grad;
  std::vector<double> sigmas =
      sampling_sigmas(options.schedule, options.steps, options.sigma_min, options.sigma_max, options.rho);
  sigmas.push_back(0.0);
  const int64_t batch = noise.size(0);
  auto sigma_tensor = [&](double value) { return torch::full({batch}, value, noise.options()); };
  double eta = options.kind == SamplerKind::kDdpm ? 1.0 : options.eta;

  at::Tensor x = noise * sigmas.front();  // x_T ~ N(0, σ_max² I)
  for (size_t i = 0; i + 1 < sigmas.size(); ++i) {
    const double sigma = sigmas[i];
    const double sigma_next = sigmas[i + 1];
    at::Tensor denoised = denoiser(x, sigma_tensor(sigma));
    TORCH_CHECK(denoised.sizes() == x.sizes(), "denoiser must return the shape of its input");
    if (options.kind == SamplerKind::kHeun) {
      at::Tensor slope = (x - denoised) / sigma;  // dx/dσ of the probability-flow ODE
      at::Tensor euler = x + (sigma_next - sigma) * slope;
      if (sigma_next > 0.0) {  // second-order correction
        at::Tensor slope_next = (euler - denoiser(euler, sigma_tensor(sigma_next))) / sigma_next;
        x = x + (sigma_next - sigma) * 0.5 * (slope + slope_next);
      } else {
        x = euler;
      }
      continue;
    }
    auto [down, up] = ancestral_split(sigma, sigma_next, eta);
    x = denoised + (down / sigma) * (x - denoised);
    if (up > 0.0) x = x + up * normal_noise(x.sizes(), generator, x.options());  // drawn on the CPU
  }
  return x;
}

}  // namespace sild::models
