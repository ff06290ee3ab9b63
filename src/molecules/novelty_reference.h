// The molecules a library must be new against (`sild generate --novel`, the Novelty metric's
// reference), held as the 64-bit FNV-1a hashes of their canonical SMILES. A model directory can
// carry it as `novelty.bin` (written by `sild export`), so that a shipped model checks novelty
// against its training set without shipping the training molecules themselves. Two different
// molecules share a hash with probability about n / 2^64 per query (1e-14 for ZINC250k).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sild::core {

class NoveltyReference {
 public:
  /// Canonicalises every molecule of a .smi/.csv(.gz) file (unparsable ones are left out). Throws
  /// IoError when the file cannot be read, InputError when it holds no valid molecule.
  static NoveltyReference from_molecules(const std::string& path, const std::string& smiles_column = "smiles",
                                         int threads = 0);
  /// Reads a file written by save(); throws InputError naming the file for anything else.
  static NoveltyReference load(const std::string& path);
  /// load() for a file that starts like one written by save(), from_molecules() otherwise: what
  /// `--train` names (a molecule file, or a shipped model's novelty.bin).
  static NoveltyReference open(const std::string& path, const std::string& smiles_column = "smiles",
                               int threads = 0);
  /// Writes the hashes atomically: "SILDNOV1", the count and the sorted hashes (little-endian).
  void save(const std::string& path) const;

  /// True when `canonical` (RDKit canonical SMILES) is one of the reference molecules.
  bool contains(const std::string& canonical) const;
  int64_t size() const { return static_cast<int64_t>(hashes_.size()); }

 private:
  std::vector<uint64_t> hashes_;  ///< sorted, unique
};

}  // namespace sild::core
