// The Fréchet distance between two Gaussians fitted to feature sets, as FCD computes it
// (bioinf-jku/FCD, fcd_torch): ‖μ1 − μ2‖² + Tr(S1 + S2 − 2·sqrtm(S1·S2)) with unbiased (N−1)
// covariances, retried with 1e-6 added to both diagonals when not finite; the squared value.
// Which network produced the features is the caller's business (only ChemNet may be called FCD).
#pragma once

#include <ATen/Tensor.h>

#include <utility>

namespace sild::models {

/// Mean [D] and unbiased covariance [D, D] of features [N, D] (float64).
std::pair<at::Tensor, at::Tensor> feature_statistics(const at::Tensor& features);

/// Fréchet distance of two (mean, covariance) pairs. Tr(sqrtm(S1·S2)) is the sum of the
/// principal square roots of the eigenvalues of S1·S2 (real part), which is what the trace of
/// scipy's Schur-based sqrtm gives.
double frechet_distance(const at::Tensor& mu1, const at::Tensor& sigma1, const at::Tensor& mu2,
                        const at::Tensor& sigma2);

}  // namespace sild::models
