// The benchmark harness (style S15): warm-up, N timed runs, and one tab-separated row per run:
//   name  run  seconds  items_per_s  baseline_items_per_s  ratio
// where the baseline is measured in the same process just before. Header-only, no asserts:
// speed is reported, never checked.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace sild::bench {

struct Timing {
  double seconds = 0;      ///< median over the timed runs
  double items_per_s = 0;  ///< items / median seconds
};

/// Runs `body` (which processes `items` items) `warmup` + `runs` times and returns the median.
inline Timing measure(double items, const std::function<void()>& body, int runs = 3, int warmup = 1) {
  for (int i = 0; i < warmup; ++i) body();
  std::vector<double> seconds;
  for (int i = 0; i < runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    body();
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  Timing timing;
  timing.seconds = seconds[seconds.size() / 2];
  timing.items_per_s = timing.seconds > 0 ? items / timing.seconds : 0;
  return timing;
}

inline void print_header() { std::printf("name\trun\tseconds\titems_per_s\tbaseline_items_per_s\tratio\n"); }

/// One result row; `baseline` may be a zero Timing when there is no baseline for this row.
inline void print_row(const std::string& name, const std::string& run, const Timing& timing,
                      const Timing& baseline = {}) {
  double ratio = baseline.items_per_s > 0 ? timing.items_per_s / baseline.items_per_s : 0;
  std::printf("%s\t%s\t%.4f\t%.1f\t%.1f\t%.2f\n", name.c_str(), run.c_str(), timing.seconds,
              timing.items_per_s, baseline.items_per_s, ratio);
  std::fflush(stdout);
}

}  // namespace sild::bench
