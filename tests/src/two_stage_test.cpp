// The two-stage driver: order of the steps, skipping finished stages (a finished Stage 2 before
// any latent is encoded), stopping on Ctrl-C, and --stage.
#include "src/util/two_stage.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "common/errors.h"
#include "test_support.h"

namespace sild::core {
namespace {

struct Recorder {
  std::string calls;
  bool stop_stage1 = false;
  TwoStageSteps steps() {
    TwoStageSteps s;
    s.train_stage1 = [this] {
      calls += "1";
      models::TrainResult r;
      r.stopped = stop_stage1;
      return r;
    };
    s.save_stage1 = [this] { calls += "S"; };
    s.encode_latents = [this] { calls += "E"; };
    s.train_stage2 = [this] {
      calls += "2";
      return models::TrainResult{};
    };
    s.save_stage2 = [this] { calls += "D"; };
    s.barrier = [this] { calls += "|"; };
    return s;
  }
};

void touch(const std::string& path) { std::ofstream(path) << "x"; }

TEST(TwoStageTest, RunsEveryStepInOrderThenSkipsWhatIsDone) {
  const ModelDirectory dir{test::temp_dir("two-stage")};
  Recorder fresh;
  auto outcome = run_two_stages(dir, "all", fresh.steps());
  EXPECT_EQ(fresh.calls, "1S|E2D|");
  EXPECT_FALSE(outcome.stopped);

  touch(dir.autoencoder());
  touch(dir.denoiser());
  Recorder again;  // a finished directory: nothing is trained, and no latent is encoded
  outcome = run_two_stages(dir, "all", again.steps());
  EXPECT_EQ(again.calls, "");
  EXPECT_TRUE(outcome.stage1_skipped);
  EXPECT_TRUE(outcome.stage2_skipped);

  Recorder stage2;  // --stage 2 retrains Stage 2 on the existing autoencoder
  run_two_stages(dir, "2", stage2.steps());
  EXPECT_EQ(stage2.calls, "E2D|");
}

TEST(TwoStageTest, StopsWithoutSavingAndHonoursStage) {
  const ModelDirectory dir{test::temp_dir("two-stage")};
  Recorder stopped;
  stopped.stop_stage1 = true;
  EXPECT_TRUE(run_two_stages(dir, "all", stopped.steps()).stopped);
  EXPECT_EQ(stopped.calls, "1");
  Recorder only1;
  run_two_stages(dir, "1", only1.steps());
  EXPECT_EQ(only1.calls, "1S|");
  Recorder bad;
  EXPECT_THROW(run_two_stages(dir, "3", bad.steps()), ConfigError);
  EXPECT_EQ(bad.calls, "");
}

}  // namespace
}  // namespace sild::core
