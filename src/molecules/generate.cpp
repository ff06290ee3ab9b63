// The generate loop (see generate.h): draw a batch, check it in parallel (parse, canonicalise,
// properties, filters), then accept in draw order so the library depends only on the seed.
#include "src/molecules/generate.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <optional>
#include <sstream>
#include <unordered_set>

#include "chem/depiction.h"
#include "chem/mol_io.h"
#include "chem/moses_filters.h"
#include "chem/sa_score.h"
#include "common/atomic_file.h"
#include "common/csv_writer.h"
#include "common/errors.h"
#include "common/parallel.h"
#include "src/molecules/novelty_reference.h"

namespace sild::core {
namespace {

/// The verdict on one drawn molecule before the order-dependent checks (unique, novel).
struct Candidate {
  std::optional<std::string> canonical;  ///< empty: invalid
  chem::MolProperties properties;
  bool passes_moses = true;
  bool passes_properties = true;
};

}  // namespace

GenerateResult generate_library(const GenerateOptions& options, const MoleculeSampler& sampler) {
  if (options.count < 1) throw ConfigError("-n must be at least 1");
  if (options.batch_size < 1) throw ConfigError("--batch must be at least 1");
  const int64_t max_draws = options.max_draws > 0 ? options.max_draws : 100 * options.count;
  GenerateResult result;
  std::optional<NoveltyReference> known;
  if (options.novel) {
    if (options.train.empty()) {
      throw ConfigError(
          "--novel needs the training molecules (hint: pass --train FILE, or use a model trained by "
          "this version of sild, which records its training file, or exported with its novelty.bin)");
    }
    known = NoveltyReference::open(options.train, options.smiles_column, options.threads);
    result.training_molecules = known->size();
  }
  std::optional<chem::MosesFilters> moses;
  if (options.moses_filters) moses.emplace();
  const chem::SaScorer scorer;
  std::unordered_set<std::string> accepted;
  auto& counts = result.counts;

  for (int64_t batch = 0; counts.accepted < options.count && counts.drawn < max_draws; ++batch) {
    if (options.should_stop && options.should_stop()) {
      result.stopped = true;
      break;
    }
    const int64_t want = std::min(options.batch_size, max_draws - counts.drawn);
    auto drawn = sampler(want, batch);
    SILD_ASSERT(static_cast<int64_t>(drawn.size()) == want,
                "the sampler returns as many molecules as asked for");
    std::vector<Candidate> candidates(drawn.size());
    parallel_for(drawn.size(), options.threads, [&](size_t i) {
      auto mol = drawn[i].empty() ? nullptr : chem::mol_from_smiles(drawn[i]);
      if (!mol || chem::atom_count(mol) == 0) return;
      try {
        candidates[i].properties = chem::compute_properties(chem::read_only(mol), scorer);
      } catch (const InputError&) {
        return;
      }
      candidates[i].canonical = chem::mol_to_smiles(chem::read_only(mol));
      candidates[i].passes_moses = !moses || moses->passes(chem::read_only(mol));
      candidates[i].passes_properties = passes_property_filter(options.filters, candidates[i].properties);
    });
    for (size_t i = 0; i < candidates.size() && counts.accepted < options.count; ++i) {
      const int64_t draw = counts.drawn++;
      auto& candidate = candidates[i];
      if (!candidate.canonical) {
        ++counts.invalid;
      } else if (options.unique && accepted.count(*candidate.canonical) != 0) {
        ++counts.duplicate;
      } else if (options.novel && known->contains(*candidate.canonical)) {
        ++counts.known;
      } else if (!candidate.passes_moses) {
        ++counts.moses_filtered;
      } else if (!candidate.passes_properties) {
        ++counts.property_filtered;
      } else {
        ++counts.accepted;
        accepted.insert(*candidate.canonical);
        result.library.push_back({std::move(*candidate.canonical), candidate.properties, draw});
      }
    }
    if (options.progress) options.progress(counts);
  }
  result.budget_exhausted = !result.stopped && counts.accepted < options.count;
  return result;
}

void write_library(const std::string& path, const std::vector<LibraryEntry>& library) {
  // Standard output ("-") gets the .smi format: it is the one a pipe reads line by line.
  const std::string extension = path == AtomicFile::kStandardOutput
                                    ? std::string(".smi")
                                    : std::filesystem::path(path).extension().string();
  if (extension != ".smi" && extension != ".csv" && extension != ".sdf") {
    throw ConfigError(
        fmt::format("{}: unknown library format '{}' (hint: use .smi, .csv or .sdf)", path, extension));
  }
  AtomicFile file(path);
  auto& out = file.stream();
  auto id = [](size_t i) { return fmt::format("sild-{:06d}", i + 1); };
  if (extension == ".smi") {
    for (size_t i = 0; i < library.size(); ++i) out << library[i].smiles << ' ' << id(i) << '\n';
  } else if (extension == ".csv") {
    out << "id,smiles,qed,sa,logp,mw\n";
    for (size_t i = 0; i < library.size(); ++i) {
      const auto& p = library[i].properties;
      write_csv_row(out, {id(i), library[i].smiles, fmt::format("{:.6f}", p.qed), fmt::format("{:.6f}", p.sa),
                          fmt::format("{:.6f}", p.logp), fmt::format("{:.4f}", p.mw)});
    }
  } else {
    chem::SdfWriter writer(out, {"SMILES", "QED", "SA", "logP", "MW"});
    for (size_t i = 0; i < library.size(); ++i) {
      const auto& p = library[i].properties;
      writer.write(library[i].smiles, id(i),
                   {library[i].smiles, fmt::format("{:.6f}", p.qed), fmt::format("{:.6f}", p.sa),
                    fmt::format("{:.6f}", p.logp), fmt::format("{:.4f}", p.mw)});
    }
    writer.flush();
  }
  file.commit();
}

}  // namespace sild::core
