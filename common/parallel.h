// A minimal fork-join loop over indices with std::thread: the one thread pool of chem/ and src/
// batch work. Exceptions thrown by the body are re-thrown on the calling thread (the first one
// wins, the other workers stop taking work), never std::terminate.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace sild {

/// Resolves a thread-count option: 0 means all hardware threads.
inline int resolve_threads(int threads) {
  if (threads > 0) return threads;
  return std::max(1u, std::thread::hardware_concurrency());
}

/// The number of workers parallel_for_blocks uses for `n` items: at least 1, at most n.
inline size_t parallel_workers(size_t n, int threads) {
  return std::max<size_t>(1, std::min(static_cast<size_t>(resolve_threads(threads)), n));
}

/// Calls body(worker, i) for i in [0, n), worker in [0, parallel_workers(n, threads)), handing
/// out `block` consecutive indices at a time (dynamic scheduling). Worker 0 is the caller.
template <typename Body>
void parallel_for_blocks(size_t n, int threads, size_t block, Body&& body) {
  const size_t workers = parallel_workers(n, threads);
  block = std::max<size_t>(block, 1);
  if (workers == 1) {
    for (size_t i = 0; i < n; ++i) body(size_t{0}, i);
    return;
  }
  std::atomic<size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto work = [&](size_t worker) {
    try {
      for (size_t start = next.fetch_add(block); start < n; start = next.fetch_add(block)) {
        const size_t end = std::min(n, start + block);
        for (size_t i = start; i < end; ++i) body(worker, i);
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next = n;
    }
  };
  std::vector<std::thread> pool;
  for (size_t w = 1; w < workers; ++w) pool.emplace_back(work, w);
  work(0);
  for (auto& thread : pool) thread.join();
  if (failure) std::rethrow_exception(failure);
}

/// Calls body(i) for i in [0, n) on `threads` threads, one index at a time.
template <typename Body>
void parallel_for(size_t n, int threads, Body&& body) {
  parallel_for_blocks(n, threads, 1, [&](size_t, size_t i) { body(i); });
}

}  // namespace sild
