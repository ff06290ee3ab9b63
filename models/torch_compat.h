// The one place where LibTorch version differences are guarded: sild builds against Debian's
// LibTorch 1.13 and against current 2.x releases (a CUDA LibTorch download, or the one inside an
// installed PyTorch). Code elsewhere calls these and never tests TORCH_VERSION itself.
#pragma once

#include <ATen/autocast_mode.h>
#include <c10/core/DeviceType.h>
#include <c10/core/ScalarType.h>
#include <torch/version.h>

#define SILD_TORCH_AT_LEAST(major, minor) \
  (TORCH_VERSION_MAJOR > (major) || (TORCH_VERSION_MAJOR == (major) && TORCH_VERSION_MINOR >= (minor)))

namespace c10d {
class Backend;
class ProcessGroup;
}  // namespace c10d

namespace sild::models::compat {

/// The c10d class that Gloo and NCCL process groups derive from (2.0 split Backend out of
/// ProcessGroup).
#if SILD_TORCH_AT_LEAST(2, 0)
using CollectiveBackend = c10d::Backend;
#else
using CollectiveBackend = c10d::ProcessGroup;
#endif

/// Turns autocast on `device` (kCUDA or kCPU) on or off with the given lower-precision dtype
/// (2.4 made the API per device; before, CPU and CUDA had functions of their own).
inline void set_autocast(c10::DeviceType device, bool enabled, at::ScalarType dtype) {
#if SILD_TORCH_AT_LEAST(2, 4)
  at::autocast::set_autocast_dtype(device, dtype);
  at::autocast::set_autocast_enabled(device, enabled);
#else
  if (device == c10::DeviceType::CPU) {
    at::autocast::set_autocast_cpu_dtype(dtype);
    at::autocast::set_cpu_enabled(enabled);
  } else {
    at::autocast::set_autocast_gpu_dtype(dtype);
    at::autocast::set_enabled(enabled);
  }
#endif
}

inline bool autocast_enabled(c10::DeviceType device) {
#if SILD_TORCH_AT_LEAST(2, 4)
  return at::autocast::is_autocast_enabled(device);
#else
  return device == c10::DeviceType::CPU ? at::autocast::is_cpu_enabled() : at::autocast::is_enabled();
#endif
}

inline at::ScalarType autocast_dtype(c10::DeviceType device) {
#if SILD_TORCH_AT_LEAST(2, 4)
  return at::autocast::get_autocast_dtype(device);
#else
  return device == c10::DeviceType::CPU ? at::autocast::get_autocast_cpu_dtype()
                                        : at::autocast::get_autocast_gpu_dtype();
#endif
}

}  // namespace sild::models::compat
