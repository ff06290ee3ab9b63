// `sild convert`: SMILES <-> SELFIES over a file, one molecule per line, keeping line alignment.
// It streams (bounded memory) and writes atomically; it does not canonicalise.
#pragma once

#include <cstdint>
#include <string>

#include "chem/selfies.h"

namespace sild::core {

enum class ConvertTarget { kSelfies, kSmiles };

struct ConvertOptions {
  std::string input;                     ///< one molecule per line (.smi/.txt) or a CSV column; .gz accepted
  std::string smiles_column = "smiles";  ///< column name when the input is CSV
  std::string output;                    ///< written atomically; same number of lines as the input
  ConvertTarget to = ConvertTarget::kSelfies;
  chem::SelfiesOptions selfies;     ///< constraint preset for encoding/decoding
  int64_t max_warnings = 20;        ///< per-line warnings printed before only counting
  size_t max_smiles_length = 1000;  ///< longer input strings fail their line unparsed (0 = no limit)
};

struct ConvertReport {
  int64_t lines = 0;      ///< input lines read
  int64_t converted = 0;  ///< lines written with a molecule
  int64_t failed = 0;     ///< lines that could not be converted (written empty)
  int64_t empty = 0;      ///< empty input lines (written empty)
};

/// Converts `options.input` into `options.output`. A molecule that fails gives an empty output
/// line and a warning naming the line; I/O failures throw sild::IoError.
ConvertReport convert_file(const ConvertOptions& options);

ConvertTarget convert_target_from_string(const std::string& name);

}  // namespace sild::core
