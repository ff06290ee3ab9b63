// Streaming dataset preparation (see dataset_prepare.h). Pass 1 reads, canonicalises (in
// parallel batches), de-duplicates by a 64-bit hash and writes "canonical<TAB>split<TAB>scaffold"
// to a temp file while counting scaffolds (split is the column's for --split column); the
// held-out scaffolds are then chosen; pass 2 routes each molecule. Every choice is a hash of
// (seed, text), so the split does not depend on threads.
#include "data/dataset_prepare.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "chem/fragments.h"
#include "chem/mol_io.h"
#include "chem/moses_filters.h"
#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/json.h"
#include "common/new_directory.h"
#include "common/parallel.h"
#include "common/text_io.h"
#include "data/molecule_reader.h"

namespace sild::core {
namespace {

constexpr size_t kBatch = 8192;

uint64_t hash_text(const std::string& text, uint64_t seed) {
  uint64_t hash = 0xcbf29ce484222325ULL ^ (seed * 0x9e3779b97f4a7c15ULL);
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  hash ^= hash >> 33;  // finalise so that similar strings spread over [0, 2^64)
  hash *= 0xff51afd7ed558ccdULL;
  hash ^= hash >> 33;
  return hash;
}

double unit(uint64_t hash) { return static_cast<double>(hash >> 11) * (1.0 / 9007199254740992.0); }

/// The split files, indexed by the code the staging file gives each molecule.
enum Split { kTrain, kValid, kTest, kTestScaffolds, kSplits };
const char* const kSplitNames[kSplits] = {"train", "valid", "test", "test_scaffolds"};

/// A split's name (any case) as a Split; kSplits when it names none.
Split split_from_name(const std::string& name) {
  const std::string lowered = to_lower(name);
  for (int i = 0; i < kSplits; ++i)
    if (lowered == kSplitNames[i]) return static_cast<Split>(i);
  return kSplits;
}

struct Analysed {
  std::optional<std::string> canonical;
  std::string scaffold;
  bool passes = true;
};

}  // namespace

SplitKind split_kind_from_string(const std::string& name) {
  if (name == "random") return SplitKind::kRandom;
  if (name == "scaffold") return SplitKind::kScaffold;
  if (name == "column") return SplitKind::kColumn;
  if (name == "files") return SplitKind::kFiles;
  throw ConfigError("--split must be random, scaffold, column or files, not '" + name + "'");
}

std::string to_string(SplitKind kind) {
  switch (kind) {
    case SplitKind::kRandom:
      return "random";
    case SplitKind::kScaffold:
      return "scaffold";
    case SplitKind::kColumn:
      return "column";
    case SplitKind::kFiles:
      return "files";
  }
  return "?";
}

bool is_split_name(const std::string& name) { return split_from_name(name) != kSplits; }

std::string PrepareReport::counts_json() const {
  return JsonObject()
      .add("lines", lines)
      .add("kept", kept)
      .add("empty", empty)
      .add("broken", broken)
      .add("unparsable", unparsable)
      .add("duplicate", duplicate)
      .add("filtered", filtered)
      .add("bad_split", bad_split)
      .add("train", train)
      .add("valid", valid)
      .add("test", test)
      .add("test_scaffolds", test_scaffolds)
      .add("scaffolds", scaffolds)
      .str();
}

PrepareReport prepare_dataset(const PrepareOptions& options) {
  if (options.name.empty() || options.name.find('/') != std::string::npos) {
    throw ConfigError("--name must be a plain directory name");
  }
  if (!(options.test_fraction >= 0 && options.test_fraction < 1) ||
      !(options.scaffold_fraction >= 0 && options.scaffold_fraction < 1)) {
    throw ConfigError("--test-fraction and --scaffold-fraction must be in [0, 1)");
  }
  std::vector<PrepareInput> inputs = options.inputs;
  if (inputs.empty()) inputs.push_back({options.input, ""});
  for (const auto& input : inputs) {
    if (input.path.empty()) throw ConfigError("no input file given");
    if ((options.split == SplitKind::kFiles) != !input.split.empty()) {
      throw ConfigError(options.split == SplitKind::kFiles
                            ? input.path + ": --split files needs a split for every file"
                            : input.path + ": a file's own split needs --split files");
    }
    if (!input.split.empty() && !is_split_name(input.split)) {
      throw ConfigError(input.path + ": '" + input.split + "' is not train, valid, test or test_scaffolds");
    }
  }
  const std::filesystem::path directory = std::filesystem::path(options.datasets_dir) / options.name;
  // A failed or interrupted first preparation leaves no directory behind (an empty one would look
  // like a dataset); an existing one keeps its files until the new ones are committed.
  NewDirectory directory_guard(directory);  // removed again if preparing fails
  PrepareReport report;
  report.directory = directory.string();
  std::optional<chem::MosesFilters> filters;
  if (options.moses_filters) filters.emplace();

  // ---- pass 1: canonicalise, de-duplicate, remember scaffolds
  const std::string staging = (directory / ".molecules.tmp").string();
  struct RemoveOnExit {
    std::string path;
    ~RemoveOnExit() {
      std::error_code ignored;
      std::filesystem::remove(path, ignored);
    }
  } staging_guard{staging};
  std::unordered_map<std::string, int64_t> scaffold_counts;
  {
    std::ofstream out(staging, std::ios::trunc);
    if (!out) throw IoError(located(staging, 0, "cannot create temporary file"));
    const bool by_column = options.split == SplitKind::kColumn;
    std::unordered_set<uint64_t> seen;
    std::vector<MoleculeRecord> batch;
    std::vector<Analysed> analysed;
    int64_t warnings = 0;
    for (const auto& input : inputs) {
      auto warn = [&](long line, const std::string& message) {
        if (++warnings <= options.max_warnings && options.warn)
          options.warn(located(input.path, line, message));
      };
      const Split file_split = input.split.empty() ? kTrain : split_from_name(input.split);
      MoleculeReader reader({input.path, options.smiles_column, by_column ? options.split_column : ""});
      while (reader.next_batch(batch, kBatch)) {
        if (options.should_stop && options.should_stop()) throw Interrupted();
        analysed.assign(batch.size(), {});
        parallel_for(batch.size(), options.threads, [&](size_t i) {
          if (batch[i].error || batch[i].smiles.empty()) return;
          auto mol = chem::mol_from_smiles(batch[i].smiles);
          if (!mol) return;
          analysed[i].canonical = chem::mol_to_smiles(chem::read_only(mol));
          analysed[i].scaffold = chem::murcko_scaffold(chem::read_only(mol), 0).value_or("");
          if (filters) analysed[i].passes = filters->passes(chem::read_only(mol));
        });
        for (size_t i = 0; i < batch.size(); ++i) {
          ++report.lines;
          const auto& record = batch[i];
          const Split split = by_column ? split_from_name(record.label) : file_split;
          if (record.error) {
            ++report.broken;
            warn(record.line, *record.error);
          } else if (record.smiles.empty()) {
            ++report.empty;
          } else if (!analysed[i].canonical) {
            ++report.unparsable;
            warn(record.line, "unparsable SMILES '" + printable(record.smiles) + "'");
          } else if (split == kSplits) {  // before de-duplication, so a later good record of it still counts
            ++report.bad_split;
            warn(record.line, "split '" + record.label + "' is not train, valid, test or test_scaffolds");
          } else if (!seen.insert(hash_text(*analysed[i].canonical, 0)).second) {
            ++report.duplicate;
          } else if (!analysed[i].passes) {
            ++report.filtered;
          } else {
            ++report.kept;
            ++scaffold_counts[analysed[i].scaffold];
            out << *analysed[i].canonical << '\t' << static_cast<int>(split) << '\t' << analysed[i].scaffold
                << '\n';
          }
        }
        if (options.progress) options.progress(report.lines);
      }
    }
    if (warnings > options.max_warnings && options.warn) {
      options.warn(fmt::format("{} more skipped lines not shown", warnings - options.max_warnings));
    }
    out.flush();
    if (!out) throw IoError(located(staging, 0, "write failed", "the disk may be full"));
  }
  report.scaffolds = static_cast<int64_t>(scaffold_counts.size());
  if (report.kept == 0) {
    throw InputError(
        located(inputs.front().path, 0,
                fmt::format("no usable molecule: {} records read ({} empty, {} broken, {} unparsable, "
                            "{} with an unknown split, {} duplicates, {} filtered out)",
                            report.lines, report.empty, report.broken, report.unparsable, report.bad_split,
                            report.duplicate, report.filtered),
                "check the file and --smiles-column; nothing was registered"));
  }

  // ---- choose held-out scaffolds: in seeded hash order until the target share is reached
  std::unordered_set<std::string> held_out;
  if (options.split == SplitKind::kScaffold) {
    std::vector<std::pair<uint64_t, std::string>> order;
    for (const auto& [scaffold, count] : scaffold_counts) {
      if (!scaffold.empty()) order.emplace_back(hash_text(scaffold, options.seed), scaffold);
    }
    std::sort(order.begin(), order.end());
    const double target = options.scaffold_fraction * static_cast<double>(report.kept);
    double taken = 0;
    for (const auto& [hash, scaffold] : order) {
      if (taken >= target) break;
      held_out.insert(scaffold);
      taken += static_cast<double>(scaffold_counts[scaffold]);
    }
  }

  // ---- pass 2: route every molecule; train and test are always written, the others when used
  const bool given = options.split == SplitKind::kColumn || options.split == SplitKind::kFiles;
  std::optional<AtomicFile> files[kSplits];
  auto file = [&](Split split) -> std::ostream& {
    if (!files[split])
      files[split].emplace((directory / (std::string(kSplitNames[split]) + ".smi")).string());
    return files[split]->stream();
  };
  file(kTrain);
  file(kTest);
  if (options.split == SplitKind::kScaffold) file(kTestScaffolds);
  int64_t* const counts[kSplits] = {&report.train, &report.valid, &report.test, &report.test_scaffolds};
  {
    LineReader reader(staging);
    std::string line;
    while (reader.next(line)) {  // "smiles<TAB>split<TAB>scaffold"
      const size_t tab = line.find('\t');
      const std::string smiles = line.substr(0, tab);
      const Split staged = static_cast<Split>(line[tab + 1] - '0');
      const std::string scaffold = line.substr(tab + 3);
      Split split = kTrain;
      if (given) {
        split = staged;
      } else if (held_out.count(scaffold) != 0) {
        split = kTestScaffolds;
      } else if (unit(hash_text(smiles, options.seed ^ 0x5eedULL)) < options.test_fraction) {
        split = kTest;
      }
      file(split) << smiles << '\n';
      ++*counts[split];
    }
  }
  if (report.train == 0) {
    throw InputError(located(inputs.front().path, 0, "the split leaves no training molecule",
                             "lower --test-fraction / --scaffold-fraction, or check the split column"));
  }
  for (int split = 0; split < kSplits; ++split) {
    if (files[split]) {
      files[split]->commit();
    } else {  // left from an earlier preparation under this name
      std::error_code ignored;
      std::filesystem::remove(directory / (std::string(kSplitNames[split]) + ".smi"), ignored);
    }
  }
  directory_guard.keep();
  return report;
}

}  // namespace sild::core
