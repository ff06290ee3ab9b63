// Hand-written scanner for the atom-level SMILES grammar (faster than std::regex and with
// precise error positions). See smiles_tokenizer.h.
#include "chem/smiles_tokenizer.h"

#include <cctype>
#include <cstring>

namespace sild::chem {
namespace {

bool is_single_char_token(char c) {
  static constexpr const char* kSingles = "BCNOPSFIbcnops*-=#$:/\\~().";
  return c != '\0' && std::strchr(kSingles, c) != nullptr;
}

}  // namespace

TokenizeResult tokenize_smiles(std::string_view smiles) {
  TokenizeResult result;
  size_t i = 0;
  const size_t n = smiles.size();
  while (i < n) {
    const char c = smiles[i];
    if (c == '[') {
      size_t close = smiles.find(']', i + 1);
      size_t nested = smiles.find('[', i + 1);
      if (close == std::string_view::npos || (nested != std::string_view::npos && nested < close)) {
        result.error = TokenizeError{i, "unclosed bracket atom"};
        return result;
      }
      if (close == i + 1) {
        result.error = TokenizeError{i, "empty bracket atom '[]'"};
        return result;
      }
      result.tokens.emplace_back(smiles.substr(i, close - i + 1));
      i = close + 1;
    } else if ((c == 'C' && i + 1 < n && smiles[i + 1] == 'l') ||
               (c == 'B' && i + 1 < n && smiles[i + 1] == 'r')) {
      result.tokens.emplace_back(smiles.substr(i, 2));
      i += 2;
    } else if (c == '%') {
      if (i + 2 < n && std::isdigit(static_cast<unsigned char>(smiles[i + 1])) &&
          std::isdigit(static_cast<unsigned char>(smiles[i + 2]))) {
        result.tokens.emplace_back(smiles.substr(i, 3));
        i += 3;
      } else {
        result.error = TokenizeError{i, "'%' must be followed by two digits"};
        return result;
      }
    } else if (std::isdigit(static_cast<unsigned char>(c)) || is_single_char_token(c)) {
      result.tokens.emplace_back(1, c);
      ++i;
    } else {
      result.error = TokenizeError{i, std::string("unexpected character '") + c + "'"};
      return result;
    }
  }
  return result;
}

std::string detokenize(const std::vector<std::string>& tokens) {
  size_t total = 0;
  for (const auto& token : tokens) total += token.size();
  std::string out;
  out.reserve(total);
  for (const auto& token : tokens) out += token;
  return out;
}

}  // namespace sild::chem
