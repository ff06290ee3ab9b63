// Reads tests/reference/properties/reference.tsv (values from RDKit's Python API, see the README
// there) and compares columns with a tolerance. Shared by the property tests; no assertions.
#pragma once

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "common/text_io.h"
#include "test_support.h"

namespace sild::test {

/// One reference row: SMILES and the values RDKit's Python functions gave for it.
struct PropertyRow {
  long line = 0;
  std::string smiles;
  double qed = 0.0;
  double sa = 0.0;
  double logp = 0.0;
  double mw = 0.0;
};

/// Tolerance the issue asks for between sild and RDKit's Python results.
inline constexpr double kPropertyTolerance = 1e-6;

inline std::filesystem::path property_reference_path() { return data_dir() / "properties" / "reference.tsv"; }

/// All rows; throws std::runtime_error when the file does not have the expected columns.
inline std::vector<PropertyRow> read_property_reference() {
  const auto lines = read_lines(property_reference_path());
  if (lines.empty() || lines[0] != "smiles\tqed\tsa\tlogp\tmw") {
    throw std::runtime_error("reference.tsv: unexpected header");
  }
  std::vector<PropertyRow> rows;
  std::vector<std::string> fields;
  for (size_t i = 1; i < lines.size(); ++i) {
    split_csv_line(lines[i], fields, '\t');
    if (fields.size() != 5) throw std::runtime_error("reference.tsv: bad line " + std::to_string(i + 1));
    rows.push_back({static_cast<long>(i + 1), fields[0], std::stod(fields[1]), std::stod(fields[2]),
                    std::stod(fields[3]), std::stod(fields[4])});
  }
  return rows;
}

/// Tracks the largest absolute difference seen for one property and the failing rows.
class ErrorTracker {
 public:
  explicit ErrorTracker(std::string name) : name_(std::move(name)) {}

  /// Records |actual - expected|; returns a description of the row when it is out of tolerance.
  bool check(const PropertyRow& row, double actual, double expected, std::string& failure) {
    const double error = std::fabs(actual - expected);
    if (!(error <= kPropertyTolerance)) {  // also catches NaN
      char buffer[256];
      std::snprintf(buffer, sizeof(buffer), "line %ld %s: %s = %.17g, RDKit Python %.17g", row.line,
                    row.smiles.c_str(), name_.c_str(), actual, expected);
      failure = buffer;
      ++failures_;
    }
    if (error > max_error_ || std::isnan(error)) max_error_ = error;
    return error <= kPropertyTolerance;
  }

  double max_error() const { return max_error_; }
  int failures() const { return failures_; }
  /// One line for the test log, e.g. "qed: max |error| 2.2e-16 over 1303 rows".
  std::string summary(size_t rows) const {
    char buffer[128];
    std::snprintf(buffer, sizeof(buffer), "%s: max |error| %.3g over %zu rows, %d outside %.0e",
                  name_.c_str(), max_error_, rows, failures_, kPropertyTolerance);
    return buffer;
  }

 private:
  std::string name_;
  double max_error_ = 0.0;
  int failures_ = 0;
};

}  // namespace sild::test
