// Benchmark inputs: SMILES columns of ../shared/data sets (skipped with a message when absent)
// and the NCI set from Debian's rdkit-data.
#pragma once

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "data/molecule_reader.h"

namespace sild::bench {

inline constexpr const char* kNciPath = "/usr/share/RDKit/Data/NCI/first_5K.smi";

/// SMILES of a data set; `name` is a file in ../shared/data (CSV) or an absolute .smi path.
/// Returns an empty vector (after a note on stderr) when the file is absent.
inline std::vector<std::string> load_smiles(const std::string& name, size_t limit = 0) {
  std::string path = name.front() == '/' ? name : std::string(SILD_SHARED_DATA_DIR) + "/" + name;
  if (!std::filesystem::exists(path)) {
    std::fprintf(stderr, "skipping %s: not found\n", path.c_str());
    return {};
  }
  core::MoleculeReader reader({path, "smiles"});
  core::MoleculeRecord record;
  std::vector<std::string> smiles;
  while (reader.next(record) && (limit == 0 || smiles.size() < limit)) {
    if (!record.error && !record.smiles.empty()) smiles.push_back(record.smiles);
  }
  return smiles;
}

}  // namespace sild::bench
