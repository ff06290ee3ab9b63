// The two-stage driver (see two_stage.h).
#include "src/util/two_stage.h"

#include <spdlog/spdlog.h>

#include "common/errors.h"

namespace sild::core {

void check_stage(const std::string& stage) {
  if (stage != "1" && stage != "2" && stage != "all") throw ConfigError("--stage must be 1, 2 or all");
}

TwoStageOutcome run_two_stages(const ModelDirectory& directory, const std::string& stage,
                               const TwoStageSteps& steps) {
  check_stage(stage);
  namespace fs = std::filesystem;
  TwoStageOutcome outcome;
  auto barrier = [&] {
    if (steps.barrier) steps.barrier();
  };

  // ---- Stage 1
  if (stage != "2") {
    if (fs::exists(directory.autoencoder())) {
      outcome.stage1_skipped = true;
      spdlog::info("stage 1: done already ({})", directory.autoencoder());
    } else {
      outcome.stage1 = steps.train_stage1();
      if (outcome.stage1.stopped) {
        outcome.stopped = true;
        return outcome;
      }
      steps.save_stage1();
      barrier();
    }
  }
  if (stage == "1") return outcome;

  // ---- Stage 2: a finished one is skipped before the latents are encoded
  if (stage == "all" && fs::exists(directory.denoiser())) {
    outcome.stage2_skipped = true;
    spdlog::info("stage 2: done already ({})", directory.denoiser());
    return outcome;
  }
  steps.encode_latents();
  outcome.stage2 = steps.train_stage2();
  if (outcome.stage2.stopped) {
    outcome.stopped = true;
    return outcome;
  }
  steps.save_stage2();
  barrier();
  return outcome;
}

}  // namespace sild::core
