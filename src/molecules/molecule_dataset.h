// Molecule files to model inputs: read SMILES (via MoleculeReader), turn them into token
// sequences of the chosen representation (in parallel), and encode them with a vocabulary into
// padded id tensors. Every skipped record is counted by reason and the first few are logged
// with their line.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "chem/vocabulary.h"
#include "models/training.h"

namespace sild::core {

struct MoleculeDatasetOptions {
  std::string path;
  std::string smiles_column = "smiles";
  chem::Representation representation = chem::Representation::kSelfies;
  int64_t limit = 0;  ///< read at most this many records; 0 = all
  int threads = 0;
  int64_t max_warnings = 10;
};

struct SkipCounts {
  int64_t empty = 0;            ///< empty lines
  int64_t broken = 0;           ///< broken CSV records
  int64_t unrepresentable = 0;  ///< tokenizer/encoder rejected the SMILES
  int64_t too_long = 0;         ///< longer than the model's max length (set by encode_sequences)
  int64_t unknown_token = 0;    ///< a token the vocabulary lacks (encode_sequences with kSkip)
  int64_t total() const { return empty + broken + unrepresentable + too_long + unknown_token; }
  /// "3 too long, 1 unknown token" (the non-zero reasons), or "none".
  std::string describe() const;
};

struct TokenizedMolecules {
  std::vector<std::string> smiles;                  ///< input SMILES of the kept records
  std::vector<std::vector<std::string>> sequences;  ///< their tokens
  SkipCounts skipped;
  int64_t records = 0;  ///< records read
};

/// Reads and tokenises a molecule file; throws IoError/InputError only for file-level problems.
TokenizedMolecules read_tokenized(const MoleculeDatasetOptions& options);

/// Longest sequence + BOS + EOS.
int64_t required_length(const std::vector<std::vector<std::string>>& sequences);

/// What encode_sequences does with a token the vocabulary lacks: encode it as <unk> (a model's
/// own validation data), or drop the molecule and count it (fine-tuning on a model's vocabulary,
/// where a molecule must never be silently changed).
enum class UnknownTokens { kAsUnk, kSkip };

/// Encodes sequences into [N, L] ids and padding; sequences that do not fit are dropped and
/// counted in `skipped.too_long`; `kept` (optional) receives the indices that were encoded.
models::TokenData encode_sequences(const std::vector<std::vector<std::string>>& sequences,
                                   const chem::Vocabulary& vocabulary, int64_t max_length,
                                   SkipCounts& skipped, std::vector<int64_t>* kept = nullptr,
                                   UnknownTokens unknown = UnknownTokens::kAsUnk);

/// Token ids [N, L] back to token strings per row (up to EOS).
std::vector<std::vector<std::string>> decode_ids(const at::Tensor& ids, const chem::Vocabulary& vocabulary);

}  // namespace sild::core
