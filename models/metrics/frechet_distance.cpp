// Fréchet distance (see frechet_distance.h).
#include "models/metrics/frechet_distance.h"

#include <cmath>

namespace sild::models {
namespace {

constexpr double kRetryOffset = 1e-6;

double trace_sqrt_product(const at::Tensor& a, const at::Tensor& b) {
  auto eigenvalues = torch::linalg_eigvals(torch::mm(a, b));  // complex [D]
  return torch::real(torch::sqrt(eigenvalues)).sum().item<double>();
}

}  // namespace

std::pair<at::Tensor, at::Tensor> feature_statistics(const at::Tensor& features) {
  TORCH_CHECK(features.dim() == 2 && features.size(0) >= 2, "features must be [N >= 2, D]");
  auto x = features.to(torch::kFloat64);
  auto mean = x.mean(0);
  auto centred = x - mean;
  auto covariance = torch::mm(centred.t(), centred) / static_cast<double>(x.size(0) - 1);
  return {mean, covariance};
}

double frechet_distance(const at::Tensor& mu1, const at::Tensor& sigma1, const at::Tensor& mu2,
                        const at::Tensor& sigma2) {
  TORCH_CHECK(mu1.sizes() == mu2.sizes() && sigma1.sizes() == sigma2.sizes(),
              "statistics of different sizes");
  auto m1 = mu1.to(torch::kFloat64), m2 = mu2.to(torch::kFloat64);
  auto s1 = sigma1.to(torch::kFloat64), s2 = sigma2.to(torch::kFloat64);
  auto diff = m1 - m2;
  double trace_covmean = trace_sqrt_product(s1, s2);
  if (!std::isfinite(trace_covmean)) {
    auto offset = torch::eye(s1.size(0), torch::kFloat64) * kRetryOffset;
    trace_covmean = trace_sqrt_product(s1 + offset, s2 + offset);
  }
  return diff.dot(diff).item<double>() + s1.trace().item<double>() + s2.trace().item<double>() -
         2 * trace_covmean;
}

}  // namespace sild::models
