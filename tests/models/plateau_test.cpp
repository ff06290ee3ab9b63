// The plateau rule (budgets by convergence, issue 19): hand-worked histories and cool-downs, and
// the training loop and the manifold experiment converging by it.
#include "models/plateau.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "common/errors.h"
#include "models/experiments/manifold_experiment.h"
#include "models/stage2_trainer.h"

namespace sild::models {
namespace {

TEST(PlateauTest, HandWorkedHistories) {
  const PlateauOptions rule{3, 0.01};
  // Too short: the rule needs more than `window` values.
  EXPECT_FALSE(reached_plateau({}, rule));
  EXPECT_FALSE(reached_plateau({5, 5, 5}, rule));
  // Earlier best 4.0; the last three reach 3.95 at best: 1.25% better, still progress.
  EXPECT_FALSE(reached_plateau({5.0, 4.0, 3.99, 3.97, 3.95}, rule));
  // Earlier best 4.0; the last three reach 3.97 at best: 0.75% better, a plateau.
  EXPECT_TRUE(reached_plateau({5.0, 4.0, 3.99, 3.98, 3.97}, rule));
  // A flat history is a plateau as soon as it is long enough.
  EXPECT_TRUE(reached_plateau({2, 2, 2, 2}, rule));
  // One noisy dip below the record keeps the stage going for another window.
  EXPECT_FALSE(reached_plateau({2.0, 2.1, 2.2, 1.5}, rule));
  // Getting worse is not progress.
  EXPECT_TRUE(reached_plateau({1.0, 1.2, 1.3, 1.4}, rule));
  // Negative losses: the improvement is relative to the magnitude.
  EXPECT_FALSE(reached_plateau({-1.0, -1.0, -1.0, -1.1}, rule));
  EXPECT_TRUE(reached_plateau({-1.0, -1.0, -1.0, -1.005}, rule));
  // Off, and tolerance 0 (stop only when the best does not improve at all).
  EXPECT_FALSE(reached_plateau({2, 2, 2, 2, 2, 2}, {0, 0.01}));
  EXPECT_FALSE(reached_plateau({2.0, 2.0, 1.999}, {2, 0.0}));
  EXPECT_TRUE(reached_plateau({2.0, 2.0, 2.0}, {2, 0.0}));
}

TEST(PlateauTest, CooldownLengthAndRate) {
  const PlateauOptions rule{3, 0.01, 0.25};
  EXPECT_EQ(cooldown_steps(400, 10000, rule), 100);  // a quarter of the steps done
  EXPECT_EQ(cooldown_steps(400, 450, rule), 50);     // never past the cap
  EXPECT_EQ(cooldown_steps(2, 10000, rule), 1);      // round(0.5) = 1, and at least 1
  EXPECT_EQ(cooldown_steps(400, 400, rule), 0);
  EXPECT_EQ(cooldown_steps(400, 10000, {3, 0.01, 0.0}), 0);
  // From 1e-3 at step 400 to 1e-4 at step 500, linearly.
  EXPECT_DOUBLE_EQ(cooldown_learning_rate(1e-3, 1e-4, 400, 100, 400), 1e-3);
  EXPECT_DOUBLE_EQ(cooldown_learning_rate(1e-3, 1e-4, 400, 100, 450), 5.5e-4);
  EXPECT_DOUBLE_EQ(cooldown_learning_rate(1e-3, 1e-4, 400, 100, 500), 1e-4);
  EXPECT_DOUBLE_EQ(cooldown_learning_rate(1e-3, 1e-4, 400, 100, 900), 1e-4);
}

TEST(PlateauTest, TheScheduleFollowsTheCosineUntilThePlateauThenCoolsDown) {
  const LrScheduleOptions cosine{1e-3, 1e-4, 10, 1000};
  PlateauSchedule schedule(cosine, 1000, {2, 0.01, 0.25});
  EXPECT_EQ(schedule.stop_at(), 1000);
  EXPECT_FALSE(schedule.record(1.0, 100));
  EXPECT_FALSE(schedule.record(0.5, 200));    // a new best
  EXPECT_FALSE(schedule.record(0.499, 300));  // 0.2% better than 0.5: no progress, one of two
  EXPECT_DOUBLE_EQ(schedule.rate(350), learning_rate(cosine, 350));
  EXPECT_TRUE(schedule.record(0.5, 400));  // two evaluations without progress: plateau at 400
  EXPECT_TRUE(schedule.converged());
  EXPECT_EQ(schedule.plateau_step(), 400);
  EXPECT_EQ(schedule.stop_at(), 500);  // cool-down of 0.25 x 400 steps
  EXPECT_DOUBLE_EQ(schedule.rate(400), learning_rate(cosine, 400));
  EXPECT_DOUBLE_EQ(schedule.rate(450), (learning_rate(cosine, 400) + 1e-4) / 2);
  EXPECT_DOUBLE_EQ(schedule.rate(500), 1e-4);
  EXPECT_FALSE(schedule.record(0.1, 450));  // fires once
  EXPECT_EQ(schedule.stop_at(), 500);
}

TEST(PlateauTest, TheTrainingLoopCoolsDownAfterWindowEvaluationsWithoutProgress) {
  torch::set_num_threads(1);
  torch::manual_seed(0);
  auto latents = torch::randn({64, 1, 4});
  auto make = [] {
    return LatentDenoiser(LatentDenoiserOptions(1, 4).hidden(16).layers(1).noise_features(8));
  };
  auto denoiser = make(), ema = make();
  Stage2Options options;
  options.loop.steps = 1000;
  options.loop.batch_size = 16;
  options.loop.lr.peak = 0.0;  // nothing learns: every validation loss equals the first
  options.loop.lr.min = 0.0;
  options.loop.eval_interval = 10;
  options.loop.checkpoint_interval = 0;
  options.loop.plateau = {3, 0.01, 0.25};
  const auto result = train_stage2(denoiser, ema, latents, {}, options, torch::kCPU, nullptr);
  // Validations at steps 10, 20, 30, 40: the fourth completes a window of three without progress;
  // the cool-down adds a quarter of 40 steps.
  EXPECT_TRUE(result.converged);
  EXPECT_EQ(result.plateau_step, 40);
  EXPECT_EQ(result.steps_done, 50);
  EXPECT_FALSE(result.final_validation.empty());
  options.loop.plateau.cooldown = 0.0;  // no cool-down: stop at the plateau
  EXPECT_EQ(train_stage2(denoiser, ema, latents, {}, options, torch::kCPU, nullptr).steps_done, 40);

  options.loop.plateau = {};  // off: the full budget
  options.loop.steps = 60;
  const auto full = train_stage2(denoiser, ema, latents, {}, options, torch::kCPU, nullptr);
  EXPECT_FALSE(full.converged);
  EXPECT_EQ(full.steps_done, 60);

  options.loop.plateau = {3, 0.01, 0.25};
  options.loop.eval_interval = 0;
  EXPECT_THROW(train_stage2(denoiser, ema, latents, {}, options, torch::kCPU, nullptr), ConfigError);
}

TEST(PlateauTest, TheManifoldExperimentReportsTheStepsEachStageUsed) {
  ManifoldExperimentOptions options;
  options.manifold.k = 1;
  options.manifold.d = 8;
  options.manifold.seed = 1;
  options.n = 512;
  options.hidden = 32;
  options.layers = 1;
  options.steps = 4000;
  options.stage2_steps = 4000;
  options.stage2_hidden = 32;
  options.stage2_layers = 1;
  options.samples = 200;
  options.measure_sigmas = false;
  options.threads = 1;
  options.plateau = {2, 0.05, 0.25};
  options.eval_interval = 50;
  const auto result = run_manifold_experiment(options);
  EXPECT_GT(result.stage1_plateau_step, 100);
  EXPECT_EQ(result.stage1_plateau_step % options.eval_interval, 0);
  EXPECT_EQ(result.stage1_steps, result.stage1_plateau_step + cooldown_steps(result.stage1_plateau_step,
                                                                             options.steps, options.plateau));
  EXPECT_LT(result.stage1_steps, options.steps);
  ASSERT_FALSE(result.stage1_validation.empty());
  EXPECT_LT(result.stage1_validation.back().second, result.stage1_validation.front().second);
  EXPECT_GT(result.sild_stage2_steps, 0);
  EXPECT_LT(result.sild_stage2_steps, options.stage2_steps);
  EXPECT_GT(result.ambient_stage2_steps, 0);
  EXPECT_LT(result.ambient_stage2_steps, options.stage2_steps);
}

}  // namespace
}  // namespace sild::models
