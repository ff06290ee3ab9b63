// Batch order and per-step random streams (see training.h).
#include "models/training.h"

#include <torch/torch.h>

namespace sild::models {
namespace {

uint64_t mix(uint64_t x) {  // splitmix64 finaliser: decorrelates nearby seeds
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

at::Generator step_generator(uint64_t seed, int64_t step, uint64_t stream) {
  return at::detail::createCPUGenerator(mix(mix(seed) ^ mix(static_cast<uint64_t>(step) * 4 + stream)));
}

void set_learning_rate(torch::optim::AdamW& optimizer, double lr) {
  for (auto& group : optimizer.param_groups()) static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
}

std::pair<int64_t, int64_t> rank_rows(int64_t global_size, int64_t rank, int64_t world_size) {
  TORCH_CHECK(world_size >= 1 && rank >= 0 && rank < world_size, "rank must be in [0, world_size)");
  const int64_t share = global_size / world_size;
  return {rank * share, (rank + 1) * share};
}

at::Tensor batch_indices(int64_t n, int64_t batch_size, uint64_t seed, int64_t step) {
  TORCH_CHECK(n > 0 && batch_size > 0, "batch_indices needs data and a positive batch size");
  const int64_t size = std::min(n, batch_size);
  const int64_t batches_per_epoch = n / size;
  const int64_t epoch = step / batches_per_epoch;
  const int64_t position = step % batches_per_epoch;
  auto permutation = torch::randperm(n, step_generator(seed, epoch, /*stream=*/3), torch::kLong);
  return permutation.slice(0, position * size, (position + 1) * size);
}

}  // namespace sild::models
