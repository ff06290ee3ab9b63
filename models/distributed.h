// Data parallelism over processes and hosts with torch.distributed's c10d: a TCP store for the
// rendezvous (MASTER_ADDR, MASTER_PORT), Gloo on CPU (NCCL would slot in for CUDA builds), and
// the two collectives training needs: averaging gradients and broadcasting rank 0's weights.
#pragma once

#include <ATen/Tensor.h>

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
};

/// Reads RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT (unset: a single process); throws
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

}  // namespace sild::models
