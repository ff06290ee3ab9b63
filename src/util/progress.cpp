// Rate-limited progress lines (see progress.h).
#include "src/util/progress.h"

#include <spdlog/spdlog.h>

namespace sild::core {

Progress::Progress(std::string what, std::string unit, int64_t total, double interval_seconds)
    : what_(std::move(what)),
      unit_(std::move(unit)),
      total_(total),
      interval_seconds_(interval_seconds),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

void Progress::tick(int64_t n) {
  count_ += n;
  // Checking the clock every call is cheap next to parsing a molecule.
  auto now = std::chrono::steady_clock::now();
  if (std::chrono::duration<double>(now - last_).count() >= interval_seconds_) {
    last_ = now;
    report(false);
  }
}

void Progress::finish() { report(true); }

void Progress::report(bool final) {
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double rate = elapsed > 0 ? static_cast<double>(count_) / elapsed : 0.0;
  if (total_ > 0 && !final) {
    double eta = rate > 0 ? static_cast<double>(total_ - count_) / rate : 0.0;
    spdlog::info("{}: {}/{} {} ({:.1f}%) {:.0f} {}/s eta {:.0f}s", what_, count_, total_, unit_,
                 100.0 * static_cast<double>(count_) / static_cast<double>(total_), rate, unit_, eta);
  } else {
    spdlog::info("{}: {} {} in {:.1f}s ({:.0f} {}/s){}", what_, count_, unit_, elapsed, rate, unit_,
                 final ? "" : " ...");
  }
}

}  // namespace sild::core
