// Reading, tokenising and encoding molecule files (see molecule_dataset.h).
#include "src/molecules/molecule_dataset.h"

#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include <algorithm>
#include <optional>

#include "chem/molecule_tokens.h"
#include "common/parallel.h"
#include "data/molecule_reader.h"
#include "src/util/interrupt.h"

namespace sild::core {
namespace {

constexpr size_t kBatch = 4096;

}  // namespace

TokenizedMolecules read_tokenized(const MoleculeDatasetOptions& options) {
  MoleculeReader reader({options.path, options.smiles_column});
  TokenizedMolecules out;
  std::vector<MoleculeRecord> batch;
  std::vector<std::optional<std::vector<std::string>>> tokens;
  std::vector<std::string> reasons;
  int64_t warnings = 0;
  auto warn = [&](long line, const std::string& why) {
    if (++warnings <= options.max_warnings) spdlog::warn("{}", located(options.path, line, why));
  };
  while (reader.next_batch(batch, kBatch)) {
    check_interrupted();
    if (options.limit > 0 && out.records + static_cast<int64_t>(batch.size()) > options.limit) {
      batch.resize(static_cast<size_t>(options.limit - out.records));
    }
    tokens.assign(batch.size(), std::nullopt);
    reasons.assign(batch.size(), {});
    parallel_for(batch.size(), options.threads, [&](size_t i) {
      if (batch[i].error || batch[i].smiles.empty()) return;
      tokens[i] = chem::molecule_to_tokens(batch[i].smiles, options.representation, &reasons[i]);
    });
    for (size_t i = 0; i < batch.size(); ++i) {
      ++out.records;
      if (batch[i].error) {
        ++out.skipped.broken;
        warn(batch[i].line, *batch[i].error);
      } else if (batch[i].smiles.empty()) {
        ++out.skipped.empty;
      } else if (!tokens[i]) {
        ++out.skipped.unrepresentable;
        warn(batch[i].line, "cannot represent '" + batch[i].smiles + "': " + reasons[i]);
      } else {
        out.smiles.push_back(batch[i].smiles);
        out.sequences.push_back(std::move(*tokens[i]));
      }
    }
    if (options.limit > 0 && out.records >= options.limit) break;
  }
  if (warnings > options.max_warnings)
    spdlog::warn("{} more skipped records not shown", warnings - options.max_warnings);
  return out;
}

std::string SkipCounts::describe() const {
  std::string out;
  auto add = [&out](int64_t count, const char* reason) {
    if (count == 0) return;
    out += (out.empty() ? "" : ", ") + std::to_string(count) + " " + reason;
  };
  add(empty, "empty");
  add(broken, "broken");
  add(unrepresentable, "unrepresentable");
  add(too_long, "too long");
  add(unknown_token, "with a token outside the vocabulary");
  return out.empty() ? "none" : out;
}

int64_t required_length(const std::vector<std::vector<std::string>>& sequences) {
  size_t longest = 0;
  for (const auto& sequence : sequences) longest = std::max(longest, sequence.size());
  return static_cast<int64_t>(longest) + 2;
}

models::TokenData encode_sequences(const std::vector<std::vector<std::string>>& sequences,
                                   const chem::Vocabulary& vocabulary, int64_t max_length,
                                   SkipCounts& skipped, std::vector<int64_t>* kept, UnknownTokens unknown) {
  std::vector<int64_t> flat;
  flat.reserve(sequences.size() * static_cast<size_t>(max_length));
  std::vector<int64_t> row;
  int64_t rows = 0;
  for (size_t i = 0; i < sequences.size(); ++i) {
    if (!vocabulary.encode(sequences[i], max_length, row)) {
      ++skipped.too_long;
      continue;
    }
    // encode spells a token outside the vocabulary <unk> (no data token is spelled that way).
    if (unknown == UnknownTokens::kSkip &&
        std::find(row.begin(), row.end(), chem::Vocabulary::kUnk) != row.end()) {
      ++skipped.unknown_token;
      continue;
    }
    flat.insert(flat.end(), row.begin(), row.end());
    if (kept != nullptr) kept->push_back(static_cast<int64_t>(i));
    ++rows;
  }
  auto tokens = torch::from_blob(flat.data(), {rows, max_length}, torch::kLong).clone();
  return {tokens, tokens.eq(chem::Vocabulary::kPad)};
}

std::vector<std::vector<std::string>> decode_ids(const at::Tensor& ids, const chem::Vocabulary& vocabulary) {
  auto cpu = ids.to(torch::kCPU).contiguous();
  std::vector<std::vector<std::string>> out;
  out.reserve(static_cast<size_t>(cpu.size(0)));
  const int64_t* data = cpu.data_ptr<int64_t>();
  for (int64_t r = 0; r < cpu.size(0); ++r) {
    out.push_back(
        vocabulary.decode(std::vector<int64_t>(data + r * cpu.size(1), data + (r + 1) * cpu.size(1))));
  }
  return out;
}

}  // namespace sild::core
