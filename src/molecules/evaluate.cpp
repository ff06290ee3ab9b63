// Evaluation orchestration (see evaluate.h).
#include "src/molecules/evaluate.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <set>

#include "chem/guacamol_metrics.h"
#include "chem/mol_io.h"
#include "chem/moses_filters.h"
#include "chem/sa_score.h"
#include "common/errors.h"
#include "common/json.h"
#include "common/parallel.h"
#include "data/molecule_reader.h"
#include "src/molecules/fcd.h"
#include "src/store/stats_cache.h"

namespace sild::core {
namespace {

constexpr const char* kReferenceKind = "moses-reference";
constexpr const char* kFcdKind = "chemnet-fcd";

std::vector<std::string> read_molecules(const std::string& path, const std::string& column, bool keep_empty) {
  MoleculeReader reader({path, column});
  MoleculeRecord record;
  std::vector<std::string> out;
  while (reader.next(record)) {
    if (keep_empty || (!record.error && !record.smiles.empty()))
      out.push_back(record.error ? "" : record.smiles);
  }
  return out;
}

chem::ReferenceStatistics reference(const std::string& path, const EvalOptions& options,
                                    const chem::SaScorer& scorer, store::Database* database,
                                    bool& from_cache) {
  std::string hash;
  if (database != nullptr) {
    hash = store::file_content_hash(path);
    if (auto stats = cached_reference_statistics(*database, path)) {
      spdlog::info("eval: reference statistics of {} from the store", path);
      return std::move(*stats);
    }
  }
  from_cache = false;
  spdlog::info("eval: computing reference statistics of {}", path);
  auto stats = chem::compute_reference_statistics(read_molecules(path, options.smiles_column, false), scorer,
                                                  options.threads);
  if (database != nullptr)
    store::put_cached_stats(*database, hash, kReferenceKind, chem::kMosesMetricsVersion, stats.to_bytes());
  return stats;
}

/// ChemNet statistics of a reference file (its valid molecules as written, as MOSES's precalc
/// takes the test SMILES), cached by file content and weights.
FcdStatistics fcd_reference(const std::string& path, const EvalOptions& options, FcdModel& model,
                            store::Database* database, bool& from_cache) {
  std::string hash;
  if (database != nullptr) {
    hash = store::file_content_hash(path);
    if (auto bytes = store::cached_stats(*database, hash, kFcdKind, model.weights_hash())) {
      try {
        return FcdStatistics::from_bytes(*bytes);
      } catch (const InputError& error) {
        spdlog::warn("eval: ignoring cached ChemNet statistics of {}: {}", path, error.what());
      }
    }
  }
  from_cache = false;
  spdlog::info("eval: computing ChemNet statistics of {}", path);
  auto molecules = read_molecules(path, options.smiles_column, false);
  std::vector<std::string> valid;
  for (auto& smiles : molecules) {
    if (chem::mol_from_smiles(smiles)) valid.push_back(std::move(smiles));
  }
  auto stats = model.statistics(valid);
  if (database != nullptr)
    store::put_cached_stats(*database, hash, kFcdKind, model.weights_hash(), stats.to_bytes());
  return stats;
}

}  // namespace

std::optional<chem::ReferenceStatistics> cached_reference_statistics(store::Database& database,
                                                                     const std::string& path) {
  auto bytes = store::cached_stats(database, store::file_content_hash(path), kReferenceKind,
                                   chem::kMosesMetricsVersion);
  if (!bytes) return std::nullopt;
  try {
    return chem::ReferenceStatistics::from_bytes(*bytes);
  } catch (const InputError& error) {
    spdlog::warn("ignoring cached statistics of {}: {}", path, error.what());
    return std::nullopt;
  }
}

EvalResult evaluate(const EvalOptions& options, store::Database* database) {
  if (options.test.empty()) throw ConfigError("sild eval needs --test (or --dataset)");
  const chem::SaScorer scorer;
  const chem::MosesFilters filters;
  EvalResult result;
  result.statistics_from_cache = true;
  auto generated = read_molecules(options.generated, options.smiles_column, true);
  result.generated = static_cast<int64_t>(generated.size());
  auto test = reference(options.test, options, scorer, database, result.statistics_from_cache);
  std::optional<chem::ReferenceStatistics> scaffolds;
  if (!options.test_scaffolds.empty()) {
    scaffolds = reference(options.test_scaffolds, options, scorer, database, result.statistics_from_cache);
  }
  if (test.molecules == 0)
    result.notes.push_back(options.test + " holds no valid molecule: the /Test metrics are n/a");
  if (scaffolds && scaffolds->molecules == 0) {
    result.notes.push_back(options.test_scaffolds + " holds no valid molecule: the /TestSF metrics are n/a");
  }
  std::vector<std::string> train_lines;  // read once: MOSES novelty and GuacaMol both use them
  std::optional<std::set<std::string>> train;
  if (!options.train.empty()) {
    train_lines = read_molecules(options.train, options.smiles_column, false);
    train.emplace(train_lines.begin(), train_lines.end());
  }
  chem::MosesMetricsOptions metric_options;
  metric_options.threads = options.threads;
  auto metrics = chem::moses_metrics(generated, test, scaffolds ? &*scaffolds : nullptr,
                                     train ? &*train : nullptr, scorer, filters, metric_options);
  std::optional<chem::GuacamolScores> guacamol;
  if (options.guacamol && !options.train.empty()) {
    chem::GuacamolOptions guacamol_options;
    guacamol_options.samples =
        std::min<int64_t>(options.guacamol_samples, static_cast<int64_t>(generated.size()));
    guacamol_options.threads = options.threads;
    if (guacamol_options.samples >= 2) {
      spdlog::info("eval: GuacaMol distribution-learning scores over {} samples", guacamol_options.samples);
      guacamol = chem::guacamol_scores(generated, train_lines, guacamol_options);
      if (guacamol_options.samples < options.guacamol_samples) {
        result.notes.push_back(
            fmt::format("GuacaMol scores computed over the {} generated molecules (GuacaMol uses {})",
                        guacamol_options.samples, options.guacamol_samples));
      }
      if (!guacamol->kl_divergence) {
        result.notes.push_back("GuacaMol KL: fewer than 2 unique valid molecules to compare");
      }
      if (guacamol->training_smaller_than_samples) {
        result.notes.push_back(
            "GuacaMol KL: the training set is smaller than the sample count; all of it was used "
            "(GuacaMol itself refuses)");
      }
    }
  } else if (options.guacamol) {
    result.notes.push_back("GuacaMol scores need the training molecules (--train or --dataset)");
  }

  std::optional<double> fcd_test, fcd_scaffolds, guacamol_fcd;
  if (auto weights = chemnet_weights_path(options.chemnet)) {
    FcdModel model(*weights, options.threads);
    if (guacamol && guacamol->valid_sample.size() >= 2) {
      // GuacaMol's FCD benchmark: its training subset against its valid sample, both canonical.
      auto canonical_valid = [&](const std::vector<std::string>& smiles) {
        std::vector<std::string> out;
        for (const auto& s : smiles) {
          if (auto c = chem::canonical_smiles(s)) out.push_back(*c);
        }
        return out;
      };
      const double distance = fcd(model.statistics(canonical_valid(guacamol->training_subset_raw)),
                                  model.statistics(canonical_valid(guacamol->valid_sample)));
      guacamol_fcd = std::exp(-0.2 * distance);
    }
    // MOSES: FCD of the valid generated molecules as canonical SMILES (duplicates kept).
    std::vector<std::optional<std::string>> canonical(generated.size());
    parallel_for(generated.size(), options.threads,
                 [&](size_t i) { canonical[i] = chem::canonical_smiles(generated[i]); });
    std::vector<std::string> valid;
    for (auto& c : canonical) {
      if (c) valid.push_back(std::move(*c));
    }
    if (valid.size() < 2) {
      result.notes.push_back("FCD unavailable: fewer than 2 valid generated molecules");
    } else {
      auto generated_stats = model.statistics(valid);
      fcd_test = fcd(generated_stats,
                     fcd_reference(options.test, options, model, database, result.statistics_from_cache));
      if (scaffolds) {
        fcd_scaffolds = fcd(generated_stats, fcd_reference(options.test_scaffolds, options, model, database,
                                                           result.statistics_from_cache));
      }
      if (generated_stats.truncated > 0) {
        result.notes.push_back(
            fmt::format("FCD: {} generated molecules longer than ChemNet's 350 symbols were truncated",
                        generated_stats.truncated));
      }
    }
  } else {
    result.notes.push_back(chemnet_install_hint());
  }
  // MOSES's order: FCD/Test before SNN/Test, FCD/TestSF before SNN/TestSF.
  for (auto& entry : metrics) {
    if (entry.first == "SNN/Test") result.metrics.emplace_back("FCD/Test", fcd_test);
    if (entry.first == "SNN/TestSF") result.metrics.emplace_back("FCD/TestSF", fcd_scaffolds);
    result.metrics.push_back(entry);
  }
  if (guacamol) {
    result.metrics.emplace_back("GuacaMol/validity", guacamol->validity);
    result.metrics.emplace_back("GuacaMol/uniqueness", guacamol->uniqueness);
    result.metrics.emplace_back("GuacaMol/novelty", guacamol->novelty);
    result.metrics.emplace_back("GuacaMol/KL", guacamol->kl_divergence);
    result.metrics.emplace_back("GuacaMol/FCD", guacamol_fcd);
  }
  for (int64_t k : metric_options.unique_k) {
    if (result.generated < k) {
      result.notes.push_back(
          fmt::format("unique@{} computed over the {} generated molecules only", k, result.generated));
    }
  }
  return result;
}

std::string metrics_json(const EvalResult& result) {
  JsonObject json;
  for (const auto& [name, value] : result.metrics) json.add(name, value);
  return json_text(json.value(), /*one_member_per_line=*/true) + "\n";
}

std::string metrics_table(const EvalResult& result) {
  std::string out = fmt::format("{:<20} {:>10}\n", "metric", "value");
  for (const auto& [name, value] : result.metrics) {
    out += fmt::format("{:<20} {:>10}\n", name, value ? fmt::format("{:.4f}", *value) : "n/a");
  }
  for (const auto& note : result.notes) out += "note: " + note + "\n";
  return out;
}

}  // namespace sild::core
