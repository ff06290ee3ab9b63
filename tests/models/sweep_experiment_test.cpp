// The collapse sweep (issue 19, item 2): the verdicts of a cell from hand-made measurements, and a
// tiny grid run end to end in the order the options give.
#include "models/experiments/sweep_experiment.h"

#include <gtest/gtest.h>

#include "common/errors.h"

namespace sild::models {
namespace {

SigmaMeasurement at(double sigma, double rank, double exact, double error) {
  SigmaMeasurement m;
  m.sigma = sigma;
  m.effective_rank = rank;
  m.exact_k_fraction = exact;
  m.normalised_error = error;
  return m;
}

TEST(SweepExperimentTest, CellVerdictsUseOnlyTheTrainingRangeAndItsUpperHalf) {
  ManifoldExperimentOptions options;
  options.manifold.k = 2;
  options.sigma_min = 0.01;
  options.sigma_max = 0.1;  // upper half: sigma >= sqrt(0.001) = 0.0316
  ManifoldExperimentResult run;
  run.by_sigma = {at(0.001, 2.9, 0.2, 40.0),  // outside the range: ignored
                  at(0.01, 2.0, 1.0, 2.9),    // in range, lower half: rank only
                  at(0.0316227766, 2.0, 1.0, 2.4), at(0.1, 2.0, 1.0, 2.2),
                  at(1.0, 3.5, 0.0, 9.0)};  // outside: ignored
  run.reconstruction_distance = 0.004;
  run.stage1_steps = 800;
  run.stage1_plateau_step = 640;
  auto cell = summarise_cell(run, options);
  EXPECT_DOUBLE_EQ(cell.rank_min, 2.0);
  EXPECT_DOUBLE_EQ(cell.rank_max, 2.0);
  EXPECT_TRUE(cell.rank_is_k);
  EXPECT_DOUBLE_EQ(cell.error_min, 2.2);
  EXPECT_DOUBLE_EQ(cell.error_max, 2.4);
  EXPECT_TRUE(cell.error_near_k);  // 2.4 / 2 = 1.2, within 25%
  EXPECT_DOUBLE_EQ(cell.floor, 0.004);
  EXPECT_EQ(cell.stage1_plateau_step, 640);

  run.by_sigma[3] = at(0.1, 2.1, 0.9, 2.6);  // one point of ten off rank k; error 1.3k
  cell = summarise_cell(run, options);
  EXPECT_FALSE(cell.rank_is_k);
  EXPECT_DOUBLE_EQ(cell.exact_k_min, 0.9);
  EXPECT_FALSE(cell.error_near_k);

  run.by_sigma = {at(0.001, 2.0, 1.0, 2.0)};  // no measurement inside the range
  EXPECT_THROW(summarise_cell(run, options), ConfigError);
}

TEST(SweepExperimentTest, ATinyGridRunsEveryCellInOrder) {
  SweepExperimentOptions options;
  options.ks = {1};
  options.manifolds = {"linear", "sphere"};
  options.ds = {4};
  options.seeds = {0, 1};
  auto& base = options.base;
  base.n = 256;
  base.hidden = 16;
  base.layers = 1;
  base.steps = 60;
  base.stage2_steps = 20;
  base.stage2_hidden = 16;
  base.stage2_layers = 1;
  base.samples = 64;
  base.jacobian_points = 8;
  base.error_points = 64;
  base.sigmas = {0.01, 0.05, 0.1};
  base.threads = 1;
  size_t started = 0;
  options.on_cell_start = [&](size_t index, size_t total, const ManifoldExperimentOptions& cell) {
    EXPECT_EQ(index, ++started);
    EXPECT_EQ(total, 4u);
    EXPECT_EQ(cell.manifold.d, 4);
  };
  const auto result = run_sweep_experiment(options);
  ASSERT_EQ(result.cells.size(), 4u);
  EXPECT_EQ(result.cells[0].manifold, "linear");
  EXPECT_EQ(result.cells[1].seed, 1u);
  EXPECT_EQ(result.cells[2].manifold, "sphere");
  for (const auto& cell : result.cells) {
    EXPECT_EQ(cell.stage1_steps, 60);
    EXPECT_EQ(cell.sild_stage2_steps, 20);
    EXPECT_GT(cell.sild.sliced_wasserstein, 0.0);
  }
  // Different seeds are different data and networks.
  EXPECT_NE(result.cells[0].sild.sliced_wasserstein, result.cells[1].sild.sliced_wasserstein);

  options.ks.clear();
  EXPECT_THROW(run_sweep_experiment(options), ConfigError);
}

TEST(SweepExperimentTest, AGridThatMissesTheTrainingRangeFailsBeforeAnyCellTrains) {
  SweepExperimentOptions options;
  options.ks = {1};
  options.manifolds = {"linear"};
  options.ds = {4};
  options.seeds = {0};
  options.base.sigma_min = 0.01;
  options.base.sigma_max = 0.1;
  options.base.sigmas = {0.5, 1.0};  // above the training range
  size_t started = 0;
  options.on_cell_start = [&](size_t, size_t, const ManifoldExperimentOptions&) { ++started; };
  EXPECT_THROW(run_sweep_experiment(options), ConfigError);
  options.base.sigmas = {0.01, 0.02};  // in range, but none in the upper half [0.0316, 0.1]
  EXPECT_THROW(run_sweep_experiment(options), ConfigError);
  EXPECT_EQ(started, 0u);
}

}  // namespace
}  // namespace sild::models
