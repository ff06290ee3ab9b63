// What every trainer shares: token data in memory, the options of a training loop, the events it
// reports (observers decide where they go: logs, the store), and the deterministic batch order
// that makes a resumed run see exactly the batches an uninterrupted one would.
#pragma once

#include <ATen/Tensor.h>
#include <c10/core/Device.h>

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "models/lr_schedule.h"
#include "models/plateau.h"
#include "models/precision.h"
#include "models/random_streams.h"

namespace torch::optim {
class AdamW;
}  // namespace torch::optim

namespace sild::models {

/// Encoded molecules: tokens [N, L] int64 and padding [N, L] bool (true = PAD).
struct TokenData {
  at::Tensor tokens;
  at::Tensor padding;
  int64_t size() const { return tokens.defined() ? tokens.size(0) : 0; }
};

/// The rows `indices` of `data`; with `min_length` > 0, cut to the longest sequence among them
/// (at least `min_length` positions): the columns after it are PAD in every row. Called on the
/// CPU copy, so a step loop that cuts its batches makes no host synchronisation for it.
TokenData take_rows(const TokenData& data, const at::Tensor& indices, int64_t min_length = 0);

struct TrainLoopOptions {
  int64_t steps = 5000;
  int64_t batch_size = 128;
  LrScheduleOptions lr;  ///< total_steps is taken from `steps`
  double weight_decay = 0.01;
  double grad_clip = 1.0;  ///< max global gradient norm; <= 0 disables clipping
  int64_t log_interval = 50;
  int64_t eval_interval = 500;        ///< validation every N steps (and at the end); 0 = only at the end
  int64_t eval_batches = 8;           ///< validation batches per evaluation
  int64_t checkpoint_interval = 500;  ///< 0 = only at the end
  /// Budget by convergence: once the validation loss (the value named "loss", else the first
  /// value) plateaus over the last plateau.window evaluations (every eval_interval steps), cool
  /// the learning rate down and stop before `steps` (models/plateau.h). window 0 runs to `steps`.
  /// A resumed run starts a new history.
  PlateauOptions plateau;
  std::string checkpoint_path;  ///< resumable checkpoint file; empty = none
  bool resume = false;          ///< continue from checkpoint_path when it exists
  uint64_t seed = 0;
  Precision precision = Precision::kFp32;  ///< bf16: forward and loss under autocast (CUDA or CPU)
  /// Polled every step; when it returns true the loop checkpoints and stops (Ctrl-C).
  std::function<bool()> should_stop;
  /// Called after backward with the parameters, to average gradients across processes.
  std::function<void(std::vector<at::Tensor>&)> sync_gradients;
  /// Data parallelism: this process takes rows [rank·B/W, (rank+1)·B/W) of every global batch
  /// of batch_size B, with the same noise those rows get in a single process. Only rank 0
  /// writes checkpoints and reports events.
  int64_t rank = 0;
  int64_t world_size = 1;
};

struct TrainEvent {
  std::string stage;  ///< "stage1", "stage2"
  int64_t step = 0;
  bool validation = false;
  std::vector<std::pair<std::string, double>> values;
};
using TrainObserver = std::function<void(const TrainEvent&)>;

struct TrainResult {
  int64_t steps_done = 0;    ///< steps completed in total (including before a resume)
  int64_t resumed_from = 0;  ///< step the run resumed at (0 for a fresh run)
  bool stopped = false;      ///< should_stop ended the loop early
  bool converged = false;    ///< the plateau rule fired (then a cool-down ran to steps_done)
  int64_t plateau_step = 0;  ///< the step at which it fired
  std::vector<std::pair<std::string, double>> final_validation;
};

/// Throws ConfigError (naming the flag) unless log_interval >= 1, eval_interval >= 0,
/// checkpoint_interval >= 0, eval_batches >= 1, batch_size >= 1, steps >= 0, 0 <= rank <
/// world_size, and (with a plateau window) eval_interval >= 1 and tolerance >= 0. Every training
/// loop calls it before its first step.
void validate(const TrainLoopOptions& loop);

/// Indices of the training batch at `step`: epochs are seeded permutations of [0, n); the batch
/// is the step's slice of its epoch. Pure: the same (n, batch, seed, step) gives the same batch.
at::Tensor batch_indices(int64_t n, int64_t batch_size, uint64_t seed, int64_t step);

/// Length-bucketed batches. Like batch_indices (each epoch a seeded permutation of [0, n), every
/// row at most once per epoch, a pure function of its arguments), but each run of `pool` batches
/// of the permutation is sorted by `lengths` (CPU int64 [n]) before it is cut into batches, and the
/// epoch's batches are visited in a seeded order (so short and long batches alternate at random).
/// A batch then holds rows of similar length: cut to its longest sequence, it carries little PAD.
at::Tensor bucketed_batch_indices(const at::Tensor& lengths, int64_t batch_size, int64_t pool, uint64_t seed,
                                  int64_t step);

/// Rows of a global batch of `global_size` that belong to `rank` of `world_size` (equal shares).
std::pair<int64_t, int64_t> rank_rows(int64_t global_size, int64_t rank, int64_t world_size);

/// A CPU tensor on `device`: on CUDA through pinned memory with a non-blocking copy (the step
/// loops issue no host synchronisation for their batches), on the CPU the tensor itself.
at::Tensor to_device(const at::Tensor& cpu, const c10::Device& device);

/// Sets the learning rate of every parameter group of an AdamW optimiser.
void set_learning_rate(torch::optim::AdamW& optimizer, double lr);

}  // namespace sild::models
