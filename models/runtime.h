// Where and how models run: device resolution (auto/cpu/cuda), torch's thread count and the
// seed, chosen in one place and passed in (style S9). No training logic lives here.
#pragma once

#include <c10/core/Device.h>

#include <cstdint>
#include <string>

namespace sild::models {

struct RuntimeOptions {
  std::string device = "auto";  ///< auto (CUDA when LibTorch has it and a GPU is present), cpu, cuda, cuda:N
  int threads = 0;              ///< intra-op threads; 0 = number of hardware threads
  uint64_t seed = 0;            ///< seeds torch's CPU and CUDA generators
};

/// Resolves the device name; throws sild::ConfigError for an unknown name or for cuda when
/// LibTorch has no CUDA or no GPU is visible.
c10::Device resolve_device(const std::string& name);

/// Applies the thread count and seed; returns the resolved device.
c10::Device setup_runtime(const RuntimeOptions& options);

/// One line describing the LibTorch build (version, CUDA availability, threads), for logs/runs.
std::string runtime_description();

}  // namespace sild::models
