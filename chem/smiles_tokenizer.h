// Atom-level SMILES tokenisation: bracket atoms, two-letter organic-subset elements, ring bonds
// (digits and %nn), bonds, branches, stereo marks and '.'. Lossless: detokenize(tokenize(s)) == s.
// It checks only the lexical level; whether the SMILES is a valid molecule is RDKit's job.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sild::chem {

/// Why a string could not be tokenised, and where (0-based byte offset).
struct TokenizeError {
  size_t position = 0;
  std::string reason;
};

/// Result of tokenising one SMILES: tokens, or the first lexical error.
struct TokenizeResult {
  std::vector<std::string> tokens;
  std::optional<TokenizeError> error;
  bool ok() const { return !error.has_value(); }
};

/// Splits a SMILES string into atom-level tokens. Each token is one of: a bracket atom
/// `[...]`, `Cl`, `Br`, an organic-subset atom (B C N O P S F I, aromatic b c n o p s), `*`,
/// a ring-bond digit or `%nn`, a bond (- = # $ : / \ ~), `(`, `)` or `.`.
/// Anything else (e.g. a space, an unclosed '[') is a TokenizeError, never an exception.
TokenizeResult tokenize_smiles(std::string_view smiles);

/// Concatenates tokens back into the string they came from.
std::string detokenize(const std::vector<std::string>& tokens);

}  // namespace sild::chem
