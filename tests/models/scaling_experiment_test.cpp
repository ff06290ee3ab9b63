// The (n, d) sweep: every cell is run in order with finite measurements, the Stage-2 error is
// measured in coordinates that mean the same for every d (true samples give the same value at
// every d), and the spread over d is max/min per n.
#include "models/experiments/scaling_experiment.h"

#include <gtest/gtest.h>

#include <cmath>

#include "common/errors.h"

namespace sild::models {
namespace {

TEST(ScalingExperimentTest, RunsEveryCellAndMeasuresComparablyAcrossDimensions) {
  ScalingExperimentOptions options;
  options.base.manifold.k = 2;
  options.base.latent = 4;
  options.base.hidden = 32;
  options.base.layers = 1;
  options.base.steps = 150;
  options.base.stage2_steps = 150;
  options.base.stage2_hidden = 32;
  options.base.stage2_layers = 1;
  options.base.samples = 300;
  options.base.threads = 1;
  options.ns = {64, 256};
  options.ds = {4, 24};
  std::vector<std::pair<int64_t, int64_t>> started;
  options.on_cell_start = [&](int64_t n, int64_t d) { started.emplace_back(n, d); };
  auto result = run_scaling_experiment(options);
  ASSERT_FALSE(result.stopped);
  ASSERT_EQ(result.cells.size(), 4u);
  const std::vector<std::pair<int64_t, int64_t>> order{{64, 4}, {256, 4}, {64, 24}, {256, 24}};
  EXPECT_EQ(started, order);
  for (size_t i = 0; i < result.cells.size(); ++i) {
    const auto& cell = result.cells[i];
    EXPECT_EQ(std::make_pair(cell.n, cell.d), order[i]);
    for (const auto* m : {&cell.sild, &cell.ambient}) {
      EXPECT_TRUE(std::isfinite(stage2_error(*m)));
      EXPECT_GT(m->span_wasserstein, 0.0);
      EXPECT_GE(m->manifold_distance, 0.0);
    }
    EXPECT_LT(cell.reference.manifold_distance, 1e-5);  // true samples lie on M at every d
  }
  // The fresh true samples are the same points of the chart for every d, so an error measured in
  // the span of the manifold cannot move with d unless the model's samples do.
  EXPECT_NEAR(result.cells[0].reference.span_wasserstein, result.cells[2].reference.span_wasserstein, 1e-5);
  EXPECT_NEAR(result.cells[1].reference.span_wasserstein, result.cells[3].reference.span_wasserstein, 1e-5);
  const auto spread = dimension_spread(result.cells);
  ASSERT_EQ(spread.size(), 2u);
  EXPECT_EQ(spread[0].n, 64);
  EXPECT_GE(spread[0].sild, 1.0);
  EXPECT_GE(spread[1].ambient, 1.0);
}

TEST(ScalingExperimentTest, SpreadIsMaxOverMinPerN) {
  auto cell = [](int64_t n, int64_t d, double sild, double ambient) {
    ScalingCell c;
    c.n = n;
    c.d = d;
    c.sild.span_wasserstein = sild;
    c.sild.manifold_distance = 0.0;
    c.ambient.span_wasserstein = ambient / 2;
    c.ambient.manifold_distance = ambient / 2;
    return c;
  };
  const auto spread =
      dimension_spread({cell(10, 8, 0.2, 0.3), cell(10, 64, 0.1, 0.9), cell(20, 8, 0.05, 0.4)});
  ASSERT_EQ(spread.size(), 2u);
  EXPECT_DOUBLE_EQ(spread[0].sild, 2.0);
  EXPECT_DOUBLE_EQ(spread[0].ambient, 3.0);
  EXPECT_DOUBLE_EQ(spread[1].sild, 1.0);
  EXPECT_EQ(spread[1].n, 20);
}

TEST(ScalingExperimentTest, EmptyGridsAndNoStageTwoAreConfigErrors) {
  ScalingExperimentOptions options;
  options.ns.clear();
  EXPECT_THROW(run_scaling_experiment(options), ConfigError);
  options.ns = {64};
  options.base.stage2_steps = 0;
  EXPECT_THROW(run_scaling_experiment(options), ConfigError);
}

}  // namespace
}  // namespace sild::models
