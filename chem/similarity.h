// Bulk Tanimoto similarity over packed fingerprints (fingerprint.h): one against many, many
// against many, max-similarity search (MOSES SNN) and the internal-diversity reduction (MOSES
// IntDiv), multi-threaded over rows, with the hardware popcount instruction when the CPU has it.
// Two empty fingerprints have similarity 1 (RDKit and MOSES agree on this).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "chem/fingerprint.h"

namespace sild::chem {

/// Tanimoto of two fingerprints of `words` words.
double tanimoto(const uint64_t* a, const uint64_t* b, size_t words);

/// Similarities of `query` (a row of `words` words) to every row of `references`.
std::vector<double> tanimoto_one_to_many(const uint64_t* query, const FingerprintMatrix& references,
                                         int threads = 0);

/// Full |a| × |b| matrix, row-major.
std::vector<double> tanimoto_matrix(const FingerprintMatrix& a, const FingerprintMatrix& b, int threads = 0);

/// For each row of `queries`, the maximum similarity to any row of `references` (0 when empty).
std::vector<double> max_similarity(const FingerprintMatrix& queries, const FingerprintMatrix& references,
                                   int threads = 0);

/// 1 − mean_i (mean_j T_ij^p)^(1/p) over all pairs of rows of `a`, diagonal included, without
/// materialising the matrix. p = 1 is MOSES IntDiv, p = 2 IntDiv2.
double internal_diversity(const FingerprintMatrix& a, int p = 1, int threads = 0);

/// IntDiv (p = 1) and IntDiv2 (p = 2) together in one pass over the upper triangle of the
/// similarity matrix (each pair once), as MOSES defines them. Bit-identical for any thread count.
std::pair<double, double> internal_diversity_1_and_2(const FingerprintMatrix& a, int threads = 0);

/// How bits are counted: a portable bit-count, the POPCNT instruction, or AVX-512's VPOPCNTQ
/// (8 words per instruction). The best the CPU has is chosen at start; all give equal results.
enum class PopcountPath { kPortable = 0, kScalar = 1, kAvx512 = 2 };
PopcountPath popcount_path();
/// Uses `path`, or the best the CPU has if it lacks it (for tests and benchmarks comparing
/// paths); returns the previous path.
PopcountPath force_popcount_path(PopcountPath path);
const char* to_string(PopcountPath path);

}  // namespace sild::chem
