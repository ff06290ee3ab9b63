// Molecule input for every command (see molecule_reader.h).
#include "src/molecule_reader.h"

#include <GraphMol/RWMol.h>

#include <algorithm>
#include <cctype>

#include "chem/mol_io.h"

namespace sild::core {
namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

bool is_csv_path(const std::string& path) {
  auto name = lower(path);
  return ends_with(name, ".csv") || ends_with(name, ".csv.gz");
}

bool is_sdf_path(const std::string& path) {
  auto name = lower(path);
  return ends_with(name, ".sdf") || ends_with(name, ".sdf.gz");
}

MoleculeReader::MoleculeReader(const MoleculeReaderOptions& options) : reader_(options.path) {
  sdf_ = is_sdf_path(options.path);
  csv_ = is_csv_path(options.path);
  if (!csv_) return;
  if (!reader_.next(line_)) {
    throw InputError(located(options.path, 1, "empty CSV file", "expected a header row"));
  }
  split_csv_line(line_, fields_);
  auto wanted = lower(options.smiles_column);
  auto it = std::find_if(fields_.begin(), fields_.end(),
                         [&](const std::string& field) { return lower(field) == wanted; });
  if (it == fields_.end()) {
    throw InputError(located(options.path, 1, "no column '" + options.smiles_column + "' in the header",
                             "choose the SMILES column with --smiles-column"));
  }
  column_ = static_cast<size_t>(it - fields_.begin());
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
    record.smiles = chem::mol_to_smiles(*mol);
  }
  return true;
}

bool MoleculeReader::next(MoleculeRecord& record) {
  if (sdf_) return next_sdf(record);
  if (!reader_.next(line_)) return false;
  record.line = reader_.line_number();
  record.error.reset();
  record.smiles.clear();
  if (!csv_) {
    auto start = line_.find_first_not_of(" \t");
    if (start != std::string::npos) {
      auto end = line_.find_first_of(" \t", start);
      record.smiles = line_.substr(start, end == std::string::npos ? std::string::npos : end - start);
    }
    return true;
  }
  if (!split_csv_line(line_, fields_)) {
    record.error = "unterminated quoted field";
  } else if (column_ >= fields_.size()) {
    record.error = "only " + std::to_string(fields_.size()) + " fields, SMILES column is " +
                   std::to_string(column_ + 1);
  } else {
    record.smiles = fields_[column_];
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
