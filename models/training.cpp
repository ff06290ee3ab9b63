// Batch order and per-step random streams (see training.h).
#include "models/training.h"

#include <torch/torch.h>

#include "common/errors.h"

namespace sild::models {
namespace {

uint64_t mix(uint64_t x) {  // splitmix64 finaliser: decorrelates nearby seeds
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

uint32_t mix32(uint32_t x) {  // murmur3's finaliser: a bijection of 32-bit words
  x ^= x >> 16;
  x *= 0x85ebca6bU;
  x ^= x >> 13;
  x *= 0xc2b2ae35U;
  return x ^ (x >> 16);
}

}  // namespace

uint32_t stream_seed(uint64_t seed, int64_t step, RandomStream stream) {
  TORCH_CHECK(step >= 0 && step < kMaxStreamSteps, "random stream step ", step, " is outside [0, 2^24)");
  // (stream, step) packed into 32 bits, XOR a per-seed constant, through a 32-bit bijection:
  // injective in (stream, step) for every seed.
  const uint32_t key = (static_cast<uint32_t>(stream) << 24) | static_cast<uint32_t>(step);
  return mix32(key ^ static_cast<uint32_t>(mix(seed)));
}

at::Generator step_generator(uint64_t seed, int64_t step, RandomStream stream) {
  return at::detail::createCPUGenerator(stream_seed(seed, step, stream));
}

at::Tensor normal_noise(at::IntArrayRef shape, at::Generator generator, const at::TensorOptions& options) {
  auto cpu = torch::randn(shape, generator, torch::TensorOptions().dtype(torch::kFloat32));
  return cpu.to(options.device(), options.dtype(), /*non_blocking=*/false);
}

void validate(const TrainLoopOptions& loop) {
  auto at_least = [](const char* flag, int64_t value, int64_t minimum) {
    if (value < minimum) {
      throw ConfigError(std::string("--") + flag + " is " + std::to_string(value) +
                        "; it must be >= " + std::to_string(minimum));
    }
  };
  at_least("log-interval", loop.log_interval, 1);
  at_least("eval-interval", loop.eval_interval, 0);
  at_least("checkpoint-interval", loop.checkpoint_interval, 0);
  at_least("eval-batches", loop.eval_batches, 1);
  at_least("batch", loop.batch_size, 1);
  at_least("steps", loop.steps, 0);
  if (loop.world_size < 1 || loop.rank < 0 || loop.rank >= loop.world_size) {
    throw ConfigError("RANK must be in [0, WORLD_SIZE)");
  }
  at_least("plateau-window", loop.plateau.window, 0);
  if (loop.plateau.window > 0 && loop.eval_interval < 1) {
    throw ConfigError("--plateau-window needs validation during training (hint: set --eval-interval >= 1)");
  }
  if (!(loop.plateau.tolerance >= 0.0)) throw ConfigError("--plateau-tolerance must be >= 0");
  if (!(loop.plateau.cooldown >= 0.0)) throw ConfigError("--plateau-cooldown must be >= 0");
}

TokenData take_rows(const TokenData& data, const at::Tensor& indices, int64_t min_length) {
  TokenData rows{data.tokens.index_select(0, indices), data.padding.index_select(0, indices)};
  if (min_length <= 0 || rows.size() == 0) return rows;
  const int64_t longest = rows.padding.logical_not().sum(1).max().item<int64_t>();
  const int64_t keep = std::min(rows.tokens.size(1), std::max(longest, min_length));
  return {rows.tokens.slice(1, 0, keep), rows.padding.slice(1, 0, keep)};
}

at::Tensor to_device(const at::Tensor& cpu, const c10::Device& device) {
  if (!device.is_cuda() || !cpu.device().is_cpu()) return cpu.to(device);
  return cpu.pin_memory().to(device, /*non_blocking=*/true);
}

void set_learning_rate(torch::optim::AdamW& optimizer, double lr) {
  for (auto& group : optimizer.param_groups())
    static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
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
  auto permutation = torch::randperm(n, step_generator(seed, epoch, RandomStream::kBatchOrder), torch::kLong);
  return permutation.slice(0, position * size, (position + 1) * size);
}

at::Tensor bucketed_batch_indices(const at::Tensor& lengths, int64_t batch_size, int64_t pool, uint64_t seed,
                                  int64_t step) {
  const int64_t n = lengths.size(0);
  TORCH_CHECK(n > 0 && batch_size > 0 && pool > 0,
              "bucketed_batch_indices needs data, a batch size and a pool");
  const int64_t size = std::min(n, batch_size);
  const int64_t batches_per_epoch = n / size;
  const int64_t epoch = step / batches_per_epoch;
  auto permutation = torch::randperm(n, step_generator(seed, epoch, RandomStream::kBatchOrder), torch::kLong);
  auto order = torch::randperm(batches_per_epoch, step_generator(seed, epoch, RandomStream::kBucketOrder),
                               torch::kLong);
  const int64_t batch = order[step % batches_per_epoch].item<int64_t>();
  const int64_t first = (batch / pool) * pool;  // the pool's first batch
  const int64_t last = std::min(batches_per_epoch, first + pool);
  auto members = permutation.slice(0, first * size, last * size);
  // Stable sort by length, so ties keep the permutation's (random) order.
  auto sorted = std::get<1>(lengths.index_select(0, members).sort(/*stable=*/true, 0, false));
  auto in_pool = members.index_select(0, sorted);
  return in_pool.slice(0, (batch - first) * size, (batch - first + 1) * size);
}

}  // namespace sild::models
