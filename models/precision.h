// Numeric precision of training: fp32, or bf16 autocast on CUDA (matrix products and
// convolutions in bfloat16, fp32 master weights and optimiser state). Chosen once per run
// (`--precision`) and stored with the run's config.
#pragma once

#include <c10/core/Device.h>

#include <string>

namespace sild::models {

enum class Precision { kFp32, kBf16 };

Precision precision_from_string(const std::string& name);  ///< fp32 | bf16; ConfigError otherwise
std::string to_string(Precision precision);

/// Throws ConfigError when `precision` cannot run on `device` (bf16 autocast is CUDA only).
void check_precision(Precision precision, const c10::Device& device);

/// RAII: while alive, CUDA operations autocast to bf16 when `precision` is kBf16 (CPU tensors
/// are unaffected); restores the previous state on destruction.
class AutocastScope {
 public:
  explicit AutocastScope(Precision precision);
  ~AutocastScope();
  AutocastScope(const AutocastScope&) = delete;
  AutocastScope& operator=(const AutocastScope&) = delete;

 private:
  bool active_ = false;
  bool was_enabled_ = false;
  int previous_dtype_ = 0;
};

/// RAII: switches CUDA autocast off while alive (for operations LibTorch cannot run in bf16,
/// such as torch::nn::MultiheadAttention's masked softmax); restores it on destruction.
class AutocastPause {
 public:
  AutocastPause();
  ~AutocastPause();
  AutocastPause(const AutocastPause&) = delete;
  AutocastPause& operator=(const AutocastPause&) = delete;

 private:
  bool was_enabled_ = false;
  int dtype_ = 0;
};

}  // namespace sild::models
