// Data parallelism over processes and hosts with torch.distributed's c10d: a TCP store for the
// rendezvous (MASTER_ADDR, MASTER_PORT), Gloo on CPU (NCCL would slot in for CUDA builds), and
// the two collectives training needs: averaging gradients and broadcasting rank 0's weights.
#pragma once

#include <ATen/Tensor.h>
#include <c10/core/Device.h>

#include <memory>
#include <string>
#include <vector>

namespace sild::models {

struct DistributedOptions {
  int64_t rank = 0;
  int64_t world_size = 1;
  std::string master_addr = "127.0.0.1";
  int64_t master_port = 29500;
  int64_t timeout_seconds = 300;  ///< how long to wait for the other processes
  int64_t local_rank = 0;         ///< LOCAL_RANK: this process's GPU on its machine
  bool cuda = false;              ///< tensors on CUDA: NCCL collectives (else Gloo on the CPU)
};

/// Reads RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR and MASTER_PORT (unset: a single process); throws
/// sild::ConfigError for malformed values.
DistributedOptions distributed_from_environment();

class ProcessGroup {
 public:
  /// Joins the group (blocks until all processes arrived or the timeout passed: sild::IoError).
  explicit ProcessGroup(const DistributedOptions& options);
  ~ProcessGroup();
  ProcessGroup(const ProcessGroup&) = delete;
  ProcessGroup& operator=(const ProcessGroup&) = delete;

  int64_t rank() const { return options_.rank; }
  int64_t world_size() const { return options_.world_size; }
  /// Replaces each parameter's gradient by its mean over all processes.
  void average_gradients(std::vector<at::Tensor>& parameters);
  /// Copies rank 0's values into every process's tensors (e.g. initial weights).
  void broadcast(std::vector<at::Tensor>& tensors);
  void barrier();

 private:
  struct Impl;
  DistributedOptions options_;
  std::unique_ptr<Impl> impl_;
};

/// True when this LibTorch was built with Gloo support compiled in here.
bool gloo_available();
/// True when sild was compiled with NCCL (a CUDA LibTorch with USE_C10D_NCCL).
bool nccl_available();

/// The device of this process: cuda:LOCAL_RANK when `device` is CUDA and several processes run
/// (one process per GPU), else `device` itself.
c10::Device process_device(const c10::Device& device, const DistributedOptions& options);

}  // namespace sild::models
