// Noise schedules as small pure functions (style S10), all in the σ ("variance exploding")
// parameterisation x_σ = x + σ·ε used by every sild sampler and trainer:
//   - VP-cosine (Nichol & Dhariwal 2021) expressed as σ(t) = sqrt(1/ᾱ(t) − 1), t ∈ [0, 1];
//   - EDM/Karras (Karras et al. 2022) σ grids with exponent ρ;
//   - training-time σ distributions (log-uniform for SiLD Stage 1, log-normal, VP-cosine) and
//     loss weightings. No tensors or state here: they live in the samplers and trainers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sild::models {

enum class ScheduleKind { kVpCosine, kKarras };
ScheduleKind schedule_kind_from_string(const std::string& name);  ///< "vp-cosine" | "karras"
std::string to_string(ScheduleKind kind);

/// ᾱ(t) of the cosine schedule with offset s, normalised so ᾱ(0) = 1; t ∈ [0, 1].
double vp_cosine_alpha_bar(double t, double offset = 0.008);
/// σ(t) = sqrt(1/ᾱ(t) − 1) of the cosine schedule; ᾱ is clipped at `min_alpha_bar` so σ(1) is finite.
double vp_cosine_sigma(double t, double offset = 0.008, double min_alpha_bar = 1e-8);
/// Inverse of vp_cosine_sigma on [0, 1].
double vp_cosine_time(double sigma, double offset = 0.008);

/// Karras grid: σ_i = (σmax^(1/ρ) + i/(n−1)·(σmin^(1/ρ) − σmax^(1/ρ)))^ρ, i = 0..n−1, descending.
std::vector<double> karras_sigmas(int64_t steps, double sigma_min, double sigma_max, double rho = 7.0);

/// Descending σ grid of `steps` values for a sampler, from σ_max to σ_min, for either schedule
/// (VP-cosine: uniform in t between the times of σ_max and σ_min). A final 0 is NOT appended.
std::vector<double> sampling_sigmas(ScheduleKind kind, int64_t steps, double sigma_min, double sigma_max,
                                    double rho = 7.0);

/// How σ is drawn during training.
enum class SigmaDistribution { kLogUniform, kLogNormal, kVpCosine };
SigmaDistribution sigma_distribution_from_string(
    const std::string& name);  ///< log-uniform | log-normal | vp-cosine

struct SigmaSamplingOptions {
  SigmaDistribution distribution = SigmaDistribution::kLogUniform;
  double sigma_min = 0.01;  ///< lower bound (all distributions are clipped to [sigma_min, sigma_max])
  double sigma_max = 0.1;
  double log_mean = -1.2;  ///< log-normal: mean of ln σ (EDM's P_mean)
  double log_std = 1.2;    ///< log-normal: std of ln σ (EDM's P_std)
};

/// Maps a uniform u ∈ [0, 1) (and a standard normal z for log-normal) to a training σ.
double sigma_from_uniform(const SigmaSamplingOptions& options, double u, double z = 0.0);

/// Loss weighting w(σ).
enum class LossWeighting { kUniform, kEdm, kInverseSigmaSquared };
LossWeighting loss_weighting_from_string(const std::string& name);  ///< uniform | edm | inverse-sigma2

/// w(σ): uniform 1; EDM (σ² + σ_data²)/(σ·σ_data)²; inverse-sigma2 1/σ² (ε-prediction equivalent).
double loss_weight(LossWeighting weighting, double sigma, double sigma_data = 1.0);

}  // namespace sild::models
