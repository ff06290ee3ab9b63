// Vocabulary building, lookup and the versioned text file format:
//   sild-vocabulary <version>
//   representation <smiles|selfies>
//   size <n>
//   <one token per line, id = line order, starting with the four special tokens>
#include "chem/vocabulary.h"

#include <algorithm>
#include <map>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/text_io.h"

namespace sild::chem {
namespace {

const std::vector<std::string>& special_tokens() {
  static const std::vector<std::string> kSpecials = {"<pad>", "<bos>", "<eos>", "<unk>"};
  return kSpecials;
}

constexpr const char* kMagic = "sild-vocabulary";

}  // namespace

std::string to_string(Representation representation) {
  return representation == Representation::kSmiles ? "smiles" : "selfies";
}

Representation representation_from_string(const std::string& name) {
  if (name == "smiles") return Representation::kSmiles;
  if (name == "selfies") return Representation::kSelfies;
  throw ConfigError("unknown representation '" + name + "' (expected smiles or selfies)");
}

Vocabulary::Vocabulary(Representation representation, std::vector<std::string> tokens)
    : representation_(representation), tokens_(std::move(tokens)) {
  for (size_t i = 0; i < tokens_.size(); ++i) ids_.emplace(tokens_[i], static_cast<int64_t>(i));
}

Vocabulary Vocabulary::build(const std::vector<std::vector<std::string>>& sequences,
                             Representation representation, const VocabularyOptions& options) {
  std::map<std::string, int64_t> counts;
  for (const auto& sequence : sequences) {
    for (const auto& token : sequence) ++counts[token];
  }
  std::vector<std::pair<std::string, int64_t>> ranked;
  for (const auto& [token, count] : counts) {
    SILD_ASSERT(token.find_first_of("\n\r") == std::string::npos, "tokens never contain newlines");
    bool special =
        std::find(special_tokens().begin(), special_tokens().end(), token) != special_tokens().end();
    if (!special && count >= options.min_count) ranked.emplace_back(token, count);
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (options.max_size > 0 && static_cast<int64_t>(ranked.size()) > options.max_size) {
    ranked.resize(static_cast<size_t>(options.max_size));
  }
  std::vector<std::string> tokens = special_tokens();
  for (const auto& entry : ranked) tokens.push_back(entry.first);
  return Vocabulary(representation, std::move(tokens));
}

Vocabulary Vocabulary::load(const std::string& path) {
  LineReader reader(path);
  std::string line;
  auto fail = [&](const std::string& message) -> InputError {
    return InputError(located(path, reader.line_number(), message,
                              "vocabulary files are written by sild; was this file edited or truncated?"));
  };
  if (!reader.next(line) || line.rfind(kMagic, 0) != 0) throw fail("not a sild vocabulary file");
  int version = 0;
  try {
    version = std::stoi(line.substr(std::string(kMagic).size()));
  } catch (const std::exception&) {
    throw fail("missing format version");
  }
  if (version != kFormatVersion) {
    throw fail("unsupported vocabulary format version " + std::to_string(version) +
               " (this sild reads version " + std::to_string(kFormatVersion) + ")");
  }
  if (!reader.next(line) || line.rfind("representation ", 0) != 0)
    throw fail("expected 'representation <name>'");
  Representation representation;
  try {
    representation = representation_from_string(line.substr(15));
  } catch (const ConfigError& error) {
    throw fail(error.what());
  }
  if (!reader.next(line) || line.rfind("size ", 0) != 0) throw fail("expected 'size <n>'");
  int64_t size = 0;
  try {
    size = std::stoll(line.substr(5));
  } catch (const std::exception&) {
    throw fail("bad size");
  }
  if (size < static_cast<int64_t>(special_tokens().size()))
    throw fail("size smaller than the special tokens");
  std::vector<std::string> tokens;
  while (reader.next(line)) {
    if (static_cast<int64_t>(tokens.size()) == size) throw fail("more tokens than the stated size");
    tokens.push_back(line);
  }
  if (static_cast<int64_t>(tokens.size()) != size) {
    throw fail("file ends after " + std::to_string(tokens.size()) + " of " + std::to_string(size) +
               " tokens");
  }
  if (!std::equal(special_tokens().begin(), special_tokens().end(), tokens.begin())) {
    throw fail("the first tokens must be <pad> <bos> <eos> <unk>");
  }
  Vocabulary vocabulary(representation, std::move(tokens));
  if (vocabulary.ids_.size() != vocabulary.tokens_.size()) throw fail("duplicate token");
  return vocabulary;
}

void Vocabulary::save(const std::string& path) const {
  AtomicFile file(path);
  auto& out = file.stream();
  out << kMagic << ' ' << kFormatVersion << '\n'
      << "representation " << to_string(representation_) << '\n'
      << "size " << tokens_.size() << '\n';
  for (const auto& token : tokens_) out << token << '\n';
  file.commit();
}

int64_t Vocabulary::id(const std::string& token) const {
  auto it = ids_.find(token);
  return it == ids_.end() ? kUnk : it->second;
}

const std::string& Vocabulary::token(int64_t id) const {
  SILD_ASSERT(id >= 0 && id < size(), "token id within the vocabulary");
  return tokens_[static_cast<size_t>(id)];
}

bool Vocabulary::encode(const std::vector<std::string>& tokens, int64_t length,
                        std::vector<int64_t>& out) const {
  if (static_cast<int64_t>(tokens.size()) + 2 > length) return false;
  out.assign(static_cast<size_t>(length), kPad);
  out[0] = kBos;
  for (size_t i = 0; i < tokens.size(); ++i) out[i + 1] = id(tokens[i]);
  out[tokens.size() + 1] = kEos;
  return true;
}

std::vector<std::string> Vocabulary::decode(const std::vector<int64_t>& ids) const {
  std::vector<std::string> tokens;
  for (int64_t id : ids) {
    if (id == kEos) break;
    if (id == kBos || id == kPad) continue;
    tokens.push_back(id >= 0 && id < size() ? tokens_[static_cast<size_t>(id)] : "<unk>");
  }
  return tokens;
}

}  // namespace sild::chem
