// Learning-rate schedule as a pure function of the step (nanoGPT's get_lr): linear warm-up to
// the peak, cosine decay to min_lr at `total_steps`, flat after.
#pragma once

#include <cstdint>

namespace sild::models {

struct LrScheduleOptions {
  double peak = 3e-4;
  double min = 3e-5;
  int64_t warmup_steps = 200;
  int64_t total_steps = 10000;
};

/// Learning rate at 0-based `step`.
double learning_rate(const LrScheduleOptions& options, int64_t step);

}  // namespace sild::models
