// Stage 1 of the collapse-and-refine experiment on synthetic manifolds (docs/method.md, after the design §5):
// an MLP bottleneck denoiser D = G∘E trained with denoising score matching at small noise on
// samples of a ManifoldMixture, then measured over a grid of σ: the singular values of its
// Jacobian at noisy data points (autograd) and their effective rank (count above 0.5), the
// normalised error E‖D(x_σ) − x‖²/σ² (→ k for the projection onto a k-manifold), and the
// distance of its outputs to the true manifold.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "models/experiments/manifold_data.h"
#include "models/plateau.h"

namespace sild::models {

struct ManifoldExperimentOptions {
  ManifoldOptions manifold;
  int64_t n = 4096;    ///< training samples
  int64_t latent = 0;  ///< bottleneck width; 0 = 4k (wider than k on purpose)
  int64_t hidden = 256;
  int64_t layers = 3;    ///< hidden layers in E and in G
  int64_t steps = 3000;  ///< Stage-1 steps, or the cap when `plateau` is on
  int64_t batch = 256;
  double lr = 1e-3;
  double sigma_min = 0.01;  ///< Stage-1 noise range, log-uniform
  double sigma_max = 0.1;
  std::vector<double> sigmas;  ///< measurement grid; empty = 13 log-spaced values 0.001 .. 1
  bool measure_sigmas = true;  ///< false skips the σ grid (Jacobians cost d backward passes each)
  int64_t jacobian_points = 64;
  int64_t error_points = 2048;
  int64_t measure_every = 0;  ///< also measure the effective rank during training (0 = only at the end)
  // Stage 2 (refine) and the ambient baseline: the same latent denoiser F (MLP-ResNet, EDM
  // preconditioning, EMA) trained on the standardised Stage-1 latents, and on the data itself.
  int64_t stage2_steps = 3000;  ///< 0 skips Stage 2 and the baseline; the cap when `plateau` is on
  /// Budgets by convergence for both stages and the baseline: validation every eval_interval
  /// steps (Stage 1: the DSM loss on 1,024 held-out points with fixed noise; Stage 2: its
  /// validation loss), stopping when it plateaus (models/plateau.h). window 0 = fixed steps.
  PlateauOptions plateau;
  int64_t eval_interval = 100;
  int64_t stage2_hidden = 256;
  int64_t stage2_layers = 3;
  int64_t samples = 2000;  ///< generated and fresh true samples compared
  uint64_t seed = 0;
  int threads = 0;
  std::function<void(int64_t step, double loss)> on_step;  ///< every 100 steps
  std::function<bool()> should_stop;
};

/// The σ grid a run measures: `sigmas`, or the default 13 log-spaced values 0.001 .. 1 when it
/// is empty (nothing when measure_sigmas is false).
std::vector<double> measurement_sigmas(const ManifoldExperimentOptions& options);

struct SigmaMeasurement {
  double sigma = 0.0;
  double effective_rank = 0.0;          ///< mean over points of #(singular values > 0.5)
  double exact_k_fraction = 0.0;        ///< share of points whose effective rank is exactly k
  std::vector<double> singular_values;  ///< mean over points, largest first (first 2k+2)
  double normalised_error = 0.0;        ///< E‖D(x_σ) − x‖² / σ²
  double manifold_distance = 0.0;       ///< mean distance of D(x_σ) to the manifold
};

struct TrainingMeasurement {
  int64_t step = 0;
  double loss = 0.0;
  double effective_rank = 0.0;  ///< at the geometric middle of the Stage-1 range
};

/// Generated samples against fresh true samples.
struct GenerationMeasurement {
  double sliced_wasserstein = 0.0;  ///< W1 averaged over 128 random directions
  double span_wasserstein = 0.0;    ///< the same within the manifold's span (comparable across d)
  double mmd = 0.0;                 ///< unbiased MMD² with a Gaussian kernel (median bandwidth)
  double manifold_distance = 0.0;   ///< mean distance of the samples to the manifold
  double weight_error = 0.0;        ///< total variation between recovered and true mixture weights
  std::vector<double> weights;      ///< recovered mixture weights
};

struct ManifoldExperimentResult {
  GenerationMeasurement sild;        ///< Stage 2 on the latents, decoded by G
  GenerationMeasurement ambient;     ///< the same F trained on the data directly
  GenerationMeasurement reference;   ///< fresh true samples against fresh true samples (the noise floor)
  std::vector<double> true_weights;  ///< the mixture's weights
  bool stage2 = false;
  std::vector<SigmaMeasurement> by_sigma;
  std::vector<TrainingMeasurement> by_step;
  double reconstruction_distance = 0.0;  ///< mean distance of G(E(x)) to the manifold, clean x
  int64_t stage1_steps = 0;              ///< steps Stage 1 ran (fewer than the cap if it converged)
  int64_t stage1_plateau_step = 0;       ///< where the plateau rule fired (0 = it did not)
  int64_t sild_stage2_steps = 0;         ///< steps of Stage 2 on the latents
  int64_t ambient_stage2_steps = 0;      ///< steps of the ambient baseline
  std::vector<std::pair<int64_t, double>> stage1_validation;  ///< (step, loss) when the rule is on
  double seconds = 0.0;
  bool stopped = false;
};

/// Stage 1 and its measurements; then, with stage2_steps > 0, Stage 2, the ambient baseline and
/// their generation measurements.
ManifoldExperimentResult run_manifold_experiment(const ManifoldExperimentOptions& options);

/// Sliced Wasserstein-1 between equal-size sample sets [n, d] over `directions` random unit
/// directions (seeded).
double sliced_wasserstein(const at::Tensor& a, const at::Tensor& b, int64_t directions, uint64_t seed);
/// Unbiased MMD² with a Gaussian kernel whose bandwidth is the median distance within `b`.
double gaussian_mmd(const at::Tensor& a, const at::Tensor& b);

}  // namespace sild::models
