// Precision names and the autocast scope (see precision.h).
#include "models/precision.h"

#include "common/errors.h"
#include "models/torch_compat.h"

namespace sild::models {

Precision precision_from_string(const std::string& name) {
  if (name == "fp32") return Precision::kFp32;
  if (name == "bf16") return Precision::kBf16;
  throw ConfigError("--precision must be fp32 or bf16, not '" + name + "'");
}

std::string to_string(Precision precision) { return precision == Precision::kBf16 ? "bf16" : "fp32"; }

void check_precision(Precision precision, const c10::Device& device) {
  if (precision == Precision::kBf16 && !device.is_cuda()) {
    throw ConfigError("--precision bf16 autocasts on CUDA only; use --device cuda or --precision fp32");
  }
}

AutocastScope::AutocastScope(Precision precision) : active_(precision == Precision::kBf16) {
  if (!active_) return;
  was_enabled_ = compat::cuda_autocast_enabled();
  previous_dtype_ = static_cast<int>(compat::cuda_autocast_dtype());
  compat::set_cuda_autocast(true, at::kBFloat16);
}

AutocastScope::~AutocastScope() {
  if (!active_) return;
  compat::set_cuda_autocast(was_enabled_, static_cast<at::ScalarType>(previous_dtype_));
  if (!was_enabled_) at::autocast::clear_cache();
}

AutocastPause::AutocastPause() : was_enabled_(compat::cuda_autocast_enabled()) {
  if (!was_enabled_) return;
  dtype_ = static_cast<int>(compat::cuda_autocast_dtype());
  compat::set_cuda_autocast(false, static_cast<at::ScalarType>(dtype_));
}

AutocastPause::~AutocastPause() {
  if (was_enabled_) compat::set_cuda_autocast(true, static_cast<at::ScalarType>(dtype_));
}

}  // namespace sild::models
