// Mixtures on manifolds (see manifold_data.h).
#include "models/experiments/manifold_data.h"

#include <torch/torch.h>

#include <cmath>

#include "common/errors.h"
#include "models/training.h"

namespace sild::models {

ManifoldMixture::ManifoldMixture(const ManifoldOptions& options) : options_(options) {
  if (options.kind != "linear" && options.kind != "sphere" && options.kind != "torus") {
    throw ConfigError("--manifold must be linear, sphere or torus");
  }
  if (options.k < 1 || options.components < 1 || chart_dim() > options.d) {
    throw ConfigError("manifold: need k >= 1, components >= 1 and d >= " + std::to_string(chart_dim()) +
                      " for a " + options.kind + " of dimension " + std::to_string(options.k));
  }
  auto generator = step_generator(options.seed, 0, RandomStream::kManifoldChart);
  auto raw = torch::rand({options.components}, generator, torch::kDouble) + 0.5;
  raw = raw / raw.sum();
  for (int64_t c = 0; c < options.components; ++c) weights_.push_back(raw[c].item<double>());
  // Means: spread over the chart so components are distinguishable; for the sphere within a
  // patch of angular radius 1 (well inside the hemisphere), for the torus anywhere on it.
  const double extent = options.kind == "torus" ? M_PI : 1.0;
  means_ = (torch::rand({options.components, options.k}, generator, torch::kDouble) * 2 - 1) * extent *
           (options.kind == "linear" ? options.radius : 1.0);
  scales_ = options.spread * (0.5 + torch::rand({options.components, options.k}, generator, torch::kDouble));
  auto gaussian = torch::randn({options.d, chart_dim()}, generator, torch::kDouble);
  embedding_ = std::get<0>(torch::linalg_qr(gaussian));  // [d, chart_dim], orthonormal columns
}

int64_t ManifoldMixture::chart_dim() const {
  if (options_.kind == "sphere") return options_.k + 1;
  if (options_.kind == "torus") return 2 * options_.k;
  return options_.k;
}

at::Tensor ManifoldMixture::to_chart(const at::Tensor& u) const {
  const double r = options_.radius;
  if (options_.kind == "linear") return u;
  if (options_.kind == "torus") {
    // Each intrinsic angle on its own circle of radius r (a flat torus in R^{2k}).
    return torch::stack({r * torch::cos(u), r * torch::sin(u)}, -1).reshape({u.size(0), 2 * options_.k});
  }
  // Sphere: the exponential map at the north pole, so geodesic distance from the pole is |u|.
  auto norm = u.norm(2, 1, true).clamp_min(1e-12);
  return torch::cat({r * torch::sin(norm) * u / norm, r * torch::cos(norm)}, 1);
}

std::pair<at::Tensor, at::Tensor> ManifoldMixture::sample(int64_t n, uint64_t seed) const {
  auto generator = step_generator(seed, 0, RandomStream::kManifoldSample);
  auto weights = torch::tensor(weights_, torch::kDouble);
  auto labels = torch::multinomial(weights, n, /*replacement=*/true, generator);
  auto u = means_.index_select(0, labels) +
           scales_.index_select(0, labels) * torch::randn({n, options_.k}, generator, torch::kDouble);
  auto x = torch::matmul(to_chart(u), embedding_.t());
  return {x.to(torch::kFloat), labels};
}

at::Tensor ManifoldMixture::span_coordinates(const at::Tensor& x) const {
  return torch::matmul(x.to(torch::kDouble), embedding_);
}

at::Tensor ManifoldMixture::project(const at::Tensor& x) const {
  auto chart = span_coordinates(x);
  const double r = options_.radius;
  if (options_.kind == "sphere") {
    chart = r * chart / chart.norm(2, 1, true).clamp_min(1e-12);
  } else if (options_.kind == "torus") {
    auto pairs = chart.reshape({chart.size(0), options_.k, 2});
    chart = (r * pairs / pairs.norm(2, 2, true).clamp_min(1e-12)).reshape({chart.size(0), 2 * options_.k});
  }
  return torch::matmul(chart, embedding_.t()).to(x.scalar_type());
}

at::Tensor ManifoldMixture::distance(const at::Tensor& x) const {
  return (x.to(torch::kDouble) - project(x).to(torch::kDouble)).norm(2, 1);
}

at::Tensor ManifoldMixture::assign(const at::Tensor& x) const {
  auto chart = torch::matmul(project(x).to(torch::kDouble), embedding_);
  at::Tensor u;
  if (options_.kind == "linear") {
    u = chart;
  } else if (options_.kind == "torus") {
    auto pairs = chart.reshape({chart.size(0), options_.k, 2});
    u = torch::atan2(pairs.select(2, 1), pairs.select(2, 0));
  } else {
    auto tangent = chart.slice(1, 0, options_.k);
    auto angle = torch::atan2(tangent.norm(2, 1, true), chart.slice(1, options_.k));
    u = tangent / tangent.norm(2, 1, true).clamp_min(1e-12) * angle;
  }
  // Nearest mean in intrinsic units, scaled by each component's spread (angles wrap on a torus).
  auto difference = u.unsqueeze(1) - means_.unsqueeze(0);  // [n, C, k]
  if (options_.kind == "torus") difference = torch::atan2(torch::sin(difference), torch::cos(difference));
  auto score = (difference / scales_.unsqueeze(0)).pow(2).sum(2) -
               2 * torch::log(torch::tensor(weights_, torch::kDouble));
  return std::get<1>(score.min(1));
}

}  // namespace sild::models
