// common/parallel.h, the one thread pool of chem/ and src/: every index exactly once, worker
// numbers within parallel_workers, and a body's exception re-thrown on the caller.
#include "common/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <vector>

namespace sild {
namespace {

TEST(ParallelTest, EveryIndexOnceWithWorkerNumbersInRange) {
  for (int threads : {1, 2, 3, 8}) {
    for (size_t block : {size_t{1}, size_t{7}, size_t{64}}) {
      for (size_t n : {size_t{0}, size_t{1}, size_t{5}, size_t{1000}}) {
        std::vector<std::atomic<int>> visits(n);
        std::atomic<size_t> highest_worker{0};
        parallel_for_blocks(n, threads, block, [&](size_t worker, size_t i) {
          ++visits[i];
          size_t seen = highest_worker.load();
          while (worker > seen && !highest_worker.compare_exchange_weak(seen, worker)) {
          }
        });
        for (size_t i = 0; i < n; ++i)
          ASSERT_EQ(visits[i].load(), 1) << threads << " " << block << " " << n << " " << i;
        EXPECT_LT(highest_worker.load(), parallel_workers(n, threads));
      }
    }
  }
  EXPECT_EQ(parallel_workers(0, 4), 1u);
  EXPECT_EQ(parallel_workers(3, 8), 3u);
}

TEST(ParallelTest, ABodysExceptionReachesTheCaller) {
  for (int threads : {1, 4}) {
    std::atomic<int> calls{0};
    EXPECT_THROW(parallel_for(10000, threads,
                              [&](size_t i) {
                                ++calls;
                                if (i == 17) throw std::runtime_error("bad record");
                              }),
                 std::runtime_error);
    EXPECT_GE(calls.load(), 18);
  }
}

}  // namespace
}  // namespace sild
