// FLOP counting through the profiler (see flop_counter.h).
#include "benchmarks/flop_counter.h"

#include <torch/csrc/autograd/profiler_kineto.h>

#include <set>
#include <string>

namespace sild::models {

FlopCount count_flops(const std::function<void()>& work) {
  namespace prof = torch::profiler::impl;
  const prof::ProfilerConfig config(prof::ProfilerState::KINETO, /*report_input_shapes=*/true,
                                    /*profile_memory=*/false, /*with_stack=*/false, /*with_flops=*/true);
  const std::set<prof::ActivityType> activities{prof::ActivityType::CPU};
  torch::autograd::profiler::prepareProfiler(config, activities);
  torch::autograd::profiler::enableProfiler(config, activities);
  try {
    work();
  } catch (...) {
    torch::autograd::profiler::disableProfiler();
    throw;
  }
  const auto result = torch::autograd::profiler::disableProfiler();
  FlopCount count;
  for (const auto& event : result->events()) {
    const uint64_t flops = event.flops();
    if (flops == 0) continue;
    count.flops += flops;
    ++count.operators;
    const std::string name = event.name();
    if (name == "aten::mm" || name == "aten::addmm" || name == "aten::bmm" || name == "aten::baddbmm") {
      count.matmul_flops += flops;
    }
  }
  return count;
}

}  // namespace sild::models
