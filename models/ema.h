// Exponential moving average of a module's parameters (the weights used for sampling).
// Holds its own copy; `copy_to` writes the averaged weights into a module of the same shape.
#pragma once

#include <torch/nn/module.h>

#include <vector>

namespace sild::models {

class Ema {
 public:
  /// Snapshot of `module`'s parameters; `decay` per update (e.g. 0.999).
  Ema(torch::nn::Module& module, double decay);
  /// shadow ← decay·shadow + (1 − decay)·parameters.
  void update(torch::nn::Module& module);
  /// Copies the averaged weights into `module`.
  void copy_to(torch::nn::Module& module) const;

 private:
  double decay_;
  std::vector<torch::Tensor> shadow_;
};

}  // namespace sild::models
