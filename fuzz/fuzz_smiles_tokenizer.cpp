// Fuzz target: the SMILES tokenizer must never crash, and whatever it accepts must round-trip.
#include <cstdlib>
#include <string>

#include "chem/smiles_tokenizer.h"
#include "fuzz/fuzz_entry.h"

SILD_FUZZ_ENTRY(smiles_tokenizer) {
  std::string input(reinterpret_cast<const char*>(data), size);
  auto result = sild::chem::tokenize_smiles(input);
  if (result.ok() && sild::chem::detokenize(result.tokens) != input) std::abort();
  if (!result.ok() && result.error->position >= input.size()) std::abort();
  return 0;
}
