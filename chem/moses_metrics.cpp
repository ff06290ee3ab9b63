// MOSES metrics (see moses_metrics.h). Every generated molecule is analysed once, in parallel,
// from the molecule re-parsed from its canonical SMILES, as MOSES does.
#include "chem/moses_metrics.h"

#include <GraphMol/RWMol.h>

#include <chrono>
#include <cmath>
#include <cstring>

#include "chem/distribution_distance.h"
#include "chem/fragments.h"
#include "chem/mol_io.h"
#include "chem/moses_filters.h"
#include "chem/properties.h"
#include "chem/sa_score.h"
#include "chem/similarity.h"
#include "common/errors.h"
#include "common/parallel.h"

namespace sild::chem {
namespace {

constexpr unsigned kScaffoldMinRings = 2;
constexpr char kStatisticsMagic[] = "SILDREF1";

struct Analysis {
  bool parsed = false;
  std::vector<std::string> fragments;
  std::optional<std::string> scaffold;
  bool passes_filters = false;
  std::optional<MolProperties> properties;
};

/// Fingerprint row `index`, fragments, scaffold, filter verdict and properties of one molecule.
Analysis analyse(const std::string& smiles, FingerprintMatrix& fingerprints, size_t index,
                 const SaScorer& scorer, const MosesFilters* filters) {
  Analysis analysis;
  auto mol = mol_from_smiles(smiles);
  if (!mol) return analysis;
  analysis.parsed = true;
  morgan_fingerprint(*mol, fingerprints, index);
  analysis.fragments = brics_fragments(*mol);
  analysis.scaffold = murcko_scaffold(*mol, kScaffoldMinRings);
  if (filters != nullptr) analysis.passes_filters = filters->passes(*mol);
  try {
    analysis.properties = compute_properties(*mol, scorer);
  } catch (const InputError&) {
    // A molecule without atoms has no SA score; MOSES would fail here, we leave it out.
  }
  return analysis;
}

void add_properties(const std::optional<MolProperties>& p, std::vector<double>& logp, std::vector<double>& sa,
                    std::vector<double>& qed, std::vector<double>& weight) {
  if (!p) return;
  logp.push_back(p->logp);
  sa.push_back(p->sa);
  qed.push_back(p->qed);
  weight.push_back(p->mw);
}

std::optional<double> finite(double value) {
  return std::isfinite(value) ? std::optional<double>(value) : std::nullopt;
}

double mean(const std::vector<double>& values) {
  double total = 0;
  for (double v : values) total += v;
  return values.empty() ? std::nan("") : total / static_cast<double>(values.size());
}

// ---- binary form of ReferenceStatistics
void put_u64(std::string& out, uint64_t value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof(value));
}
void put_string(std::string& out, const std::string& text) {
  put_u64(out, text.size());
  out += text;
}
void put_doubles(std::string& out, const std::vector<double>& values) {
  put_u64(out, values.size());
  out.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(double));
}
void put_counts(std::string& out, const std::map<std::string, long long>& counts) {
  put_u64(out, counts.size());
  for (const auto& [key, count] : counts) {
    put_string(out, key);
    put_u64(out, static_cast<uint64_t>(count));
  }
}

class Reader {
 public:
  explicit Reader(const std::string& bytes) : bytes_(bytes) {}
  uint64_t u64() {
    need(sizeof(uint64_t));
    uint64_t value;
    std::memcpy(&value, bytes_.data() + pos_, sizeof(value));
    pos_ += sizeof(value);
    return value;
  }
  std::string string() {
    uint64_t n = u64();
    need(n);
    std::string out = bytes_.substr(pos_, n);
    pos_ += n;
    return out;
  }
  std::vector<double> doubles() {
    uint64_t n = u64();
    need(n * sizeof(double));
    std::vector<double> out(n);
    std::memcpy(out.data(), bytes_.data() + pos_, n * sizeof(double));
    pos_ += n * sizeof(double);
    return out;
  }
  std::map<std::string, long long> counts() {
    std::map<std::string, long long> out;
    for (uint64_t n = u64(), i = 0; i < n; ++i) {
      std::string key = string();
      out[key] = static_cast<long long>(u64());
    }
    return out;
  }
  void need(uint64_t n) const {
    if (n > bytes_.size() - pos_)
      throw InputError("cached reference statistics are truncated (recompute them)");
  }
  bool done() const { return pos_ == bytes_.size(); }

 private:
  const std::string& bytes_;
  size_t pos_ = 0;
};

}  // namespace

std::string ReferenceStatistics::to_bytes() const {
  std::string out(kStatisticsMagic);
  put_u64(out, static_cast<uint64_t>(molecules));
  put_u64(out, fingerprints.rows());
  for (size_t i = 0; i < fingerprints.rows(); ++i) {
    out.append(reinterpret_cast<const char*>(fingerprints.row(i)), fingerprints.words() * sizeof(uint64_t));
  }
  put_counts(out, fragments);
  put_counts(out, scaffolds);
  for (const auto* values : {&logp, &sa, &qed, &weight}) put_doubles(out, *values);
  return out;
}

ReferenceStatistics ReferenceStatistics::from_bytes(const std::string& bytes) {
  if (bytes.compare(0, std::strlen(kStatisticsMagic), kStatisticsMagic) != 0) {
    throw InputError("cached reference statistics have an unknown format (recompute them)");
  }
  const std::string body = bytes.substr(std::strlen(kStatisticsMagic));
  Reader reader(body);
  ReferenceStatistics stats;
  stats.molecules = static_cast<int64_t>(reader.u64());
  const uint64_t rows = reader.u64();
  for (uint64_t i = 0; i < rows; ++i) {
    size_t r = stats.fingerprints.add_row();
    for (size_t w = 0; w < stats.fingerprints.words(); ++w) stats.fingerprints.row(r)[w] = reader.u64();
  }
  stats.fragments = reader.counts();
  stats.scaffolds = reader.counts();
  stats.logp = reader.doubles();
  stats.sa = reader.doubles();
  stats.qed = reader.doubles();
  stats.weight = reader.doubles();
  if (!reader.done()) throw InputError("cached reference statistics have trailing bytes (recompute them)");
  return stats;
}

ReferenceStatistics compute_reference_statistics(const std::vector<std::string>& smiles,
                                                 const SaScorer& scorer, int threads) {
  FingerprintMatrix fingerprints(1024);
  for (size_t i = 0; i < smiles.size(); ++i) fingerprints.add_row();
  std::vector<Analysis> analyses(smiles.size());
  parallel_for(smiles.size(), threads,
               [&](size_t i) { analyses[i] = analyse(smiles[i], fingerprints, i, scorer, nullptr); });
  ReferenceStatistics stats;
  for (size_t i = 0; i < smiles.size(); ++i) {
    const Analysis& a = analyses[i];
    if (!a.parsed) continue;
    ++stats.molecules;
    size_t row = stats.fingerprints.add_row();
    std::copy(fingerprints.row(i), fingerprints.row(i) + fingerprints.words(), stats.fingerprints.row(row));
    for (const auto& fragment : a.fragments) ++stats.fragments[fragment];
    if (a.scaffold) ++stats.scaffolds[*a.scaffold];
    add_properties(a.properties, stats.logp, stats.sa, stats.qed, stats.weight);
  }
  return stats;
}

MetricValues moses_metrics(const std::vector<std::string>& generated, const ReferenceStatistics& test,
                           const ReferenceStatistics* test_scaffolds, const std::set<std::string>* train,
                           const SaScorer& scorer, const MosesFilters& filters,
                           const MosesMetricsOptions& options) {
  MetricValues metrics;
  auto phase_start = std::chrono::steady_clock::now();
  auto phase_done = [&](const char* phase) {
    const auto now = std::chrono::steady_clock::now();
    if (options.on_phase) options.on_phase(phase, std::chrono::duration<double>(now - phase_start).count());
    phase_start = now;
  };
  // valid: fraction of the raw list that parses; the rest works on canonical SMILES of those.
  std::vector<std::optional<std::string>> canonical(generated.size());
  parallel_for(generated.size(), options.threads,
               [&](size_t i) { canonical[i] = canonical_smiles(generated[i]); });
  std::vector<std::string> valid;
  for (const auto& c : canonical) {
    if (c) valid.push_back(*c);
  }
  metrics.emplace_back("valid", generated.empty()
                                    ? std::nullopt
                                    : std::optional<double>(static_cast<double>(valid.size()) /
                                                            static_cast<double>(generated.size())));
  for (int64_t k : options.unique_k) {
    const size_t n = std::min(valid.size(), static_cast<size_t>(k));
    std::set<std::string> unique(valid.begin(), valid.begin() + static_cast<long>(n));
    metrics.emplace_back(
        "unique@" + std::to_string(k),
        n == 0 ? std::nullopt : std::optional<double>(static_cast<double>(unique.size()) / n));
  }
  phase_done("valid+unique (canonical SMILES)");

  FingerprintMatrix fingerprints(1024);
  for (size_t i = 0; i < valid.size(); ++i) fingerprints.add_row();
  std::vector<Analysis> analyses(valid.size());
  parallel_for(valid.size(), options.threads,
               [&](size_t i) { analyses[i] = analyse(valid[i], fingerprints, i, scorer, &filters); });
  std::map<std::string, long long> fragments, scaffolds;
  std::vector<double> logp, sa, qed, weight;
  double passing = 0;
  for (const auto& a : analyses) {
    for (const auto& fragment : a.fragments) ++fragments[fragment];
    if (a.scaffold) ++scaffolds[*a.scaffold];
    passing += a.passes_filters ? 1 : 0;
    add_properties(a.properties, logp, sa, qed, weight);
  }
  phase_done("per-molecule analysis (fingerprints, BRICS, scaffolds, filters, QED/SA/logP/MW)");
  auto reference_metrics = [&](const ReferenceStatistics& reference, const std::string& suffix) {
    metrics.emplace_back(
        "SNN/" + suffix,
        valid.empty() || reference.fingerprints.rows() == 0  // nothing on one side: n/a, not 0
            ? std::nullopt
            : finite(mean(max_similarity(fingerprints, reference.fingerprints, options.threads))));
    metrics.emplace_back("Frag/" + suffix, finite(count_cosine_similarity(reference.fragments, fragments)));
    metrics.emplace_back("Scaf/" + suffix, finite(count_cosine_similarity(reference.scaffolds, scaffolds)));
  };
  reference_metrics(test, "Test");
  if (test_scaffolds != nullptr) reference_metrics(*test_scaffolds, "TestSF");
  phase_done("SNN, Frag, Scaf");
  const bool any = !valid.empty();
  const auto diversity =
      any ? internal_diversity_1_and_2(fingerprints, options.threads) : std::pair<double, double>{};
  metrics.emplace_back("IntDiv", any ? std::optional<double>(diversity.first) : std::nullopt);
  metrics.emplace_back("IntDiv2", any ? std::optional<double>(diversity.second) : std::nullopt);
  phase_done("IntDiv, IntDiv2");
  metrics.emplace_back(
      "Filters", any ? std::optional<double>(passing / static_cast<double>(valid.size())) : std::nullopt);
  metrics.emplace_back("logP", finite(wasserstein_1d(test.logp, logp)));
  metrics.emplace_back("SA", finite(wasserstein_1d(test.sa, sa)));
  metrics.emplace_back("QED", finite(wasserstein_1d(test.qed, qed)));
  metrics.emplace_back("weight", finite(wasserstein_1d(test.weight, weight)));
  if (train != nullptr) {
    std::set<std::string> unique(valid.begin(), valid.end());
    size_t novel = 0;
    for (const auto& s : unique) novel += train->count(s) == 0 ? 1 : 0;
    metrics.emplace_back("Novelty", unique.empty()
                                        ? std::nullopt
                                        : std::optional<double>(static_cast<double>(novel) /
                                                                static_cast<double>(unique.size())));
  }
  phase_done("Filters, property W1, Novelty");
  return metrics;
}

}  // namespace sild::chem
