// Latent vectors as CSV: the table `sild encode` and `sild sample --latents` write (line, smiles,
// z0 .. z{k-1}), and read back, edited or made by hand, for `sild decode`. Knows no model: the
// width is checked by MoleculeModel::decode.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sild::core {

struct LatentTable {
  int64_t width = 0;             ///< k: the columns z0 .. z{k-1}
  std::vector<float> values;     ///< row-major, rows() x width
  std::vector<long> lines;       ///< the file line of each row
  std::vector<std::string> ids;  ///< the row's `smiles` (or `id`) field, empty when there is none
  int64_t skipped = 0;           ///< records with an empty latent (encode's unrepresentable rows)
  int64_t rows() const { return static_cast<int64_t>(lines.size()); }
};

/// Reads every record with all of z0 .. z{k-1} (the header names them; other columns are kept
/// only as `ids`). A record whose latent fields are all empty is skipped and counted; a field
/// that is not a finite number, a missing field or a header without z0 throws InputError naming
/// the file and line. Throws IoError when the file cannot be read.
LatentTable read_latent_table(const std::string& path);

/// Writes `lines.size()` rows of `width` values (row-major) atomically as line,smiles,z0..; a row
/// whose first value is NaN (a molecule that could not be encoded) gets empty latent fields.
/// Returns the rows written with a latent.
int64_t write_latent_table(const std::string& path, const std::vector<long>& lines,
                           const std::vector<std::string>& smiles, const float* values, int64_t width);

}  // namespace sild::core
