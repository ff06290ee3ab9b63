// Fuzz target: decoding arbitrary bytes as SELFIES either succeeds or throws the typed error;
// a successful decode is re-encodable (it is a valid SMILES of the reference grammar).
#include <string>

#include "chem/selfies.h"
#include "common/errors.h"
#include "fuzz/fuzz_entry.h"

SILD_FUZZ_ENTRY(selfies_decoder) {
  std::string input(reinterpret_cast<const char*>(data), size);
  for (auto constraints :
       {sild::chem::SelfiesConstraints::kDefault, sild::chem::SelfiesConstraints::kOctetRule,
        sild::chem::SelfiesConstraints::kHypervalent}) {
    sild::chem::SelfiesOptions options;
    options.constraints = constraints;
    try {
      std::string smiles = sild::chem::selfies_decode(input, options);
      if (!smiles.empty()) sild::chem::selfies_encode(smiles, options);
    } catch (const sild::InputError&) {
    }
  }
  return 0;
}
