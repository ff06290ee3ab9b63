// SELFIES v2 (Krenn et al. 2020) with the semantics of the reference `selfies` 2.2 library:
// our own encoder (SMILES -> SELFIES, through the library's own SMILES reading and
// kekulisation), decoder (SELFIES -> SMILES, with bond orders clipped to the bonding
// capacities and ring bonds formed after the main chain) and the semantic-robust alphabet.
// The constraint preset is an option, never global state. RDKit is not used here.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "common/errors.h"

namespace sild::chem {

/// The reference library's three preset bonding-capacity tables.
enum class SelfiesConstraints { kDefault, kOctetRule, kHypervalent };

struct SelfiesOptions {
  SelfiesConstraints constraints = SelfiesConstraints::kDefault;
  /// Encoder: reject molecules whose atoms exceed their bonding capacity (the reference's
  /// strict=True); such molecules would not survive a decode.
  bool strict = true;
};

/// Invalid SMILES given to the encoder (parse error, kekulisation failure, constraint violation).
class SelfiesEncodeError : public InputError {
 public:
  using InputError::InputError;
};

/// Malformed SELFIES given to the decoder (unknown symbol, hanging '[').
class SelfiesDecodeError : public InputError {
 public:
  using InputError::InputError;
};

/// SMILES -> SELFIES; throws SelfiesEncodeError.
std::string selfies_encode(const std::string& smiles, const SelfiesOptions& options = {});

/// SELFIES -> SMILES; every sequence of alphabet symbols decodes (possibly to ""); throws
/// SelfiesDecodeError for symbols outside the grammar.
std::string selfies_decode(const std::string& selfies, const SelfiesOptions& options = {});

/// The symbols of a SELFIES string ("." is its own symbol); throws SelfiesDecodeError for a
/// hanging '['.
std::vector<std::string> split_selfies(const std::string& selfies);

/// Number of symbols (the reference's len_selfies).
size_t selfies_length(const std::string& selfies);

/// Symbols the decoder constrains under `options` (reference get_semantic_robust_alphabet).
std::set<std::string> semantic_robust_alphabet(const SelfiesOptions& options = {});

/// Bonding capacity of an element with a charge under `options` ('?' entry for the rest).
int selfies_bonding_capacity(const std::string& element, long long charge,
                             const SelfiesOptions& options = {});

}  // namespace sild::chem
