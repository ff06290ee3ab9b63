// Human progress for long work (style S11): a rate line on stderr at most every few seconds,
// through spdlog so it never interleaves with results on stdout.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace sild::core {

class Progress {
 public:
  /// `total` <= 0 means unknown (no percentage or ETA).
  Progress(std::string what, std::string unit, int64_t total = 0, double interval_seconds = 5.0);
  /// Counts `n` more items and logs when the interval has passed.
  void tick(int64_t n = 1);
  /// Logs the final count and rate.
  void finish();
  int64_t count() const { return count_; }

 private:
  void report(bool final);

  std::string what_;
  std::string unit_;
  int64_t total_;
  double interval_seconds_;
  int64_t count_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace sild::core
