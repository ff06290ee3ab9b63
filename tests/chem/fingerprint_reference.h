// Reads tests/reference/fingerprints/molecules.tsv (see its README) for the fingerprint, fragment
// and filter tests.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "test_support.h"

namespace sild::test {

struct FingerprintReferenceRow {
  std::string smiles;
  std::vector<unsigned> on_bits;
  std::vector<std::string> fragments;  // sorted
  std::string scaffold;                // "" = none (min_rings 2)
  std::string scaffold_any;            // "" = none (min_rings 0)
  bool passes_filters = false;
};

inline std::vector<std::string> split_fields(const std::string& line, char separator) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, separator)) fields.push_back(field);
  if (!line.empty() && line.back() == separator) fields.emplace_back();
  return fields;
}

inline std::vector<FingerprintReferenceRow> fingerprint_reference() {
  auto lines = read_lines(data_dir() / "fingerprints" / "molecules.tsv");
  std::vector<FingerprintReferenceRow> rows;
  for (size_t i = 1; i < lines.size(); ++i) {
    auto fields = split_fields(lines[i], '\t');
    if (fields.size() != 6) throw std::runtime_error("bad reference row " + std::to_string(i + 1));
    FingerprintReferenceRow row;
    row.smiles = fields[0];
    for (const auto& bit : split_fields(fields[1], ' ')) {
      if (!bit.empty()) row.on_bits.push_back(static_cast<unsigned>(std::stoul(bit)));
    }
    row.fragments = split_fields(fields[2], ' ');
    row.scaffold = fields[3];
    row.scaffold_any = fields[4];
    row.passes_filters = fields[5] == "1";
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace sild::test
