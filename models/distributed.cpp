// c10d process group over TCPStore + Gloo (see distributed.h).
#include "models/distributed.h"

#ifdef SILD_WITH_GLOO
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#ifdef SILD_WITH_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include <chrono>
#include <cstdlib>

#include "common/errors.h"
#include "models/torch_compat.h"

namespace sild::models {
namespace {

int64_t env_int(const char* name, int64_t fallback) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return fallback;
  char* end = nullptr;
  long long parsed = std::strtoll(value, &end, 10);
  if (end == nullptr || *end != '\0') {
    throw ConfigError(std::string("environment variable ") + name + "='" + value + "' is not an integer");
  }
  return parsed;
}

}  // namespace

struct ProcessGroup::Impl {
  c10::intrusive_ptr<c10d::TCPStore> store;
  c10::intrusive_ptr<compat::CollectiveBackend> group;
};

bool gloo_available() {
#ifdef SILD_WITH_GLOO
  return true;
#else
  return false;
#endif
}

bool nccl_available() {
#ifdef SILD_WITH_NCCL
  return true;
#else
  return false;
#endif
}

c10::Device process_device(const c10::Device& device, const DistributedOptions& options) {
  if (!device.is_cuda() || options.world_size < 2) return device;
  return c10::Device(c10::kCUDA, static_cast<c10::DeviceIndex>(options.local_rank));
}

DistributedOptions distributed_from_environment() {
  DistributedOptions options;
  options.rank = env_int("RANK", 0);
  options.world_size = env_int("WORLD_SIZE", 1);
  options.master_port = env_int("MASTER_PORT", options.master_port);
  options.local_rank = env_int("LOCAL_RANK", 0);
  if (const char* addr = std::getenv("MASTER_ADDR"); addr != nullptr && *addr != '\0')
    options.master_addr = addr;
  if (options.world_size < 1 || options.rank < 0 || options.rank >= options.world_size) {
    throw ConfigError("RANK=" + std::to_string(options.rank) +
                      " must be in [0, WORLD_SIZE=" + std::to_string(options.world_size) + ")");
  }
  return options;
}

ProcessGroup::ProcessGroup(const DistributedOptions& options)
    : options_(options), impl_(std::make_unique<Impl>()) {
  if (options.world_size < 2) return;
  const auto timeout = std::chrono::seconds(options.timeout_seconds);
  try {
    c10d::TCPStoreOptions store_options;
    store_options.port = static_cast<uint16_t>(options.master_port);
    store_options.isServer = options.rank == 0;
    store_options.numWorkers = static_cast<size_t>(options.world_size);
    store_options.waitWorkers = false;
    store_options.timeout = timeout;
    impl_->store = c10::make_intrusive<c10d::TCPStore>(options.master_addr, store_options);
    if (options.cuda) {
#ifdef SILD_WITH_NCCL
      auto nccl_options = c10d::ProcessGroupNCCL::Options::create();
      nccl_options->timeout = timeout;
      impl_->group = c10::make_intrusive<c10d::ProcessGroupNCCL>(
          impl_->store, static_cast<int>(options.rank), static_cast<int>(options.world_size), nccl_options);
#else
      throw ConfigError("data parallelism on CUDA needs NCCL, and this LibTorch build has none");
#endif
    } else {
#ifdef SILD_WITH_GLOO
      auto gloo_options = c10d::ProcessGroupGloo::Options::create();
      gloo_options->timeout = timeout;
      gloo_options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
      impl_->group = c10::make_intrusive<c10d::ProcessGroupGloo>(
          impl_->store, static_cast<int>(options.rank), static_cast<int>(options.world_size), gloo_options);
#else
      throw ConfigError(
          "data parallelism on the CPU needs Gloo, and this LibTorch build has no Gloo headers");
#endif
    }
  } catch (const ConfigError&) {
    throw;
  } catch (const std::exception& error) {
    throw IoError("cannot join the process group at " + options.master_addr + ":" +
                  std::to_string(options.master_port) + " as rank " + std::to_string(options.rank) + " of " +
                  std::to_string(options.world_size) + ": " + error.what() +
                  " (hint: check MASTER_ADDR/MASTER_PORT and that every rank was started)");
  }
}

ProcessGroup::~ProcessGroup() = default;

void ProcessGroup::average_gradients(std::vector<at::Tensor>& parameters) {
  if (options_.world_size < 2) return;
  std::vector<at::Tensor> gradients;
  for (auto& parameter : parameters) {
    if (parameter.grad().defined()) gradients.push_back(parameter.grad());
  }
  if (gradients.empty()) return;
  // One flat buffer: one collective per step instead of one per parameter.
  auto flat = torch::cat([&] {
    std::vector<at::Tensor> views;
    for (auto& gradient : gradients) views.push_back(gradient.reshape({-1}));
    return views;
  }());
  std::vector<at::Tensor> buffer{flat};
  impl_->group->allreduce(buffer)->wait();
  flat.div_(static_cast<double>(options_.world_size));
  int64_t offset = 0;
  for (auto& gradient : gradients) {
    const int64_t n = gradient.numel();
    gradient.copy_(flat.slice(0, offset, offset + n).view_as(gradient));
    offset += n;
  }
}

void ProcessGroup::broadcast(std::vector<at::Tensor>& tensors) {
  if (options_.world_size < 2) return;
  torch::NoGradGuard no_grad;
  for (auto& tensor : tensors) {
    std::vector<at::Tensor> one{tensor.detach()};
    impl_->group->broadcast(one)->wait();
  }
}

void ProcessGroup::barrier() {
  if (options_.world_size < 2) return;
  impl_->group->barrier()->wait();
}

}  // namespace sild::models
