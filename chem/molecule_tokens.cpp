// Representation switch (see molecule_tokens.h).
#include "chem/molecule_tokens.h"

#include "chem/smiles_tokenizer.h"
#include "common/errors.h"

namespace sild::chem {

std::optional<std::vector<std::string>> molecule_to_tokens(const std::string& smiles,
                                                           Representation representation, std::string* reason,
                                                           const SelfiesOptions& selfies) {
  if (representation == Representation::kSmiles) {
    auto result = tokenize_smiles(smiles);
    if (!result.ok()) {
      if (reason != nullptr)
        *reason = result.error->reason + " at position " + std::to_string(result.error->position);
      return std::nullopt;
    }
    return std::move(result.tokens);
  }
  try {
    return split_selfies(selfies_encode(smiles, selfies));
  } catch (const InputError& error) {
    if (reason != nullptr) *reason = error.what();
    return std::nullopt;
  }
}

std::optional<std::string> tokens_to_smiles(const std::vector<std::string>& tokens,
                                            Representation representation, const SelfiesOptions& selfies) {
  std::string joined = detokenize(tokens);
  if (representation == Representation::kSmiles) {
    if (joined.empty()) return std::nullopt;
    return joined;
  }
  try {
    std::string smiles = selfies_decode(joined, selfies);
    if (smiles.empty()) return std::nullopt;
    return smiles;
  } catch (const InputError&) {
    return std::nullopt;
  }
}

}  // namespace sild::chem
