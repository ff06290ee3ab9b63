// The synthetic-manifold experiment: the generators put samples on their manifold and project
// exactly; a small Stage-1 run (k = 2, d = 32, latent 8) collapses onto the manifold: the
// denoiser's Jacobian has effective rank exactly k inside the Stage-1 noise range, and the
// normalised error E‖D(x_σ) − x‖²/σ² at a σ in the upper half of that range is within 25% of k.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "common/errors.h"
#include "models/experiments/manifold_data.h"
#include "models/experiments/manifold_experiment.h"

namespace sild::models {
namespace {

TEST(ManifoldDataTest, SamplesLieOnTheManifoldAndProjectionIsExact) {
  for (const char* kind : {"linear", "sphere", "torus"}) {
    ManifoldOptions options;
    options.kind = kind;
    options.k = 2;
    options.d = 16;
    options.seed = 5;
    ManifoldMixture mixture(options);
    auto [x, labels] = mixture.sample(2000, 1);
    EXPECT_EQ(x.sizes(), (std::vector<int64_t>{2000, 16}));
    EXPECT_LT(mixture.distance(x).max().item<double>(), 1e-6) << kind;
    // Off the manifold: a step along a direction orthogonal to its span moves by exactly that much.
    auto y = x.to(torch::kDouble);
    auto projected = mixture.project(y + 0.0);
    EXPECT_LT((projected - y).abs().max().item<double>(), 1e-6) << kind;
    auto noisy = y + 0.05 * torch::randn(y.sizes(), torch::kDouble);
    auto once = mixture.project(noisy);
    EXPECT_LT(mixture.distance(once).max().item<double>(), 1e-9) << kind;                // lands on M
    EXPECT_LT((mixture.project(once) - once).abs().max().item<double>(), 1e-9) << kind;  // idempotent
    EXPECT_TRUE((mixture.distance(noisy) <= (noisy - y).norm(2, 1) + 1e-9).all().item<bool>())
        << kind;  // nearest
    // Labels are recovered from positions for most points (components overlap a little).
    EXPECT_GT((mixture.assign(x) == labels).to(torch::kDouble).mean().item<double>(), 0.7) << kind;
    double total = 0.0;
    for (double w : mixture.weights()) total += w;
    EXPECT_NEAR(total, 1.0, 1e-12);
  }
  ManifoldOptions bad;
  bad.kind = "torus";
  bad.k = 3;
  bad.d = 5;
  EXPECT_THROW(ManifoldMixture{bad}, ConfigError);
}

TEST(ManifoldExperimentTest, StageOneCollapsesOntoTheManifold) {
  ManifoldExperimentOptions options;
  options.manifold.k = 2;
  options.manifold.d = 32;
  options.manifold.seed = 3;
  options.n = 4096;
  options.latent = 8;
  options.hidden = 128;
  options.layers = 2;
  options.steps = 2500;
  options.batch = 256;
  options.sigma_min = 0.01;
  options.sigma_max = 0.1;
  options.sigmas = {0.003, 0.03, 0.06, 0.3};
  options.threads = 1;
  options.stage2_steps = 0;
  auto result = run_manifold_experiment(options);
  ASSERT_EQ(result.by_sigma.size(), 4u);
  const auto& inside = result.by_sigma[1];  // σ = 0.03, inside [0.01, 0.1]
  const auto& upper = result.by_sigma[2];   // σ = 0.06, upper half of the range
  EXPECT_NEAR(inside.effective_rank, 2.0, 0.1)
      << "singular values " << inside.singular_values[0] << ", " << inside.singular_values[1] << ", "
      << inside.singular_values[2];
  EXPECT_GT(inside.exact_k_fraction, 0.9);
  EXPECT_NEAR(upper.normalised_error, 2.0, 0.5);
  EXPECT_LT(result.reconstruction_distance, 0.02);
  EXPECT_LT(inside.manifold_distance, 0.03);
}

}  // namespace
}  // namespace sild::models
