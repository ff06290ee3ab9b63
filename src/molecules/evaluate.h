// `sild eval`: MOSES metrics of a generated file against train/test/test_scaffolds files, with
// reference statistics cached in the store, a readable table, JSON, and the run's metrics in the
// store. FCD needs ChemNet weights (src/molecules/fcd.h); without them it is reported as unavailable, never
// computed with another network.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "chem/moses_metrics.h"

namespace sild::store {
class Database;
}

namespace sild::core {

struct EvalOptions {
  std::string generated;       ///< generated molecules, one per line (invalid lines included)
  std::string train;           ///< optional: for Novelty
  std::string test;            ///< required
  std::string test_scaffolds;  ///< optional: the TestSF metrics
  std::string smiles_column = "smiles";
  std::string
      chemnet;  ///< ChemNet weights for FCD; empty = $SILD_CHEMNET or the default place (src/molecules/fcd.h)
  bool guacamol = true;              ///< also GuacaMol's distribution-learning scores (needs `train`)
  int64_t guacamol_samples = 10000;  ///< GuacaMol's number_samples, capped at the generated count
  int threads = 0;
};

struct EvalResult {
  chem::MetricValues metrics;      ///< MOSES key names, in MOSES's order
  std::vector<std::string> notes;  ///< e.g. why FCD is unavailable, fewer than k molecules
  int64_t generated = 0;
  bool statistics_from_cache = false;
};

/// The reference statistics `evaluate` cached in the store for this file's content, if any.
std::optional<chem::ReferenceStatistics> cached_reference_statistics(store::Database& database,
                                                                     const std::string& path);

/// Computes the metrics; `database` (optional) caches reference statistics.
EvalResult evaluate(const EvalOptions& options, store::Database* database);

/// The metrics as a JSON object (null for unavailable values).
std::string metrics_json(const EvalResult& result);
/// A two-column table for the terminal.
std::string metrics_table(const EvalResult& result);

}  // namespace sild::core
