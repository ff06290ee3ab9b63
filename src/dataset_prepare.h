// `sild data prepare`: a molecule file -> a MOSES-style dataset directory (train.smi, test.smi,
// test_scaffolds.smi). Molecules are canonicalised by RDKit, de-duplicated, optionally passed
// through the MOSES filters, and split deterministically for a seed, or as a CSV column says
// (MOSES's own dataset_v1.csv carries its published split in a SPLIT column). It streams: memory grows
// with the number of distinct molecules (16 bytes each) and scaffolds, not with the file.
#pragma once

#include <cstdint>
#include <string>

namespace sild::core {

/// kColumn: each CSV record names its split (train, test or test_scaffolds) in `split_column`.
enum class SplitKind { kRandom, kScaffold, kColumn };
SplitKind split_kind_from_string(const std::string& name);  ///< random | scaffold | column

struct PrepareOptions {
  std::string input;                     ///< .smi/.csv, .gz accepted
  std::string name;                      ///< dataset name (directory under `datasets_dir`)
  std::string datasets_dir = "datasets";
  std::string smiles_column = "smiles";
  SplitKind split = SplitKind::kScaffold;
  std::string split_column = "split";    ///< kColumn: matched case-insensitively
  double test_fraction = 0.1;            ///< share of the non-held-out molecules in test.smi
  double scaffold_fraction = 0.1;        ///< scaffold split: share of molecules in test_scaffolds.smi
  bool moses_filters = false;            ///< drop molecules failing the MOSES filters
  uint64_t seed = 0;
  int threads = 0;
  int64_t max_warnings = 20;
};

struct PrepareReport {
  int64_t lines = 0;
  int64_t kept = 0;
  int64_t empty = 0;
  int64_t broken = 0;        ///< broken CSV records
  int64_t unparsable = 0;
  int64_t duplicate = 0;
  int64_t filtered = 0;
  int64_t bad_split = 0;     ///< kColumn: the split column names no known split
  int64_t train = 0;
  int64_t test = 0;
  int64_t test_scaffolds = 0;
  int64_t scaffolds = 0;     ///< distinct scaffolds ("" for acyclic molecules counts as one)
  std::string directory;
  std::string counts_json() const;
};

PrepareReport prepare_dataset(const PrepareOptions& options);

}  // namespace sild::core
