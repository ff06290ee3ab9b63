// The one CSV writer: every command that writes CSV formats its rows here, so a field holding a
// comma, a quote or a line break (a SMILES copied from a messy input, a path) never shifts the
// columns. RFC 4180: such a field is quoted and its quotes doubled; other fields are written as
// they are, so plain numeric rows read exactly as before.
#pragma once

#include <initializer_list>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace sild {

/// `text` as one CSV field: quoted when it holds a comma, a double quote, CR or LF, or starts or
/// ends with a space (which readers trim); unchanged otherwise.
inline std::string csv_field(std::string_view text) {
  const bool needs_quotes = text.find_first_of(",\"\r\n") != std::string_view::npos ||
                            (!text.empty() && (text.front() == ' ' || text.back() == ' '));
  if (!needs_quotes) return std::string(text);
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

/// Writes one record: the fields through csv_field, separated by commas, ended by '\n'.
inline void write_csv_row(std::ostream& out, std::initializer_list<std::string_view> fields) {
  bool first = true;
  for (std::string_view field : fields) {
    if (!first) out << ',';
    out << csv_field(field);
    first = false;
  }
  out << '\n';
}

inline void write_csv_row(std::ostream& out, const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out << ',';
    out << csv_field(fields[i]);
  }
  out << '\n';
}

/// One record as a string (fields through csv_field, ended by '\n'), for files assembled in memory.
inline std::string csv_row(std::initializer_list<std::string_view> fields) {
  std::string row;
  bool first = true;
  for (std::string_view field : fields) {
    if (!first) row += ',';
    row += csv_field(field);
    first = false;
  }
  return row + '\n';
}

}  // namespace sild
