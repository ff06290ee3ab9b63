// ChemNet tokenisation (see chemnet_tokens.h).
#include "chem/chemnet_tokens.h"

namespace sild::chem {
namespace {

constexpr int kUnknown = 33;  // X

int single_symbol(char c) {
  switch (c) {
    case 'C':
      return 0;
    case 'N':
      return 1;
    case 'O':
      return 2;
    case 'H':
      return 3;
    case 'F':
      return 4;
    case 'P':
      return 6;
    case 'B':
      return 7;
    case 'S':
      return 9;
    case 'I':
      return 10;
    case '#':
      return 12;
    case '(':
      return 13;
    case ')':
      return 14;
    case '+':
      return 15;
    case '-':
      return 16;
    case '=':
      return 25;
    case '[':
      return 26;
    case ']':
      return 27;
    case '@':
      return 28;
    case 'c':
      return 29;
    case 'n':
      return 30;
    case 'o':
      return 31;
    case 's':
      return 32;
    case 'X':
      return 33;
    case '.':
      return 34;
    default:
      if (c >= '1' && c <= '8') return 17 + (c - '1');
      return kUnknown;
  }
}

}  // namespace

const std::vector<std::string>& chemnet_alphabet() {
  static const std::vector<std::string> kAlphabet = {
      "C", "N", "O", "H", "F", "Cl", "P", "B", "Br", "S", "I", "Si", "#", "(", ")", "+", "-", "1",
      "2", "3", "4", "5", "6", "7",  "8", "=", "[",  "]", "@", "c",  "n", "o", "s", "X", "."};
  return kAlphabet;
}

ChemNetTokens chemnet_tokens(const std::string& smiles, size_t max_length) {
  const std::string text = smiles + ".";
  ChemNetTokens tokens;
  for (size_t i = 0; i < text.size();) {
    int index;
    if (i + 1 < text.size() && text.compare(i, 2, "Br") == 0) {
      index = 8;
      i += 2;
    } else if (i + 1 < text.size() && text.compare(i, 2, "Cl") == 0) {
      index = 5;
      i += 2;
    } else if (i + 1 < text.size() && text.compare(i, 2, "Si") == 0) {
      index = 11;
      i += 2;
    } else {
      // Python's regex "." fallback takes one code point; a UTF-8 multi-byte character is one X.
      const unsigned char c = static_cast<unsigned char>(text[i]);
      index = single_symbol(text[i]);
      size_t width = 1;
      if (c >= 0xF0)
        width = 4;
      else if (c >= 0xE0)
        width = 3;
      else if (c >= 0xC0)
        width = 2;
      i += std::min(width, text.size() - i);
    }
    if (tokens.indices.size() == max_length) {
      tokens.truncated = true;
      break;
    }
    tokens.indices.push_back(index);
  }
  return tokens;
}

}  // namespace sild::chem
