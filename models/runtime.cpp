// Device, threads and seeding (see runtime.h).
#include "models/runtime.h"

#include <thread>

#include "common/errors.h"

namespace sild::models {

c10::Device resolve_device(const std::string& name) {
  if (name == "auto") return torch::cuda::is_available() ? c10::Device(c10::kCUDA) : c10::Device(c10::kCPU);
  if (name == "cpu") return c10::Device(c10::kCPU);
  if (name.rfind("cuda", 0) == 0) {
    if (!torch::cuda::is_available()) {
      throw ConfigError("--device " + name +
                        ": this LibTorch has no CUDA or no GPU is visible "
                        "(build against a CUDA LibTorch, see README, or use --device cpu)");
    }
    try {
      return c10::Device(name);
    } catch (const c10::Error&) {
      throw ConfigError("--device: cannot parse '" + name + "' (use cuda or cuda:N)");
    }
  }
  throw ConfigError("--device must be auto, cpu, cuda or cuda:N, not '" + name + "'");
}

c10::Device setup_runtime(const RuntimeOptions& options) {
  if (options.threads < 0) throw ConfigError("--threads must be >= 0");
  int threads = options.threads > 0 ? options.threads
                                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  torch::set_num_threads(threads);
  torch::manual_seed(options.seed);
  return resolve_device(options.device);
}

std::string runtime_description() {
  return std::string("libtorch ") + TORCH_VERSION + ", cuda " +
         (torch::cuda::is_available() ? "available" : "unavailable") + ", threads " +
         std::to_string(torch::get_num_threads());
}

}  // namespace sild::models
