// ChemNet's input alphabet (FCD, fcd_torch): 35 symbols, the two-letter ones (Br, Cl, Si) taken
// first, any other character mapped to X; the SMILES gets the end symbol '.' appended. Indices
// here are rows of the one-hot input models/metrics/chemnet.h builds.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace sild::chem {

/// The alphabet in index order: C N O H F Cl P B Br S I Si # ( ) + - 1 2 3 4 5 6 7 8 = [ ] @ c n o s X .
const std::vector<std::string>& chemnet_alphabet();

struct ChemNetTokens {
  std::vector<int> indices;  ///< at most max_length, end symbol included when it fits
  bool truncated = false;    ///< the SMILES plus '.' was longer than max_length
};

/// Tokenises `smiles` + "." for ChemNet. fcd_torch fails on molecules longer than 349 symbols;
/// sild truncates them to max_length and says so through `truncated`.
ChemNetTokens chemnet_tokens(const std::string& smiles, size_t max_length = 350);

}  // namespace sild::chem
