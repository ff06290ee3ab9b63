// The one training loop every trainer runs (molecule Stage 1, Stage 2, image Stage 1), so they
// read as their losses and nothing else: setup (AdamW, resume), loop (maybe-stop, maybe-eval,
// learning rate, seeded global batch and this process's rows, loss, NaN check, backward,
// gradient sync, clipping, step, maybe-log, maybe-checkpoint), teardown (final checkpoint and
// validation). Batches are pure functions of (seed, step), so a resumed run continues exactly.
#pragma once

#include <torch/nn/module.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "models/checkpoint.h"
#include "models/training.h"

namespace sild::models {

using NamedValues = std::vector<std::pair<std::string, double>>;

/// One step's loss on this process's rows, and what to log with it beside loss, lr, grad_norm.
struct StepLoss {
  at::Tensor loss;
  NamedValues values;
};

struct TrainLoopHooks {
  std::string stage;            ///< "stage1", "stage2": event name and error prefix
  std::string checkpoint_kind;  ///< kind tag of the resumable checkpoint
  int64_t rows = 0;             ///< size of the training set the batches index
  std::string nan_hint = "lower the learning rate";
  /// The loss at `step` for `indices` (this process's rows [first, last) of a global batch of
  /// `global` rows); draw noise for all `global` rows from `generator` and keep [first, last).
  std::function<StepLoss(const at::Tensor& indices, int64_t step, at::Generator generator, int64_t global,
                         int64_t first, int64_t last)>
      step_loss;
  std::function<NamedValues()> validate;         ///< on held-out data, every eval_interval and at the end
  std::function<void(int64_t step)> on_start;    ///< after a resume (step > 0) or at 0, before the loop
  std::function<void()> after_step;              ///< after every optimiser step (e.g. the EMA)
  std::function<void()> before_checkpoint;       ///< rank 0, before the checkpoint file is written
  std::vector<CheckpointPart> checkpoint_parts;  ///< more modules saved in (and resumed from) the checkpoint
  std::function<void()> on_finish;               ///< after the loop, stopped or not
  RandomStream noise_stream = RandomStream::kTrainingStep;  ///< step_generator stream of the step noise
  /// The global batch at a step (e.g. bucketed_batch_indices); empty: batch_indices(rows, ...).
  std::function<at::Tensor(int64_t step)> batch_indices;
};

/// Runs `loop.steps` steps on `model` (already on its device, in training mode).
TrainResult run_train_loop(torch::nn::Module& model, const TrainLoopOptions& loop,
                           const TrainLoopHooks& hooks, const TrainObserver& observer);

}  // namespace sild::models
