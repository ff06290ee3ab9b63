// Morgan fingerprints into packed words (see fingerprint.h).
#include "chem/fingerprint.h"

#include <DataStructs/ExplicitBitVect.h>
#include <GraphMol/Fingerprints/MorganFingerprints.h>
#include <GraphMol/ROMol.h>
#include <GraphMol/RWMol.h>

#include <memory>
#include <mutex>

#include "chem/mol_io.h"
#include "common/errors.h"
#include "common/parallel.h"

namespace sild::chem {

FingerprintMatrix::FingerprintMatrix(unsigned bits) : words_(bits / 64) {
  SILD_ASSERT(bits > 0 && bits % 64 == 0, "fingerprint width is a positive multiple of 64");
}

size_t FingerprintMatrix::add_row() {
  data_.resize(data_.size() + words_, 0);
  return rows() - 1;
}

std::vector<unsigned> FingerprintMatrix::on_bits(size_t index) const {
  std::vector<unsigned> bits;
  const uint64_t* words = row(index);
  for (size_t w = 0; w < words_; ++w) {
    for (uint64_t word = words[w]; word != 0; word &= word - 1) {
      bits.push_back(static_cast<unsigned>(w * 64 + static_cast<unsigned>(__builtin_ctzll(word))));
    }
  }
  return bits;
}

void morgan_fingerprint(const RDKit::ROMol& mol, FingerprintMatrix& matrix, size_t index,
                        const FingerprintOptions& options) {
  SILD_ASSERT(options.bits == matrix.bits(), "matrix width equals the fingerprint width");
  std::unique_ptr<ExplicitBitVect> bits(RDKit::MorganFingerprints::getFingerprintAsBitVect(
      mol, options.radius, options.bits, nullptr, nullptr, options.chirality));
  uint64_t* words = matrix.row(index);
  std::fill(words, words + matrix.words(), 0);
  for (unsigned bit = 0; bit < options.bits; ++bit) {
    if (bits->getBit(bit)) words[bit / 64] |= uint64_t{1} << (bit % 64);
  }
}

FingerprintMatrix morgan_fingerprints(const std::vector<std::string>& smiles,
                                      const FingerprintOptions& options, int threads,
                                      std::vector<size_t>* invalid) {
  FingerprintMatrix matrix(options.bits);
  for (size_t i = 0; i < smiles.size(); ++i) matrix.add_row();
  std::mutex invalid_mutex;
  parallel_for(smiles.size(), threads, [&](size_t i) {
    auto mol = mol_from_smiles(smiles[i]);
    if (mol) {
      morgan_fingerprint(*mol, matrix, i, options);
    } else if (invalid != nullptr) {
      std::lock_guard<std::mutex> lock(invalid_mutex);
      invalid->push_back(i);
    }
  });
  if (invalid != nullptr) std::sort(invalid->begin(), invalid->end());
  return matrix;
}

}  // namespace sild::chem
