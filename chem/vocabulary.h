// Token vocabularies for SMILES or SELFIES sequences: built from a dataset, saved and loaded as
// a small versioned text file. It maps tokens to ids and back; it does not tokenise.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace sild::chem {

/// Which tokenizer produced the tokens; stored in the vocabulary file so a model cannot be
/// fed the wrong representation.
enum class Representation { kSmiles, kSelfies };

std::string to_string(Representation representation);
/// Parses "smiles" / "selfies"; throws sild::ConfigError otherwise.
Representation representation_from_string(const std::string& name);

struct VocabularyOptions {
  /// Tokens seen fewer times than this map to <unk>.
  int64_t min_count = 1;
  /// Keep at most this many regular tokens (most frequent first); 0 = no limit.
  int64_t max_size = 0;
};

/// An ordered token table. Ids 0..3 are always <pad>, <bos>, <eos>, <unk>; regular tokens
/// follow in order of decreasing frequency, ties broken by token text, so a vocabulary built
/// twice from the same data is identical.
class Vocabulary {
 public:
  static constexpr int64_t kPad = 0;
  static constexpr int64_t kBos = 1;
  static constexpr int64_t kEos = 2;
  static constexpr int64_t kUnk = 3;
  /// Version of the file format written by save().
  static constexpr int kFormatVersion = 1;

  /// Counts tokens over tokenised molecules and builds the table.
  static Vocabulary build(const std::vector<std::vector<std::string>>& sequences,
                          Representation representation, const VocabularyOptions& options = {});
  /// Reads a file written by save(); throws sild::InputError (file, line, hint) on anything else.
  static Vocabulary load(const std::string& path);
  /// Writes the vocabulary atomically (temp file + rename); throws sild::IoError on failure.
  void save(const std::string& path) const;

  int64_t size() const { return static_cast<int64_t>(tokens_.size()); }
  Representation representation() const { return representation_; }
  /// Id of a token, kUnk when unknown.
  int64_t id(const std::string& token) const;
  const std::string& token(int64_t id) const;
  bool contains(const std::string& token) const { return ids_.count(token) != 0; }

  /// BOS + ids + EOS, padded with PAD to `length`; returns false (leaving `out` unspecified)
  /// when the sequence does not fit.
  bool encode(const std::vector<std::string>& tokens, int64_t length, std::vector<int64_t>& out) const;
  /// Tokens up to the first EOS, skipping BOS/PAD; <unk> ids give "<unk>".
  std::vector<std::string> decode(const std::vector<int64_t>& ids) const;

  bool operator==(const Vocabulary& other) const {
    return representation_ == other.representation_ && tokens_ == other.tokens_;
  }

 private:
  Vocabulary(Representation representation, std::vector<std::string> tokens);

  Representation representation_;
  std::vector<std::string> tokens_;
  std::unordered_map<std::string, int64_t> ids_;
};

}  // namespace sild::chem
