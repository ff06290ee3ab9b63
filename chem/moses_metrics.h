// The MOSES metric suite (moses/metrics/metrics.py get_all_metrics) except FCD, which needs a
// network and lives in models/ + src/: validity, uniqueness@k, novelty, SNN, Frag, Scaf, IntDiv,
// IntDiv2, Filters and the Wasserstein distances of logP, SA, QED and weight. Reference sets are
// reduced once to ReferenceStatistics (MOSES "intermediate statistics"), which can be cached.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "chem/fingerprint.h"

namespace sild::chem {

class SaScorer;
class MosesFilters;

inline constexpr char kMosesMetricsVersion[] = "moses-1.0/sild-1";

struct ReferenceStatistics {
  int64_t molecules = 0;                       ///< molecules RDKit parsed
  FingerprintMatrix fingerprints{1024};        ///< SNN reference
  std::map<std::string, long long> fragments;  ///< BRICS fragment counts (Frag)
  std::map<std::string, long long> scaffolds;  ///< scaffold counts, >= 2 rings (Scaf)
  std::vector<double> logp, sa, qed, weight;   ///< property values (Wasserstein)

  /// A compact binary form for caching (versioned); from_bytes throws InputError if foreign.
  std::string to_bytes() const;
  static ReferenceStatistics from_bytes(const std::string& bytes);
};

/// Statistics of a reference set (e.g. MOSES test or test_scaffolds), computed in parallel.
ReferenceStatistics compute_reference_statistics(const std::vector<std::string>& smiles,
                                                 const SaScorer& scorer, int threads = 0);

struct MosesMetricsOptions {
  std::vector<int64_t> unique_k{1000, 10000};
  int threads = 0;
  /// Called after each phase with its wall-clock seconds (benchmarks print them).
  std::function<void(const std::string& phase, double seconds)> on_phase;
};

/// One metric value; nullopt when undefined (e.g. Scaf with no scaffold: MOSES's NaN).
using MetricValues = std::vector<std::pair<std::string, std::optional<double>>>;

/// MOSES metrics of `generated` (raw strings, invalid ones included) against the statistics of
/// `test` and optionally `test_scaffolds`, and novelty against `train` when given. Keys follow
/// MOSES: valid, unique@1000, unique@10000, SNN/Test, Frag/Test, Scaf/Test, SNN/TestSF, ...,
/// IntDiv, IntDiv2, Filters, logP, SA, QED, weight, Novelty.
MetricValues moses_metrics(const std::vector<std::string>& generated, const ReferenceStatistics& test,
                           const ReferenceStatistics* test_scaffolds, const std::set<std::string>* train,
                           const SaScorer& scorer, const MosesFilters& filters,
                           const MosesMetricsOptions& options = {});

}  // namespace sild::chem
