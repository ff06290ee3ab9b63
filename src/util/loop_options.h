// The TrainLoopOptions every trainer's config fills the same way (molecule TrainConfig and image
// ImageConfig share the field names): peak learning rate with a floor of a tenth of it, warm-up,
// weight decay, clipping and the intervals.
#pragma once

#include <cstdint>

#include "models/training.h"

namespace sild::core {

template <typename Config>
models::TrainLoopOptions loop_options(const Config& c, int64_t steps, int64_t batch, double lr,
                                      uint64_t seed) {
  models::TrainLoopOptions loop;
  loop.steps = steps;
  loop.batch_size = batch;
  loop.lr.peak = lr;
  loop.lr.min = lr * 0.1;
  loop.lr.warmup_steps = c.warmup_steps;
  loop.weight_decay = c.weight_decay;
  loop.grad_clip = c.grad_clip;
  loop.log_interval = c.log_interval;
  loop.eval_interval = c.eval_interval;
  loop.checkpoint_interval = c.checkpoint_interval;
  loop.seed = seed;
  loop.precision = models::precision_from_string(c.precision);
  return loop;
}

}  // namespace sild::core
