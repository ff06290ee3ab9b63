// The plateau rule (see plateau.h).
#include "models/plateau.h"

#include <algorithm>
#include <cmath>

namespace sild::models {

bool reached_plateau(const std::vector<double>& history, const PlateauOptions& options) {
  if (options.window <= 0 || history.size() <= static_cast<size_t>(options.window)) return false;
  const auto split = history.end() - options.window;
  const double earlier = *std::min_element(history.begin(), split);
  const double recent = *std::min_element(split, history.end());
  const double improvement = (earlier - recent) / std::max(std::abs(earlier), 1e-12);
  return improvement <= options.tolerance;
}

int64_t cooldown_steps(int64_t plateau_step, int64_t max_steps, const PlateauOptions& options) {
  if (options.cooldown <= 0 || plateau_step >= max_steps) return 0;
  const auto wanted =
      std::max<int64_t>(1, std::llround(options.cooldown * static_cast<double>(plateau_step)));
  return std::min(wanted, max_steps - plateau_step);
}

double cooldown_learning_rate(double from, double floor, int64_t start, int64_t length, int64_t step) {
  if (length <= 0 || step >= start + length) return floor;
  if (step <= start) return from;
  const double progress = static_cast<double>(step - start) / static_cast<double>(length);
  return from + (floor - from) * progress;
}

PlateauSchedule::PlateauSchedule(const LrScheduleOptions& schedule, int64_t max_steps,
                                 const PlateauOptions& plateau)
    : schedule_(schedule), max_steps_(max_steps), plateau_(plateau), stop_at_(max_steps) {}

double PlateauSchedule::rate(int64_t step) const {
  return converged()
             ? cooldown_learning_rate(cooldown_from_, schedule_.min, cooldown_start_, cooldown_length_, step)
             : learning_rate(schedule_, step);
}

bool PlateauSchedule::record(double loss, int64_t steps_done) {
  history_.push_back(loss);
  if (converged() || !reached_plateau(history_, plateau_)) return false;
  cooldown_from_ = learning_rate(schedule_, steps_done);
  cooldown_start_ = steps_done;
  cooldown_length_ = cooldown_steps(steps_done, max_steps_, plateau_);
  stop_at_ = steps_done + cooldown_length_;
  return true;
}

}  // namespace sild::models
