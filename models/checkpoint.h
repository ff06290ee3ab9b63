// Checkpoint files for modules and optimisers: written to a temp file and renamed into place, so
// a crash mid-write leaves the previous checkpoint intact; a truncated, foreign or mismatched
// file gives a sild::InputError naming it, never a crash. Each file carries a format tag and a
// kind ("autoencoder", "denoiser", ...) that loading checks.
#pragma once

#include <string>

namespace torch {
namespace nn {
class Module;
}
namespace optim {
class Optimizer;
}
}  // namespace torch

namespace sild::models {

inline constexpr int kCheckpointFormatVersion = 1;

/// Saves every parameter and buffer of `module` atomically to `path`, tagged with `kind`.
void save_module(torch::nn::Module& module, const std::string& kind, const std::string& path);
/// Loads into an already-built `module` (same options); throws InputError on any mismatch.
void load_module(torch::nn::Module& module, const std::string& kind, const std::string& path);

void save_optimizer(torch::optim::Optimizer& optimizer, const std::string& path);
void load_optimizer(torch::optim::Optimizer& optimizer, const std::string& path);

}  // namespace sild::models
