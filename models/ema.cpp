// Parameter EMA (see ema.h).
#include "models/ema.h"

#include <torch/torch.h>

#include <algorithm>

namespace sild::models {

double ema_decay_at(double decay, int64_t updates_done) {
  const double t = static_cast<double>(updates_done);
  return std::min(decay, (1.0 + t) / (10.0 + t));
}

Ema::Ema(torch::nn::Module& module, double decay, int64_t updates_done)
    : decay_(decay), updates_(updates_done) {
  torch::NoGradGuard no_grad;
  for (const auto& parameter : module.parameters()) shadow_.push_back(parameter.detach().clone());
}

void Ema::update(torch::nn::Module& module) {
  torch::NoGradGuard no_grad;
  auto parameters = module.parameters();
  TORCH_CHECK(parameters.size() == shadow_.size(), "EMA: module has a different parameter count");
  const double decay = ema_decay_at(decay_, updates_++);
  for (size_t i = 0; i < parameters.size(); ++i)
    shadow_[i].mul_(decay).add_(parameters[i].detach(), 1.0 - decay);
}

void Ema::copy_to(torch::nn::Module& module) const {
  torch::NoGradGuard no_grad;
  auto parameters = module.parameters();
  TORCH_CHECK(parameters.size() == shadow_.size(), "EMA: module has a different parameter count");
  for (size_t i = 0; i < parameters.size(); ++i) parameters[i].copy_(shadow_[i]);
}

}  // namespace sild::models
