// Exponential moving average of a module's parameters (the weights used for sampling).
// Holds its own copy; `copy_to` writes the averaged weights into a module of the same shape.
#pragma once

#include <torch/nn/module.h>

#include <cstdint>
#include <vector>

namespace sild::models {

/// The decay used for update number `updates_done` + 1: min(decay, (1 + t) / (10 + t)).
/// Without the warm-up a short run's average is mostly its random initial weights
/// (0.999^600 = 0.55 of them after 600 steps); with it the average forgets them.
double ema_decay_at(double decay, int64_t updates_done);

class Ema {
 public:
  /// Snapshot of `module`'s parameters; `decay` is the long-run decay per update (e.g. 0.999).
  /// A resumed run passes the number of updates already folded into `module`'s weights.
  Ema(torch::nn::Module& module, double decay, int64_t updates_done = 0);
  /// shadow ← d·shadow + (1 − d)·parameters with d = ema_decay_at(decay, updates so far).
  void update(torch::nn::Module& module);
  /// Copies the averaged weights into `module`.
  void copy_to(torch::nn::Module& module) const;

 private:
  double decay_;
  int64_t updates_;
  std::vector<torch::Tensor> shadow_;
};

}  // namespace sild::models
