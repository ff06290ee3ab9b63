// Warm-up + cosine learning rate (see lr_schedule.h).
#include "models/lr_schedule.h"

#include <cmath>

namespace sild::models {

double learning_rate(const LrScheduleOptions& options, int64_t step) {
  if (options.warmup_steps > 0 && step < options.warmup_steps) {
    return options.peak * static_cast<double>(step + 1) / static_cast<double>(options.warmup_steps);
  }
  if (step >= options.total_steps) return options.min;
  double decay_steps = static_cast<double>(options.total_steps - options.warmup_steps);
  double progress = decay_steps > 0 ? static_cast<double>(step - options.warmup_steps) / decay_steps : 1.0;
  double cosine = 0.5 * (1.0 + std::cos(M_PI * progress));
  return options.min + cosine * (options.peak - options.min);
}

}  // namespace sild::models
