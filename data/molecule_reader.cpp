// Molecule input for every command (see molecule_reader.h).
#include "data/molecule_reader.h"

#include <algorithm>

#include "chem/mol_io.h"

namespace sild::core {
namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

bool is_csv_path(const std::string& path) {
  auto name = to_lower(path);
  return ends_with(name, ".csv") || ends_with(name, ".csv.gz");
}

bool is_sdf_path(const std::string& path) {
  auto name = to_lower(path);
  return ends_with(name, ".sdf") || ends_with(name, ".sdf.gz");
}

MoleculeReader::MoleculeReader(const MoleculeReaderOptions& options)
    : reader_(options.path), options_(options) {
  sdf_ = is_sdf_path(options.path);
  csv_ = is_csv_path(options.path);
  if (!csv_ && !options.label_column.empty()) {
    throw InputError(located(options.path, 0, "a '" + options.label_column + "' column needs CSV input",
                             "give a .csv file with a header row, or choose another --split"));
  }
  if (!csv_) return;
  if (!reader_.next(line_)) {
    throw InputError(located(options.path, 1, "empty CSV file", "expected a header row"));
  }
  split_csv_line(line_, fields_);
  auto find = [&](const std::string& name) -> std::optional<size_t> {
    auto it = std::find_if(fields_.begin(), fields_.end(),
                           [&](const std::string& field) { return to_lower(trim(field)) == to_lower(name); });
    if (it == fields_.end()) return std::nullopt;
    return static_cast<size_t>(it - fields_.begin());
  };
  const auto smiles = find(options.smiles_column);
  if (!smiles) {
    throw InputError(located(options.path, 1, "no column '" + options.smiles_column + "' in the header",
                             "choose the SMILES column with --smiles-column"));
  }
  column_ = *smiles;
  if (!options.label_column.empty()) {
    label_column_ = find(options.label_column);
    if (!label_column_) {
      throw InputError(located(options.path, 1, "no column '" + options.label_column + "' in the header",
                               "choose the split column with --split-column, or another --split"));
    }
  }
}

bool MoleculeReader::next_sdf(MoleculeRecord& record) {
  std::string molblock;
  bool in_data = false;  // after "M  END": data items up to "$$$$"
  bool any = false;
  record.error.reset();
  record.smiles.clear();
  while (reader_.next(line_)) {
    if (!line_.empty() && line_.back() == '\r') line_.pop_back();
    if (!any) record.line = reader_.line_number();
    any = true;
    if (line_.rfind("$$$$", 0) == 0) break;
    if (in_data) continue;
    molblock += line_;
    molblock += '\n';
    if (line_.rfind("M  END", 0) == 0) in_data = true;
  }
  if (!any) return false;
  if (!in_data) {
    record.error = "SD record without 'M  END'";
    return true;
  }
  auto mol = chem::mol_from_molblock(molblock);
  if (!mol) {
    record.error = "RDKit cannot read this molblock";
  } else {
    record.smiles = chem::mol_to_smiles(chem::read_only(mol));
  }
  return true;
}

bool MoleculeReader::next_line(std::string& line) {
  if (!pushed_back_.empty()) {
    line_number_ = pushed_back_.front().first;
    line = std::move(pushed_back_.front().second);
    pushed_back_.pop_front();
    return true;
  }
  if (!reader_.next(line)) return false;
  line_number_ = reader_.line_number();
  return true;
}

bool MoleculeReader::next(MoleculeRecord& record) {
  if (sdf_) return next_sdf(record);
  if (!next_text_record(record)) return false;
  // RDKit's SMILES parser is superlinear in the chain length (a 2,000-character chain takes
  // seconds, 10,000 minutes): an overlong string is a broken record before RDKit sees it.
  if (options_.max_smiles_length > 0 && record.smiles.size() > options_.max_smiles_length) {
    record.error = "SMILES of " + std::to_string(record.smiles.size()) + " characters is longer than " +
                   std::to_string(options_.max_smiles_length) + " (--max-smiles-length)";
    record.smiles.clear();
  }
  return true;
}

bool MoleculeReader::next_text_record(MoleculeRecord& record) {
  if (!next_line(line_)) return false;
  record.line = line_number_;
  record.error.reset();
  record.smiles.clear();
  record.label.clear();
  if (!csv_) {
    auto start = line_.find_first_not_of(" \t\r");
    if (start != std::string::npos) {
      auto end = line_.find_first_of(" \t\r", start);
      record.smiles = line_.substr(start, end == std::string::npos ? std::string::npos : end - start);
    }
    return true;
  }
  bool closed = split_csv_line(line_, fields_);
  if (!closed) {  // a quoted field may go on over the next lines
    std::vector<std::pair<long, std::string>> taken;
    std::string record_text = line_, more;
    while (!closed && taken.size() + 1 < kMaxLinesPerRecord && next_line(more)) {
      record_text += '\n';
      record_text += more;
      taken.emplace_back(line_number_, std::move(more));
      closed = split_csv_line(record_text, fields_);
    }
    if (!closed)  // not a long field but a stray quote: the lines after it are records again
      pushed_back_.insert(pushed_back_.begin(), std::make_move_iterator(taken.begin()),
                          std::make_move_iterator(taken.end()));
  }
  if (!closed) {
    record.error = "unterminated quoted field";
  } else if (const size_t needed = std::max(column_, label_column_.value_or(0)) + 1;
             fields_.size() < needed) {
    record.error = "only " + std::to_string(fields_.size()) + " fields, expected " + std::to_string(needed);
  } else {
    record.smiles = trim(fields_[column_]);
    if (label_column_) record.label = trim(fields_[*label_column_]);
  }
  return true;
}

bool MoleculeReader::next_batch(std::vector<MoleculeRecord>& batch, size_t count) {
  batch.clear();
  MoleculeRecord record;
  while (batch.size() < count && next(record)) batch.push_back(record);
  return !batch.empty();
}

}  // namespace sild::core
