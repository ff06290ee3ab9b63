// numpy's legacy RandomState, as far as sild needs it to reproduce reference code exactly:
// np.random.seed(int) followed by np.random.permutation(n) (and so np.random.choice(population,
// k, replace=False), which is permutation(len)[:k]). The generator is MT19937 seeded with
// init_genrand (std::mt19937 does the same); the shuffle is numpy's legacy Fisher-Yates, drawing
// each index with masked rejection sampling on 32-bit outputs (random_interval).
#pragma once

#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

namespace sild {

/// np.random.seed(seed); np.random.permutation(n) — n below 2^32.
inline std::vector<int64_t> numpy_legacy_permutation(uint32_t seed, int64_t n) {
  std::mt19937 generator(seed);
  std::vector<int64_t> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  for (int64_t i = n - 1; i >= 1; --i) {
    // random_interval(max = i): smallest all-ones mask covering i, reject values above i.
    uint32_t mask = static_cast<uint32_t>(i);
    mask |= mask >> 1;
    mask |= mask >> 2;
    mask |= mask >> 4;
    mask |= mask >> 8;
    mask |= mask >> 16;
    uint32_t value = 0;
    do {
      value = static_cast<uint32_t>(generator()) & mask;
    } while (value > static_cast<uint32_t>(i));
    std::swap(order[static_cast<size_t>(i)], order[value]);
  }
  return order;
}

}  // namespace sild
