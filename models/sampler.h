// Reverse-process samplers over a denoiser D(x, σ) ≈ E[x0 | x_σ] in the σ parameterisation
// x_σ = x0 + σ·ε: DDPM ancestral, DDIM (η option; η = 1 is DDPM's posterior step) and Heun's
// second-order probability-flow ODE solver (Karras et al. 2022, Algorithm 1). They know nothing
// about networks: any callable denoiser works, which is what the tests use.
#pragma once

#include <ATen/Tensor.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "models/noise_schedule.h"

namespace sild::models {

/// x: [B, ...] noisy samples; sigma: [B] noise levels. Returns the denoised estimate, shape of x.
using Denoiser = std::function<at::Tensor(const at::Tensor& x, const at::Tensor& sigma)>;

enum class SamplerKind { kDdpm, kDdim, kHeun };
SamplerKind sampler_kind_from_string(const std::string& name);  ///< ddpm | ddim | heun
std::string to_string(SamplerKind kind);

struct SamplerOptions {
  SamplerKind kind = SamplerKind::kDdim;
  int64_t steps = 50;  ///< number of σ levels visited (denoiser calls: Heun ≈ 2×)
  ScheduleKind schedule = ScheduleKind::kKarras;
  double sigma_min = 0.002;
  double sigma_max = 80.0;
  double rho = 7.0;  ///< Karras exponent
  double eta = 0.0;  ///< DDIM stochasticity: 0 deterministic, 1 = DDPM posterior
};

/// Runs the reverse process from `noise` ~ N(0, I) (scaled here by σ_max) to σ = 0.
/// `generator` seeds the stochastic samplers (pass an undefined generator for the global one).
at::Tensor sample(const Denoiser& denoiser, const at::Tensor& noise, const SamplerOptions& options,
                  at::Generator generator = {});

/// One stochastic DDIM step from σ to σ_next given the denoised estimate; exposed for tests.
/// Returns (σ_down, σ_up) with σ_down² + σ_up² = σ_next².
std::pair<double, double> ancestral_split(double sigma, double sigma_next, double eta);

}  // namespace sild::models
