// `sild data prepare`: a molecule file -> a MOSES-style dataset directory (train.smi, test.smi,
// test_scaffolds.smi). Molecules are canonicalised by RDKit, de-duplicated, optionally passed
// through the MOSES filters, and split deterministically for a seed, or as the publisher split
// them: by a CSV column (MOSES's dataset_v1.csv has a SPLIT column) or one file per split
// (GuacaMol's train, valid and test files). It streams: memory grows
// with the number of distinct molecules (16 bytes each) and scaffolds, not with the file.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sild::core {

/// kColumn: each CSV record names its split in `split_column`; kFiles: each input file is one
/// split (PrepareInput::split), as GuacaMol publishes train, valid and test files.
enum class SplitKind { kRandom, kScaffold, kColumn, kFiles };
SplitKind split_kind_from_string(const std::string& name);  ///< random | scaffold | column | files
std::string to_string(SplitKind kind);

/// The split names a column or a file may give: train, valid, test, test_scaffolds.
bool is_split_name(const std::string& name);

struct PrepareInput {
  std::string path;   ///< .smi/.csv/.sdf, .gz accepted
  std::string split;  ///< kFiles: the split the whole file holds; empty otherwise
};

struct PrepareOptions {
  std::string input;                 ///< the molecules, when `inputs` is empty
  std::vector<PrepareInput> inputs;  ///< several files, read in order (kFiles: one per split)
  std::string name;                  ///< dataset name (directory under `datasets_dir`)
  std::string datasets_dir = "datasets";
  std::string smiles_column = "smiles";
  SplitKind split = SplitKind::kScaffold;
  std::string split_column = "split";  ///< kColumn: matched case-insensitively
  double test_fraction = 0.1;          ///< share of the non-held-out molecules in test.smi
  double scaffold_fraction = 0.1;      ///< scaffold split: share of molecules in test_scaffolds.smi
  bool moses_filters = false;          ///< drop molecules failing the MOSES filters
  uint64_t seed = 0;
  int threads = 0;
  int64_t max_warnings = 20;                    ///< skipped lines passed to `warn`; the rest are counted
  std::function<void(int64_t lines)> progress;  ///< lines read so far, after every batch
  std::function<void(const std::string& message)> warn;  ///< a skipped line, "file:line: why"
  std::function<bool()> should_stop;                     ///< Ctrl-C: throws Interrupted, keeps nothing
};

/// Counts by reason; a molecule is kept in the first file and record it occurs in.
struct PrepareReport {
  int64_t lines = 0;
  int64_t kept = 0;
  int64_t empty = 0;
  int64_t broken = 0;  ///< broken CSV records
  int64_t unparsable = 0;
  int64_t duplicate = 0;
  int64_t filtered = 0;
  int64_t bad_split = 0;  ///< kColumn: the split column names no known split
  int64_t train = 0;
  int64_t valid = 0;  ///< kColumn / kFiles only: valid.smi
  int64_t test = 0;
  int64_t test_scaffolds = 0;
  int64_t scaffolds = 0;  ///< distinct scaffolds ("" for acyclic molecules counts as one)
  std::string directory;
  std::string counts_json() const;
};

/// Writes DATASETS/NAME/train.smi and test.smi, test_scaffolds.smi for a scaffold split or when
/// the column or files give some, and valid.smi when they give some; an optional split file that
/// this preparation does not write is removed, so the directory never mixes two preparations.
PrepareReport prepare_dataset(const PrepareOptions& options);

}  // namespace sild::core
