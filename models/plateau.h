// Budgets by convergence: the plateau rule that ends a training stage before its step cap once
// the validation loss stops improving (issue 19). A pure function of the validation history, so
// the rule is tested by hand-worked examples (tests/models/plateau_test.cpp).
//
// The rule: validation runs every `eval_interval` steps and appends its loss to the history. Once
// the history holds more than `window` values, compare the best (lowest) loss of the last
// `window` evaluations with the best loss before them; the stage has converged when the recent
// best improves on the earlier best by no more than `tolerance`, relative to the earlier best's
// magnitude. So a stage converges after `window` evaluations in a row that failed to beat the
// earlier record by that margin; a single noisy dip below the record starts a new window, and a
// loss still falling steadily never converges.
//
// A converged stage does not stop at once: the validation loss of a denoiser plateaus at its
// noise floor while the learning rate is still high, and the fine structure (how close the
// reconstruction lies to the manifold) is only learnt while the rate decays. So, as in a
// warm-up/stable/decay schedule, the plateau starts a cool-down: the learning rate falls
// linearly from its value at the plateau to the schedule's floor over `cooldown` × the steps
// done so far (at most up to the cap), and then the stage ends.
#pragma once

#include <cstdint>
#include <vector>

#include "models/lr_schedule.h"

namespace sild::models {

struct PlateauOptions {
  int64_t window = 0;       ///< evaluations that must fail to improve; 0 = off (run to the cap)
  double tolerance = 0.01;  ///< required relative improvement of the best loss over the window
  double cooldown = 0.25;   ///< length of the final decay, as a fraction of the steps done at the plateau
};

/// True when `history` (validation losses, oldest first) has reached a plateau under `options`.
/// Always false with window 0 or with `window` or fewer values.
bool reached_plateau(const std::vector<double>& history, const PlateauOptions& options);

/// Steps of the cool-down after a plateau at step `plateau_step`, the cap `max_steps` included:
/// round(cooldown × plateau_step), at least 1 when cooldown > 0, never past the cap.
int64_t cooldown_steps(int64_t plateau_step, int64_t max_steps, const PlateauOptions& options);

/// Learning rate at `step` of a cool-down that starts at `start` with rate `from` and reaches
/// `floor` at start + length (linear; `floor` from then on).
double cooldown_learning_rate(double from, double floor, int64_t start, int64_t length, int64_t step);

/// A stage's learning rate and end under the plateau rule, for the training loops to share: the
/// warm-up/cosine schedule until the rule fires, then the cool-down, and the step the stage ends
/// at. Steps are 0-based: rate(s) is the rate of the update that makes step s + 1.
class PlateauSchedule {
 public:
  /// `schedule.total_steps` should be `max_steps` (the cap).
  PlateauSchedule(const LrScheduleOptions& schedule, int64_t max_steps, const PlateauOptions& plateau);
  double rate(int64_t step) const;
  /// Appends a validation loss measured after `steps_done` steps. The first time the rule
  /// fires, the cool-down starts there (and stop_at() moves to its end); returns true then.
  bool record(double loss, int64_t steps_done);
  int64_t stop_at() const { return stop_at_; }  ///< the cap, or the end of the cool-down
  bool converged() const { return cooldown_start_ >= 0; }
  int64_t plateau_step() const { return converged() ? cooldown_start_ : 0; }

 private:
  LrScheduleOptions schedule_;
  int64_t max_steps_;
  PlateauOptions plateau_;
  std::vector<double> history_;
  int64_t stop_at_;
  int64_t cooldown_start_ = -1;
  int64_t cooldown_length_ = 0;
  double cooldown_from_ = 0.0;
};

}  // namespace sild::models
