// Parameter EMA (see ema.h).
#include "models/ema.h"

#include <torch/torch.h>

namespace sild::models {

Ema::Ema(torch::nn::Module& module, double decay) : decay_(decay) {
  torch::NoGradGuard no_grad;
  for (const auto& parameter : module.parameters()) shadow_.push_back(parameter.detach().clone());
}

void Ema::update(torch::nn::Module& module) {
  torch::NoGradGuard no_grad;
  auto parameters = module.parameters();
  TORCH_CHECK(parameters.size() == shadow_.size(), "EMA: module has a different parameter count");
  for (size_t i = 0; i < parameters.size(); ++i) shadow_[i].mul_(decay_).add_(parameters[i].detach(), 1.0 - decay_);
}

void Ema::copy_to(torch::nn::Module& module) const {
  torch::NoGradGuard no_grad;
  auto parameters = module.parameters();
  TORCH_CHECK(parameters.size() == shadow_.size(), "EMA: module has a different parameter count");
  for (size_t i = 0; i < parameters.size(); ++i) parameters[i].copy_(shadow_[i]);
}

}  // namespace sild::models
