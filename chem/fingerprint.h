// Morgan (ECFP-like) bit fingerprints packed into 64-bit words, as MOSES computes them
// (RDKit GetMorganFingerprintAsBitVect, radius 2, 1024 bits, no chirality), stored as a
// contiguous row-major matrix for the bulk similarity kernels. It computes nothing else.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace RDKit {
class ROMol;
}  // namespace RDKit

namespace sild::chem {

struct FingerprintOptions {
  unsigned radius = 2;
  unsigned bits = 1024;  ///< a multiple of 64
  bool chirality = false;
};

/// n fingerprints of `words` 64-bit words each, row-major.
class FingerprintMatrix {
 public:
  explicit FingerprintMatrix(unsigned bits = 1024);
  size_t rows() const { return words_ == 0 ? 0 : data_.size() / words_; }
  size_t words() const { return words_; }
  unsigned bits() const { return static_cast<unsigned>(words_ * 64); }
  const uint64_t* row(size_t index) const { return data_.data() + index * words_; }
  uint64_t* row(size_t index) { return data_.data() + index * words_; }
  /// Appends an all-zero row and returns its index.
  size_t add_row();
  /// On-bit indices of a row, ascending.
  std::vector<unsigned> on_bits(size_t index) const;

 private:
  size_t words_;
  std::vector<uint64_t> data_;
};

/// Sets row `index` of `matrix` to the Morgan fingerprint of `mol`.
void morgan_fingerprint(const RDKit::ROMol& mol, FingerprintMatrix& matrix, size_t index,
                        const FingerprintOptions& options = {});

/// Fingerprints of SMILES strings (parallel); rows of unparsable SMILES stay all-zero and their
/// indices are returned in `invalid` when given.
FingerprintMatrix morgan_fingerprints(const std::vector<std::string>& smiles,
                                      const FingerprintOptions& options = {}, int threads = 0,
                                      std::vector<size_t>* invalid = nullptr);

}  // namespace sild::chem
