// Reads molecules (SMILES strings) from .smi/.txt (first whitespace-separated field), .csv
// (a named column of a header row) or .sdf (each record turned into canonical SMILES by RDKit,
// numbered by its first line), plain or .gz, with their line numbers. A quoted CSV field may
// span lines (ZINC250k's SMILES end in a quoted newline); a record is numbered by its first
// line, and surrounding whitespace is trimmed from the SMILES. Broken CSV records are returned
// with an error so callers keep line alignment and count them.
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/text_io.h"

namespace sild::core {

struct MoleculeRecord {
  long line = 0;                     ///< 1-based line in the input file
  std::string smiles;                ///< empty for an empty line or a broken record
  std::optional<std::string> error;  ///< why the record is broken (not chemistry: that is RDKit's)
  std::string label;                 ///< the label column's value, trimmed (CSV with label_column)
};

struct MoleculeReaderOptions {
  std::string path;
  std::string smiles_column = "smiles";  ///< for CSV input; matched case-insensitively
  std::string label_column = {};         ///< CSV only: a second column to read into MoleculeRecord::label
  /// Longer SMILES are broken records (error set, SMILES empty), never handed to RDKit; 0 = no limit.
  size_t max_smiles_length = 1000;
};

class MoleculeReader {
 public:
  /// Opens the file; for CSV reads the header and throws sild::InputError when the column is missing.
  explicit MoleculeReader(const MoleculeReaderOptions& options);
  /// Next record; false at end of file.
  bool next(MoleculeRecord& record);
  /// Reads up to `count` records into `batch` (cleared first); returns false when none were left.
  bool next_batch(std::vector<MoleculeRecord>& batch, size_t count);
  const std::string& path() const { return reader_.path(); }

 private:
  /// A quote left open this many lines later is a broken record, not a long field: the record
  /// is reported at its first line and the lines after it are read again as records of their own.
  static constexpr size_t kMaxLinesPerRecord = 16;

  LineReader reader_;
  std::deque<std::pair<long, std::string>> pushed_back_;  ///< (line number, text), read first
  long line_number_ = 0;
  bool csv_ = false;
  bool sdf_ = false;
  bool next_sdf(MoleculeRecord& record);
  bool next_text_record(MoleculeRecord& record);  ///< .smi/.csv record before the length check
  MoleculeReaderOptions options_;
  bool next_line(std::string& line);  ///< from pushed_back_, else the file; sets line_number_
  size_t column_ = 0;
  std::optional<size_t> label_column_;
  std::string line_;
  std::vector<std::string> fields_;
};

/// True when the path names a CSV file (".csv" or ".csv.gz").
bool is_csv_path(const std::string& path);
/// True when the path names an SD file (".sdf" or ".sdf.gz").
bool is_sdf_path(const std::string& path);

}  // namespace sild::core
