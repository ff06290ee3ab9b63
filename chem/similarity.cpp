// Popcount kernels with runtime dispatch, and the threaded bulk loops (see similarity.h).
#include "chem/similarity.h"

#include <algorithm>
#include <atomic>
#include <cmath>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "common/errors.h"
#include "common/parallel.h"

namespace sild::chem {
namespace {

using PopcountAnd = unsigned (*)(const uint64_t*, const uint64_t*, size_t);
using PopcountOne = unsigned (*)(const uint64_t*, size_t);

unsigned portable_popcount(uint64_t x) {  // SWAR bit count: no special instruction needed
  x = x - ((x >> 1) & 0x5555555555555555ULL);
  x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
  x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
  return static_cast<unsigned>((x * 0x0101010101010101ULL) >> 56);
}

// |a ∧ b| in three flavours; each row kernel below is compiled once per flavour with its
// popcount inlined. `scalar` uses POPCNT, `avx512` counts 8 words per instruction (VPOPCNTQ).
inline unsigned and_count_portable(const uint64_t* a, const uint64_t* b, size_t words) {
  unsigned count = 0;
  for (size_t w = 0; w < words; ++w) count += portable_popcount(a[w] & b[w]);
  return count;
}

__attribute__((target("popcnt"))) inline unsigned and_count_scalar(const uint64_t* a, const uint64_t* b,
                                                                   size_t words) {
  unsigned count = 0;
  for (size_t w = 0; w < words; ++w) count += static_cast<unsigned>(__builtin_popcountll(a[w] & b[w]));
  return count;
}

#if defined(__x86_64__)
#define SILD_AVX512 __attribute__((target("avx512f,avx512vpopcntdq")))
SILD_AVX512 inline unsigned and_count_avx512(const uint64_t* a, const uint64_t* b, size_t words) {
  __m512i sum = _mm512_setzero_si512();
  size_t w = 0;
  for (; w + 8 <= words; w += 8) {
    sum = _mm512_add_epi64(
        sum, _mm512_popcnt_epi64(_mm512_and_si512(_mm512_loadu_si512(a + w), _mm512_loadu_si512(b + w))));
  }
  if (w < words) {  // the last 1..7 words, masked
    const __mmask8 tail = static_cast<__mmask8>((1u << (words - w)) - 1);
    sum = _mm512_add_epi64(sum, _mm512_popcnt_epi64(_mm512_and_si512(_mm512_maskz_loadu_epi64(tail, a + w),
                                                                     _mm512_maskz_loadu_epi64(tail, b + w))));
  }
  // Summed through memory: GCC 12's _mm512_reduce_add_epi64 trips -Wuninitialized in its own header.
  alignas(64) uint64_t lanes[8];
  _mm512_store_si512(lanes, sum);
  return static_cast<unsigned>(lanes[0] + lanes[1] + lanes[2] + lanes[3] + lanes[4] + lanes[5] + lanes[6] +
                               lanes[7]);
}
#endif

unsigned count_portable(const uint64_t* a, size_t words) { return and_count_portable(a, a, words); }
__attribute__((target("popcnt"))) unsigned count_scalar(const uint64_t* a, size_t words) {
  return and_count_scalar(a, a, words);
}

PopcountPath best_popcount_path() {
#if defined(__x86_64__)
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vpopcntdq"))
    return PopcountPath::kAvx512;
  return __builtin_cpu_supports("popcnt") ? PopcountPath::kScalar : PopcountPath::kPortable;
#else
  return PopcountPath::kScalar;  // other targets compile __builtin_popcountll to their own instruction
#endif
}

std::atomic<PopcountPath> g_path{best_popcount_path()};

double ratio(unsigned common, unsigned x, unsigned y) {
  unsigned total = x + y - common;
  return total == 0 ? 1.0 : static_cast<double>(common) / static_cast<double>(total);
}

/// Whole-row kernels: the popcount inlined into the loop over references, one indirect call per
/// query row instead of one per pair.
/// max_row: the largest Tanimoto of `query` to rows [0, n) of `refs`. Fractions are compared
/// exactly by cross-multiplying, and only the winner is divided: rounding is monotone, so the
/// result is bit-identical to the largest of the per-pair divisions.
/// sums_row: for j in [from, n), adds T(i, j) and T(i, j)^2 to both rows' sums (IntDiv).
#define SILD_SIMILARITY_KERNELS(SUFFIX, ATTRIBUTE)                                                     \
  ATTRIBUTE double max_row_##SUFFIX(const uint64_t* query, unsigned query_count, const uint64_t* refs, \
                                    const unsigned* ref_counts, size_t n, size_t words) {              \
    uint64_t best_common = 0, best_total = 1;                                                          \
    for (size_t j = 0; j < n; ++j) {                                                                   \
      const uint64_t common = and_count_##SUFFIX(query, refs + j * words, words);                      \
      uint64_t total = query_count + ref_counts[j] - common;                                           \
      const uint64_t numerator = total == 0 ? 1 : common;                                              \
      if (total == 0) total = 1;                                                                       \
      if (numerator * best_total > best_common * total) {                                              \
        best_common = numerator;                                                                       \
        best_total = total;                                                                            \
      }                                                                                                \
    }                                                                                                  \
    return static_cast<double>(best_common) / static_cast<double>(best_total);                         \
  }                                                                                                    \
  ATTRIBUTE void sums_row_##SUFFIX(const FingerprintMatrix& a, const unsigned* counts, size_t i,       \
                                   double* sum) {                                                      \
    const size_t n = a.rows(), words = a.words();                                                      \
    const uint64_t* query = a.row(i);                                                                  \
    for (size_t j = i; j < n; ++j) {                                                                   \
      const double t = ratio(and_count_##SUFFIX(query, a.row(j), words), counts[i], counts[j]);        \
      sum[2 * i] += t;                                                                                 \
      sum[2 * i + 1] += t * t;                                                                         \
      if (j != i) {                                                                                    \
        sum[2 * j] += t;                                                                               \
        sum[2 * j + 1] += t * t;                                                                       \
      }                                                                                                \
    }                                                                                                  \
  }
SILD_SIMILARITY_KERNELS(portable, )
SILD_SIMILARITY_KERNELS(scalar, __attribute__((target("popcnt"))))
#if defined(__x86_64__)
SILD_SIMILARITY_KERNELS(avx512, SILD_AVX512)
#endif
#undef SILD_SIMILARITY_KERNELS

using MaxRow = double (*)(const uint64_t*, unsigned, const uint64_t*, const unsigned*, size_t, size_t);
using SumsRow = void (*)(const FingerprintMatrix&, const unsigned*, size_t, double*);

struct Kernels {
  PopcountAnd and_count;
  PopcountOne count;
  MaxRow max_row;
  SumsRow sums_row;
};

Kernels kernels() {
  switch (g_path.load()) {
    case PopcountPath::kPortable:
      return {and_count_portable, count_portable, max_row_portable, sums_row_portable};
#if defined(__x86_64__)
    case PopcountPath::kAvx512:
      return {and_count_avx512, count_scalar, max_row_avx512, sums_row_avx512};
#endif
    default:
      return {and_count_scalar, count_scalar, max_row_scalar, sums_row_scalar};
  }
}

PopcountAnd and_count() { return kernels().and_count; }
PopcountOne count() { return kernels().count; }

std::vector<unsigned> row_counts(const FingerprintMatrix& m) {
  std::vector<unsigned> counts(m.rows());
  auto f = count();
  for (size_t i = 0; i < m.rows(); ++i) counts[i] = f(m.row(i), m.words());
  return counts;
}

/// Calls body(i) for every row index on `threads` threads, in dynamic blocks of 64 rows.
template <typename Body>
void for_rows(size_t n, int threads, Body&& body) {
  parallel_for_blocks(n, threads, 64, [&](size_t, size_t i) { body(i); });
}

}  // namespace

PopcountPath popcount_path() { return g_path.load(); }

PopcountPath force_popcount_path(PopcountPath path) {
  const PopcountPath best = best_popcount_path();
  // Paths are ordered portable < scalar < avx512: a path the CPU lacks falls back to the best it has.
  const PopcountPath chosen = static_cast<int>(path) <= static_cast<int>(best) ? path : best;
  return g_path.exchange(chosen);
}

const char* to_string(PopcountPath path) {
  switch (path) {
    case PopcountPath::kPortable:
      return "portable";
    case PopcountPath::kScalar:
      return "popcnt";
    case PopcountPath::kAvx512:
      return "avx512-vpopcntq";
  }
  return "?";
}

double tanimoto(const uint64_t* a, const uint64_t* b, size_t words) {
  return ratio(and_count()(a, b, words), count()(a, words), count()(b, words));
}

std::vector<double> tanimoto_one_to_many(const uint64_t* query, const FingerprintMatrix& references,
                                         int threads) {
  const unsigned query_count = count()(query, references.words());
  auto counts = row_counts(references);
  auto f = and_count();
  std::vector<double> out(references.rows());
  for_rows(references.rows(), threads, [&](size_t j) {
    out[j] = ratio(f(query, references.row(j), references.words()), query_count, counts[j]);
  });
  return out;
}

std::vector<double> tanimoto_matrix(const FingerprintMatrix& a, const FingerprintMatrix& b, int threads) {
  SILD_ASSERT(a.words() == b.words(), "fingerprints of the same width");
  auto counts_a = row_counts(a);
  auto counts_b = row_counts(b);
  auto f = and_count();
  std::vector<double> out(a.rows() * b.rows());
  for_rows(a.rows(), threads, [&](size_t i) {
    double* row = out.data() + i * b.rows();
    for (size_t j = 0; j < b.rows(); ++j)
      row[j] = ratio(f(a.row(i), b.row(j), a.words()), counts_a[i], counts_b[j]);
  });
  return out;
}

std::vector<double> max_similarity(const FingerprintMatrix& queries, const FingerprintMatrix& references,
                                   int threads) {
  SILD_ASSERT(queries.words() == references.words(), "fingerprints of the same width");
  auto counts_q = row_counts(queries);
  auto counts_r = row_counts(references);
  const auto kernel = kernels().max_row;
  std::vector<double> out(queries.rows(), 0.0);
  for_rows(queries.rows(), threads, [&](size_t i) {
    out[i] = references.rows() == 0 ? 0.0
                                    : kernel(queries.row(i), counts_q[i], references.row(0), counts_r.data(),
                                             references.rows(), queries.words());
  });
  return out;
}

std::pair<double, double> internal_diversity_1_and_2(const FingerprintMatrix& a, int threads) {
  const size_t n = a.rows();
  if (n == 0) return {0.0, 0.0};
  auto counts = row_counts(a);
  const auto kernel = kernels().sums_row;
  // Rows go to a fixed set of lanes (blocks of 16 rows dealt round-robin, which balances the
  // triangle), each lane accumulating its own row sums of T and T² in increasing row order. The
  // lanes, not the threads, fix the summation order, so the result does not depend on the thread
  // count or on which thread ran which lane.
  constexpr size_t kBlock = 16, kMaxLanes = 16;
  const size_t blocks = (n + kBlock - 1) / kBlock;
  const size_t lanes = std::min(kMaxLanes, blocks);
  std::vector<std::vector<double>> sums(lanes, std::vector<double>(2 * n, 0.0));
  parallel_for(lanes, threads, [&](size_t lane) {
    for (size_t block = lane; block < blocks; block += lanes) {
      for (size_t i = block * kBlock; i < std::min(n, (block + 1) * kBlock); ++i) {
        kernel(a, counts.data(), i, sums[lane].data());
      }
    }
  });
  double total1 = 0.0, total2 = 0.0;
  for (size_t i = 0; i < n; ++i) {
    double row1 = 0.0, row2 = 0.0;
    for (size_t lane = 0; lane < lanes; ++lane) {
      row1 += sums[lane][2 * i];
      row2 += sums[lane][2 * i + 1];
    }
    total1 += row1 / static_cast<double>(n);
    total2 += std::sqrt(row2 / static_cast<double>(n));
  }
  return {1.0 - total1 / static_cast<double>(n), 1.0 - total2 / static_cast<double>(n)};
}

double internal_diversity(const FingerprintMatrix& a, int p, int threads) {
  SILD_ASSERT(p >= 1, "IntDiv order p >= 1");
  const size_t n = a.rows();
  if (n == 0) return 0.0;
  auto counts = row_counts(a);
  auto f = and_count();
  std::vector<double> per_row(n);
  for_rows(n, threads, [&](size_t i) {
    double sum = 0.0;
    for (size_t j = 0; j < n; ++j) {
      double t = ratio(f(a.row(i), a.row(j), a.words()), counts[i], counts[j]);
      sum += p == 1 ? t : p == 2 ? t * t : std::pow(t, p);
    }
    double mean = sum / static_cast<double>(n);
    per_row[i] = p == 1 ? mean : p == 2 ? std::sqrt(mean) : std::pow(mean, 1.0 / p);
  });
  double total = 0.0;
  for (double value : per_row) total += value;  // fixed order: thread count does not change the sum
  return 1.0 - total / static_cast<double>(n);
}

}  // namespace sild::chem
