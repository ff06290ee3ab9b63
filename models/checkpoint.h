// Checkpoint files for modules and optimisers: written to a temp file and renamed into place, so
// a crash mid-write leaves the previous checkpoint intact; a truncated, foreign or mismatched
// file gives a sild::InputError naming it, never a crash. Each file carries a format tag and a
// kind ("autoencoder", "denoiser", ...) that loading checks.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace torch {
namespace nn {
class Module;
}
namespace optim {
class Optimizer;
}
namespace serialize {
class OutputArchive;
}
}  // namespace torch

namespace sild::models {

inline constexpr int kCheckpointFormatVersion = 1;

/// Writes a LibTorch archive to `path` through common/atomic_file.h (temp file, then rename), so
/// a crash mid-write leaves the previous file; `what` names the file in errors.
void save_archive(torch::serialize::OutputArchive& archive, const std::string& path, const std::string& what);

/// Saves every parameter and buffer of `module` atomically to `path`, tagged with `kind`. With
/// `half`, floating-point parameters are stored as float16 (half the file; load_module casts them
/// back to the module's type); buffers keep their type.
void save_module(torch::nn::Module& module, const std::string& kind, const std::string& path,
                 bool half = false);
/// Loads into an already-built `module` (same options); throws InputError on any mismatch.
void load_module(torch::nn::Module& module, const std::string& kind, const std::string& path);

/// Another module stored in a training checkpoint (Stage 2's EMA), under its own kind.
struct CheckpointPart {
  std::string kind;
  torch::nn::Module* module = nullptr;  ///< not owned
};

/// A resumable training checkpoint in one file: weights, optimiser state, the step count and
/// the `parts` (e.g. the EMA), so none of them can disagree with another after a crash.
void save_training_checkpoint(torch::nn::Module& module, torch::optim::Optimizer& optimizer, int64_t step,
                              const std::string& kind, const std::string& path,
                              const std::vector<CheckpointPart>& parts = {});
/// Restores weights, optimiser state and the `parts`; returns the step stored with them.
int64_t load_training_checkpoint(torch::nn::Module& module, torch::optim::Optimizer& optimizer,
                                 const std::string& kind, const std::string& path,
                                 const std::vector<CheckpointPart>& parts = {});

}  // namespace sild::models
