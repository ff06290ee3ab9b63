// Noise schedule formulas (see noise_schedule.h). Plain doubles only.
#include "models/noise_schedule.h"

#include <algorithm>
#include <cmath>

#include "common/errors.h"

namespace sild::models {
namespace {

constexpr double kHalfPi = 1.5707963267948966;

}  // namespace

ScheduleKind schedule_kind_from_string(const std::string& name) {
  if (name == "vp-cosine") return ScheduleKind::kVpCosine;
  if (name == "karras") return ScheduleKind::kKarras;
  throw ConfigError("unknown noise schedule '" + name + "' (use vp-cosine or karras)");
}

std::string to_string(ScheduleKind kind) { return kind == ScheduleKind::kVpCosine ? "vp-cosine" : "karras"; }

double vp_cosine_alpha_bar(double t, double offset) {
  double f = std::cos((t + offset) / (1.0 + offset) * kHalfPi);
  double f0 = std::cos(offset / (1.0 + offset) * kHalfPi);
  return (f * f) / (f0 * f0);
}

double vp_cosine_sigma(double t, double offset, double min_alpha_bar) {
  double alpha_bar = std::max(vp_cosine_alpha_bar(t, offset), min_alpha_bar);
  return std::sqrt(1.0 / alpha_bar - 1.0);
}

double vp_cosine_time(double sigma, double offset) {
  // ᾱ = 1/(1+σ²) and sqrt(ᾱ)·f0 = cos((t+s)/(1+s)·π/2).
  double f0 = std::cos(offset / (1.0 + offset) * kHalfPi);
  double c = std::clamp(f0 / std::sqrt(1.0 + sigma * sigma), -1.0, 1.0);
  return std::clamp(std::acos(c) / kHalfPi * (1.0 + offset) - offset, 0.0, 1.0);
}

std::vector<double> karras_sigmas(int64_t steps, double sigma_min, double sigma_max, double rho) {
  SILD_ASSERT(steps >= 1 && sigma_min > 0 && sigma_max >= sigma_min && rho > 0, "valid Karras grid");
  std::vector<double> sigmas(static_cast<size_t>(steps));
  double hi = std::pow(sigma_max, 1.0 / rho);
  double lo = std::pow(sigma_min, 1.0 / rho);
  for (int64_t i = 0; i < steps; ++i) {
    double fraction = steps == 1 ? 0.0 : static_cast<double>(i) / static_cast<double>(steps - 1);
    sigmas[static_cast<size_t>(i)] = std::pow(hi + fraction * (lo - hi), rho);
  }
  return sigmas;
}

std::vector<double> sampling_sigmas(ScheduleKind kind, int64_t steps, double sigma_min, double sigma_max,
                                    double rho) {
  std::vector<double> sigmas;
  if (kind == ScheduleKind::kKarras) {
    sigmas = karras_sigmas(steps, sigma_min, sigma_max, rho);
  } else {
    SILD_ASSERT(steps >= 1 && sigma_min > 0 && sigma_max >= sigma_min, "valid VP grid");
    double t_hi = vp_cosine_time(sigma_max);
    double t_lo = vp_cosine_time(sigma_min);
    sigmas.resize(static_cast<size_t>(steps));
    for (int64_t i = 0; i < steps; ++i) {
      double fraction = steps == 1 ? 0.0 : static_cast<double>(i) / static_cast<double>(steps - 1);
      sigmas[static_cast<size_t>(i)] = vp_cosine_sigma(t_hi + fraction * (t_lo - t_hi));
    }
  }
  sigmas.front() = sigma_max;  // exact end points despite pow and acos/cos round trips
  sigmas.back() = steps == 1 ? sigma_max : sigma_min;
  return sigmas;
}

SigmaDistribution sigma_distribution_from_string(const std::string& name) {
  if (name == "log-uniform") return SigmaDistribution::kLogUniform;
  if (name == "log-normal") return SigmaDistribution::kLogNormal;
  if (name == "vp-cosine") return SigmaDistribution::kVpCosine;
  throw ConfigError("unknown sigma distribution '" + name + "' (use log-uniform, log-normal or vp-cosine)");
}

double sigma_from_uniform(const SigmaSamplingOptions& options, double u, double z) {
  SILD_ASSERT(options.sigma_min > 0 && options.sigma_max >= options.sigma_min, "valid sigma range");
  double sigma = 0.0;
  switch (options.distribution) {
    case SigmaDistribution::kLogUniform:
      sigma = std::exp(std::log(options.sigma_min) +
                       u * (std::log(options.sigma_max) - std::log(options.sigma_min)));
      break;
    case SigmaDistribution::kLogNormal:
      sigma = std::exp(options.log_mean + options.log_std * z);
      break;
    case SigmaDistribution::kVpCosine: {
      double t_lo = vp_cosine_time(options.sigma_min);
      double t_hi = vp_cosine_time(options.sigma_max);
      sigma = vp_cosine_sigma(t_lo + u * (t_hi - t_lo));
      break;
    }
  }
  return std::clamp(sigma, options.sigma_min, options.sigma_max);
}

LossWeighting loss_weighting_from_string(const std::string& name) {
  if (name == "uniform") return LossWeighting::kUniform;
  if (name == "edm") return LossWeighting::kEdm;
  if (name == "inverse-sigma2") return LossWeighting::kInverseSigmaSquared;
  throw ConfigError("unknown loss weighting '" + name + "' (use uniform, edm or inverse-sigma2)");
}

double loss_weight(LossWeighting weighting, double sigma, double sigma_data) {
  switch (weighting) {
    case LossWeighting::kUniform:
      return 1.0;
    case LossWeighting::kEdm:
      return (sigma * sigma + sigma_data * sigma_data) / std::pow(sigma * sigma_data, 2);
    case LossWeighting::kInverseSigmaSquared:
      return 1.0 / (sigma * sigma);
  }
  return 1.0;
}

}  // namespace sild::models
