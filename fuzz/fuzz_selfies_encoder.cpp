// Fuzz target: encoding arbitrary bytes as SMILES either succeeds or throws the typed error;
// a successful encoding decodes again without error.
#include <string>

#include "chem/selfies.h"
#include "common/errors.h"
#include "fuzz/fuzz_entry.h"

SILD_FUZZ_ENTRY(selfies_encoder) {
  std::string input(reinterpret_cast<const char*>(data), size);
  try {
    std::string selfies = sild::chem::selfies_encode(input);
    sild::chem::selfies_decode(selfies);
  } catch (const sild::InputError&) {
  }
  return 0;
}
