// read_latent_table and write_latent_table (see latent_table.h).
#include "src/molecules/latent_table.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <map>

#include "common/atomic_file.h"
#include "common/csv_writer.h"
#include "common/errors.h"
#include "common/text_io.h"

namespace sild::core {

LatentTable read_latent_table(const std::string& path) {
  LineReader reader(path);
  std::string line;
  std::vector<std::string> fields;
  if (!reader.next(line))
    throw InputError(located(path, 1, "empty file: expected a header with z0, z1, ..."));
  if (!split_csv_line(line, fields)) throw InputError(located(path, 1, "unclosed quote in the header"));
  // Column of z0 .. z{k-1} (in any order), and of the identifier carried along (smiles, else id).
  std::map<std::string, size_t> column_of;
  for (size_t j = 0; j < fields.size(); ++j) column_of.emplace(to_lower(trim(fields[j])), j);
  std::vector<size_t> columns;
  for (size_t k = 0; column_of.count("z" + std::to_string(k)) != 0; ++k) {
    columns.push_back(column_of.at("z" + std::to_string(k)));
  }
  const auto id = column_of.count("smiles") != 0 ? column_of.find("smiles") : column_of.find("id");
  const long id_column = id != column_of.end() ? static_cast<long>(id->second) : -1;
  if (columns.empty()) {
    throw InputError(located(path, 1, "no latent columns: the header must name z0, z1, ...",
                             "write the table with 'sild encode'"));
  }
  LatentTable table;
  table.width = static_cast<int64_t>(columns.size());
  while (reader.next(line)) {
    const long number = reader.line_number();
    if (trim(line).empty()) continue;
    if (!split_csv_line(line, fields)) throw InputError(located(path, number, "unclosed quote"));
    size_t empty = 0;
    for (size_t column : columns) empty += column >= fields.size() || trim(fields[column]).empty() ? 1 : 0;
    if (empty == columns.size()) {
      ++table.skipped;
      continue;
    }
    for (size_t k = 0; k < columns.size(); ++k) {
      if (columns[k] >= fields.size()) {
        throw InputError(located(path, number, "missing field z" + std::to_string(k)));
      }
      const std::string text = trim(fields[columns[k]]);
      float value = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
        throw InputError(
            located(path, number,
                    "z" + std::to_string(k) + " is not a finite number: '" + printable(text, 40) + "'"));
      }
      table.values.push_back(value);
    }
    table.lines.push_back(number);
    table.ids.push_back(id_column >= 0 && static_cast<size_t>(id_column) < fields.size()
                            ? fields[static_cast<size_t>(id_column)]
                            : "");
  }
  return table;
}

int64_t write_latent_table(const std::string& path, const std::vector<long>& lines,
                           const std::vector<std::string>& smiles, const float* values, int64_t width) {
  AtomicFile file(path);
  std::vector<std::string> fields{"line", "smiles"};
  for (int64_t j = 0; j < width; ++j) fields.push_back(fmt::format("z{}", j));
  write_csv_row(file.stream(), fields);
  int64_t written = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const float* row = values + static_cast<int64_t>(i) * width;
    const bool ok = width > 0 && !std::isnan(row[0]);
    written += ok ? 1 : 0;
    fields.assign({std::to_string(lines[i]), smiles[i]});
    for (int64_t j = 0; j < width; ++j) fields.push_back(ok ? fmt::format("{}", row[j]) : "");
    write_csv_row(file.stream(), fields);
  }
  file.commit();
  return written;
}

}  // namespace sild::core
