// Counts the floating-point operations of a piece of LibTorch work the way PyTorch's profiler
// does with `with_flops=True` (matrix products, convolutions and the elementwise add/mul it
// knows), including the backward pass when the work calls backward(). The benchmarks divide it
// by wall time for achieved GFLOP/s; nothing on a hot path uses it.
#pragma once

#include <cstdint>
#include <functional>

namespace sild::models {

struct FlopCount {
  uint64_t flops = 0;         ///< total over every profiled operator
  uint64_t matmul_flops = 0;  ///< the part in mm / addmm / bmm / baddbmm
  int64_t operators = 0;      ///< operator calls that carried a FLOP count
};

/// Runs `work` once under the profiler and returns what it counted. Not reentrant.
FlopCount count_flops(const std::function<void()>& work);

}  // namespace sild::models
