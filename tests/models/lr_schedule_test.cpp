// The learning-rate schedule: warm-up, peak, cosine midpoint, floor.
#include "models/lr_schedule.h"

#include <gtest/gtest.h>

namespace sild::models {
namespace {

TEST(LrScheduleTest, WarmsUpLinearlyThenDecaysByCosineToTheFloor) {
  LrScheduleOptions options{1.0, 0.1, 10, 110};
  EXPECT_DOUBLE_EQ(learning_rate(options, 0), 0.1);
  EXPECT_DOUBLE_EQ(learning_rate(options, 4), 0.5);
  EXPECT_DOUBLE_EQ(learning_rate(options, 10), 1.0);
  EXPECT_NEAR(learning_rate(options, 60), 0.55, 1e-12);  // halfway: min + (peak − min)/2
  EXPECT_NEAR(learning_rate(options, 110), 0.1, 1e-12);
  EXPECT_DOUBLE_EQ(learning_rate(options, 500), 0.1);
  for (int64_t step = 11; step < 110; ++step)
    EXPECT_LE(learning_rate(options, step), learning_rate(options, step - 1));
}

TEST(LrScheduleTest, NoWarmupStartsAtThePeak) {
  LrScheduleOptions options{2.0, 0.0, 0, 100};
  EXPECT_DOUBLE_EQ(learning_rate(options, 0), 2.0);
}

}  // namespace
}  // namespace sild::models
