// Synthetic data on a known manifold (the collapse-and-refine experiment, docs/method.md, after the design
// §5): a mixture of Gaussians in k intrinsic coordinates, placed on a k-dimensional manifold (a linear
// subspace, a sphere patch, or a flat torus) and embedded in R^d by a random orthogonal map. Weights, means
// and covariances are known, and the nearest-point projection onto the manifold is exact, so distances to the
// manifold are exact too.
#pragma once

#include <ATen/Tensor.h>

#include <cstdint>
#include <string>
#include <vector>

namespace sild::models {

struct ManifoldOptions {
  std::string kind = "linear";  ///< linear | sphere | torus
  int64_t k = 2;                ///< intrinsic dimension
  int64_t d = 32;               ///< ambient dimension (>= k, k+1 for a sphere, 2k for a torus)
  int64_t components = 4;       ///< mixture components
  double spread = 0.15;         ///< component standard deviation in intrinsic units
  double radius = 1.0;          ///< sphere radius / torus circle radius; linear: scale of the means
  uint64_t seed = 0;
};

class ManifoldMixture {
 public:
  /// Draws the mixture (weights, means, diagonal covariances) and the embedding from the seed.
  explicit ManifoldMixture(const ManifoldOptions& options);

  /// n samples [n, d] (float32) and their component labels [n].
  std::pair<at::Tensor, at::Tensor> sample(int64_t n, uint64_t seed) const;
  /// The nearest point of the manifold to each row of x [n, d].
  at::Tensor project(const at::Tensor& x) const;
  /// Euclidean distance of each row to the manifold [n].
  at::Tensor distance(const at::Tensor& x) const;
  /// Coordinates of each row's orthogonal projection onto the span of the manifold [n, chart_dim]
  /// (double): the same distribution for every d, so distances measured there compare across d.
  at::Tensor span_coordinates(const at::Tensor& x) const;
  /// The component each point belongs to most likely (nearest mean in intrinsic coordinates).
  at::Tensor assign(const at::Tensor& x) const;

  const ManifoldOptions& options() const { return options_; }
  const std::vector<double>& weights() const { return weights_; }
  /// Dimension of the flat coordinates the manifold lives in before embedding (k, k+1 or 2k).
  int64_t chart_dim() const;

 private:
  at::Tensor to_chart(const at::Tensor& intrinsic) const;  ///< [n, k] -> [n, chart_dim]
  ManifoldOptions options_;
  std::vector<double> weights_;
  at::Tensor means_;      ///< [components, k] intrinsic
  at::Tensor scales_;     ///< [components, k] standard deviations
  at::Tensor embedding_;  ///< [d, chart_dim], orthonormal columns
};

}  // namespace sild::models
