// The one two-stage driver of sild's model directories (molecules and images): which stage runs,
// which is done already (its final file exists), stopping on Ctrl-C, and the order of the work.
// A finished Stage 2 is detected before the latents are encoded, so re-running a finished model
// directory costs nothing. The callers supply the steps; the driver knows no networks.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "models/training.h"

namespace sild::core {

/// The files of a model directory both pipelines share.
struct ModelDirectory {
  std::filesystem::path dir;
  std::string file(const char* name) const { return (dir / name).string(); }
  std::string config() const { return file("config.ini"); }
  std::string autoencoder() const { return file("autoencoder.pt"); }
  std::string latent_stats() const { return file("latent_stats.pt"); }
  std::string denoiser() const { return file("denoiser.pt"); }
  std::string stage1_checkpoint() const { return file("stage1.ckpt"); }
  std::string stage2_checkpoint() const { return file("stage2.ckpt"); }
};

struct TwoStageSteps {
  std::function<models::TrainResult()> train_stage1;  ///< trains the autoencoder (not yet saved)
  std::function<void()> save_stage1;                  ///< writes autoencoder.pt
  std::function<void()> encode_latents;  ///< loads autoencoder.pt, encodes, writes the statistics
  std::function<models::TrainResult()> train_stage2;  ///< trains the latent denoiser
  std::function<void()> save_stage2;                  ///< writes denoiser.pt
  std::function<void()> barrier;                      ///< after each save (data parallelism); may be empty
};

struct TwoStageOutcome {
  models::TrainResult stage1;
  models::TrainResult stage2;
  bool stage1_skipped = false;  ///< autoencoder.pt existed
  bool stage2_skipped = false;  ///< denoiser.pt existed
  bool stopped = false;         ///< a stage stopped early (Ctrl-C); --resume continues it
};

/// ConfigError unless `stage` is 1, 2 or all.
void check_stage(const std::string& stage);

/// Runs `stage` (1, 2 or all) of a model directory with the given steps.
TwoStageOutcome run_two_stages(const ModelDirectory& directory, const std::string& stage,
                               const TwoStageSteps& steps);

}  // namespace sild::core
