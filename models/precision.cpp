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
  if (precision == Precision::kBf16 && !device.is_cuda() && !device.is_cpu()) {
    throw ConfigError("--precision bf16 autocasts on CUDA and CPU only; use --precision fp32");
  }
}

namespace {
constexpr c10::DeviceType kAutocastDevices[2] = {c10::DeviceType::CUDA, c10::DeviceType::CPU};
}  // namespace

AutocastScope::AutocastScope(Precision precision) : active_(precision == Precision::kBf16) {
  if (!active_) return;
  for (size_t i = 0; i < 2; ++i) {
    was_enabled_[i] = compat::autocast_enabled(kAutocastDevices[i]);
    previous_dtype_[i] = static_cast<int>(compat::autocast_dtype(kAutocastDevices[i]));
    compat::set_autocast(kAutocastDevices[i], true, at::kBFloat16);
  }
}

AutocastScope::~AutocastScope() {
  if (!active_) return;
  for (size_t i = 0; i < 2; ++i) {
    compat::set_autocast(kAutocastDevices[i], was_enabled_[i],
                         static_cast<at::ScalarType>(previous_dtype_[i]));
  }
  if (!was_enabled_[0] && !was_enabled_[1]) at::autocast::clear_cache();
}

}  // namespace sild::models
