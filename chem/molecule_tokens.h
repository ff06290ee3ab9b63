// One switch between the two sequence representations a model can use: a SMILES string to
// tokens (the SMILES tokenizer, or SELFIES encoding and symbol splitting) and tokens back to a
// SMILES string (concatenation, or SELFIES decoding). Failures are values, not exceptions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "chem/selfies.h"
#include "chem/vocabulary.h"

namespace sild::chem {

/// Tokens of `smiles` in `representation`; nullopt with `reason` set when it cannot be
/// represented (a lexical SMILES error, or a molecule the SELFIES encoder rejects).
std::optional<std::vector<std::string>> molecule_to_tokens(const std::string& smiles,
                                                           Representation representation,
                                                           std::string* reason = nullptr,
                                                           const SelfiesOptions& selfies = {});

/// The SMILES string that `tokens` stand for (SELFIES are decoded; since every SELFIES symbol
/// sequence decodes, only unknown symbols or an empty result fail). Not canonicalised.
std::optional<std::string> tokens_to_smiles(const std::vector<std::string>& tokens,
                                            Representation representation,
                                            const SelfiesOptions& selfies = {});

}  // namespace sild::chem
