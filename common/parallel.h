// A minimal fork-join loop over indices with std::thread, shared by chem/ and src/ batch work.
// Exceptions thrown by the body are re-thrown on the calling thread (the first one wins).
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

/// Calls body(i) for i in [0, n) on `threads` threads, dynamically scheduled.
template <typename Body>
void parallel_for(size_t n, int threads, Body&& body) {
  size_t workers = std::min(static_cast<size_t>(resolve_threads(threads)), n);
  if (workers <= 1) {
    for (size_t i = 0; i < n; ++i) body(i);
    return;
  }
  std::atomic<size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto work = [&] {
    try {
      for (size_t i = next++; i < n; i = next++) body(i);
    } catch (...) {
      std::lock_guard<std::mutex> lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next = n;
    }
  };
  std::vector<std::thread> pool;
  for (size_t w = 1; w < workers; ++w) pool.emplace_back(work);
  work();
  for (auto& thread : pool) thread.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace sild
