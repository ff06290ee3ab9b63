// GuacaMol's distribution-learning scores (see guacamol_metrics.h).
#include "chem/guacamol_metrics.h"

#include <GraphMol/Descriptors/Lipinski.h>
#include <GraphMol/Descriptors/MolSurf.h>
#include <GraphMol/RWMol.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <optional>
#include <unordered_set>

#include "chem/bertz_ct.h"
#include "chem/fingerprint.h"
#include "chem/mol_io.h"
#include "chem/properties.h"
#include "chem/similarity.h"
#include "common/errors.h"
#include "common/numpy_random.h"
#include "common/parallel.h"

namespace sild::chem {
namespace {

/// numpy.linspace(start, stop, num) with num >= 2.
std::vector<double> linspace(double start, double stop, int num) {
  std::vector<double> out(static_cast<size_t>(num));
  const double step = (stop - start) / (num - 1);
  for (int i = 0; i < num; ++i) out[static_cast<size_t>(i)] = i * step + start;
  out.back() = stop;
  return out;
}

/// scipy.stats.entropy(p, q): both normalised to sum 1, sum of p log(p / q).
double relative_entropy(const std::vector<double>& p, const std::vector<double>& q) {
  double sp = 0.0, sq = 0.0;
  for (double v : p) sp += v;
  for (double v : q) sq += v;
  double result = 0.0;
  for (size_t i = 0; i < p.size(); ++i) {
    const double a = p[i] / sp, b = q[i] / sq;
    if (a > 0.0 && b > 0.0)
      result += a * std::log(a / b);
    else if (a > 0.0)
      return std::numeric_limits<double>::infinity();
  }
  return result;
}

/// scipy's 1-D gaussian_kde (Scott's factor n^(-1/5), unbiased variance) at `points`.
std::vector<double> kde(const std::vector<double>& data, const std::vector<double>& points, int threads) {
  const double n = static_cast<double>(data.size());
  double mean = 0.0;
  for (double v : data) mean += v;
  mean /= n;
  double variance = 0.0;
  for (double v : data) variance += (v - mean) * (v - mean);
  variance /= n - 1.0;
  const double factor = std::pow(n, -1.0 / 5.0);
  const double covariance = variance * factor * factor;
  const double whitening = std::sqrt(1.0 / covariance);  // Cholesky factor of the precision
  const double norm = whitening / std::sqrt(2.0 * M_PI);
  std::vector<double> whitened(data.size());
  for (size_t i = 0; i < data.size(); ++i) whitened[i] = data[i] * whitening;
  std::vector<double> out(points.size());
  parallel_for(points.size(), threads, [&](size_t j) {
    const double x = points[j] * whitening;
    double sum = 0.0;
    for (double w : whitened) sum += std::exp(-(w - x) * (w - x) / 2.0) / n;
    out[j] = sum * norm;
  });
  return out;
}

/// numpy.histogram(values, bins=edges.size()-1 equal bins, density=True) on given edges.
std::vector<double> density_histogram(const std::vector<double>& values, const std::vector<double>& edges) {
  const int bins = static_cast<int>(edges.size()) - 1;
  const double first = edges.front(), last = edges.back();
  const double norm = bins / (last - first);
  std::vector<double> counts(static_cast<size_t>(bins), 0.0);
  double total = 0.0;
  for (double v : values) {
    if (!(v >= first && v <= last)) continue;
    int index = static_cast<int>((v - first) * norm);
    if (index == bins) --index;
    if (v < edges[static_cast<size_t>(index)]) --index;
    if (v >= edges[static_cast<size_t>(index) + 1] && index != bins - 1) ++index;
    counts[static_cast<size_t>(index)] += 1.0;
    total += 1.0;
  }
  for (int b = 0; b < bins; ++b) {
    counts[static_cast<size_t>(b)] /=
        (edges[static_cast<size_t>(b) + 1] - edges[static_cast<size_t>(b)]) * total;
  }
  return counts;
}

std::optional<std::string> canonicalize(const std::string& smiles, bool stereo) {
  auto mol = mol_from_smiles(smiles);
  if (!mol) return std::nullopt;
  return mol_to_smiles(*mol, stereo);
}

/// canonicalize_list: canonical forms in order, invalid and repeated ones dropped.
std::vector<std::string> canonicalize_list(const std::vector<std::string>& smiles, bool stereo, int threads) {
  std::vector<std::optional<std::string>> canonical(smiles.size());
  parallel_for(smiles.size(), threads, [&](size_t i) { canonical[i] = canonicalize(smiles[i], stereo); });
  std::unordered_set<std::string> seen;
  std::vector<std::string> out;
  for (auto& c : canonical) {
    if (c && seen.insert(*c).second) out.push_back(std::move(*c));
  }
  return out;
}

/// One generated line as GuacaMol's helpers see it, parsed once: is_valid (a molecule with
/// atoms), canonicalize (with stereo), and canonicalize without stereo.
struct ParsedLine {
  bool valid = false;
  std::optional<std::string> canonical;
  std::optional<std::string> canonical_flat;
};

std::vector<ParsedLine> parse_lines(const std::vector<std::string>& lines, int threads) {
  std::vector<ParsedLine> parsed(lines.size());
  parallel_for(lines.size(), threads, [&](size_t i) {
    auto mol = mol_from_smiles(lines[i]);
    if (!mol) return;
    parsed[i].valid = mol->getNumAtoms() > 0;
    parsed[i].canonical = mol_to_smiles(*mol, true);
    parsed[i].canonical_flat = mol_to_smiles(*mol, false);
  });
  return parsed;
}

/// GuacaMol's sampling helpers on a "model" that hands out the generated lines in order: each
/// generate(count) call takes the next `count` lines; draws are counted per call as GuacaMol does.
template <typename Keep>
void replay(size_t lines, int64_t n, int64_t max_tries, size_t& kept, Keep&& keep) {
  size_t position = 0;
  int64_t drawn = 0;
  while (static_cast<int64_t>(kept) < n && drawn < max_tries * n) {
    const int64_t remaining = n - static_cast<int64_t>(kept);
    const size_t end = std::min(lines, position + static_cast<size_t>(remaining));
    for (; position < end; ++position) keep(position);
    drawn += remaining;
  }
}

/// sample_valid_molecules: indices of the first valid lines, up to n.
std::vector<size_t> sample_valid(const std::vector<ParsedLine>& parsed, int64_t n, int64_t max_tries = 10) {
  std::vector<size_t> out;
  size_t kept = 0;
  replay(parsed.size(), n, max_tries, kept, [&](size_t i) {
    if (parsed[i].valid) out.push_back(i), ++kept;
  });
  return out;
}

/// sample_unique_molecules: canonical SMILES (with stereo) of distinct molecules, in order.
std::vector<std::string> sample_unique(const std::vector<ParsedLine>& parsed, int64_t n, int64_t max_tries) {
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  size_t kept = 0;
  replay(parsed.size(), n, max_tries, kept, [&](size_t i) {
    if (parsed[i].canonical && seen.insert(*parsed[i].canonical).second)
      out.push_back(*parsed[i].canonical), ++kept;
  });
  return out;
}

std::vector<std::array<double, 9>> descriptors_of(const std::vector<std::string>& smiles, int threads) {
  std::vector<std::optional<std::array<double, 9>>> rows(smiles.size());
  parallel_for(smiles.size(), threads, [&](size_t i) {
    auto mol = mol_from_smiles(smiles[i]);
    if (mol) rows[i] = guacamol_descriptors(*mol);
  });
  std::vector<std::array<double, 9>> out;
  for (auto& row : rows) {
    if (row) out.push_back(*row);
  }
  return out;
}

std::vector<double> column(const std::vector<std::array<double, 9>>& rows, size_t index) {
  std::vector<double> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(row[index]);
  return out;
}

}  // namespace

std::array<double, 9> guacamol_descriptors(const RDKit::ROMol& mol) {
  std::array<double, 9> values = {bertz_ct(mol),
                                  crippen_logp(mol),
                                  average_mol_weight(mol),
                                  RDKit::Descriptors::calcTPSA(mol),
                                  static_cast<double>(RDKit::Descriptors::calcNumHBA(mol)),
                                  static_cast<double>(RDKit::Descriptors::calcNumHBD(mol)),
                                  static_cast<double>(RDKit::Descriptors::calcNumRotatableBonds(mol)),
                                  static_cast<double>(RDKit::Descriptors::calcNumAliphaticRings(mol)),
                                  static_cast<double>(RDKit::Descriptors::calcNumAromaticRings(mol))};
  for (auto& v : values) {
    if (!std::isfinite(v)) v = 0.0;
  }
  return values;
}

double continuous_kl_divergence(const std::vector<double>& baseline, const std::vector<double>& sampled) {
  SILD_ASSERT(baseline.size() >= 2 && sampled.size() >= 2, "a KDE needs at least two values");
  double lo = baseline.front(), hi = baseline.front();
  for (const auto* values : {&baseline, &sampled}) {
    for (double v : *values) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  const auto points = linspace(lo, hi, 1000);
  auto p = kde(baseline, points, 0), q = kde(sampled, points, 0);
  for (auto& v : p) v += 1e-10;
  for (auto& v : q) v += 1e-10;
  return relative_entropy(p, q);
}

double discrete_kl_divergence(const std::vector<double>& baseline, const std::vector<double>& sampled) {
  SILD_ASSERT(!baseline.empty(), "a histogram needs values");
  double first = *std::min_element(baseline.begin(), baseline.end());
  double last = *std::max_element(baseline.begin(), baseline.end());
  if (first == last) {
    first -= 0.5;
    last += 0.5;
  }
  const auto edges = linspace(first, last, 11);
  auto p = density_histogram(baseline, edges), q = density_histogram(sampled, edges);
  for (auto& v : p) v += 1e-10;
  for (auto& v : q) v += 1e-10;
  return relative_entropy(p, q);
}

std::vector<double> nearest_neighbour_similarities(const std::vector<std::string>& smiles, int threads) {
  std::vector<size_t> invalid;
  auto all = morgan_fingerprints(smiles, {2, 4096, false}, threads, &invalid);
  FingerprintMatrix fps(4096);
  std::vector<bool> skip(smiles.size(), false);
  for (size_t i : invalid) skip[i] = true;
  for (size_t i = 0; i < smiles.size(); ++i) {
    if (skip[i]) continue;
    const size_t row = fps.add_row();
    std::copy(all.row(i), all.row(i) + all.words(), fps.row(row));
  }
  const size_t n = fps.rows();
  const int workers =
      std::max(1, std::min(resolve_threads(threads), static_cast<int>(std::max<size_t>(n, 1))));
  std::vector<std::vector<double>> partial(static_cast<size_t>(workers), std::vector<double>(n, 0.0));
  // Row i pairs with every j < i; rows are dealt out round-robin so the triangle splits evenly.
  parallel_for(static_cast<size_t>(workers), workers, [&](size_t w) {
    auto& best = partial[w];
    for (size_t i = w; i < n; i += static_cast<size_t>(workers)) {
      for (size_t j = 0; j < i; ++j) {
        const double s = tanimoto(fps.row(i), fps.row(j), fps.words());
        best[i] = std::max(best[i], s);
        best[j] = std::max(best[j], s);
      }
    }
  });
  std::vector<double> out(n, 0.0);
  for (const auto& best : partial) {
    for (size_t i = 0; i < n; ++i) out[i] = std::max(out[i], best[i]);
  }
  return out;
}

GuacamolScores guacamol_scores(const std::vector<std::string>& generated,
                               const std::vector<std::string>& training, const GuacamolOptions& options) {
  const int64_t n = options.samples;
  if (n < 2) throw InputError("GuacaMol scores need at least 2 samples");
  if (training.empty()) throw InputError("GuacaMol scores need the training molecules");
  GuacamolScores scores;
  // Every generated line is parsed once; the benchmarks below replay the list from its start.
  const int64_t reach = std::min<int64_t>(static_cast<int64_t>(generated.size()), 10 * n);
  const std::vector<std::string> head(generated.begin(), generated.begin() + reach);
  const auto parsed = parse_lines(head, options.threads);
  const auto first = std::min<size_t>(parsed.size(), static_cast<size_t>(n));
  scores.validity =
      static_cast<double>(std::count_if(parsed.begin(), parsed.begin() + static_cast<std::ptrdiff_t>(first),
                                        [](const ParsedLine& p) { return p.valid; })) /
      static_cast<double>(n);
  std::unordered_set<std::string> distinct_flat;
  for (size_t i : sample_valid(parsed, n)) {
    scores.valid_sample.push_back(head[i]);
    distinct_flat.insert(*parsed[i].canonical_flat);
  }
  scores.uniqueness = static_cast<double>(distinct_flat.size()) / static_cast<double>(n);

  // GuacaMol canonicalises its unique (stereo) canonical list again without stereo.
  const auto unique = canonicalize_list(sample_unique(parsed, n, /*max_tries=*/2), false, options.threads);
  const auto training_canonical = canonicalize_list(training, false, options.threads);
  const std::unordered_set<std::string> training_set(training_canonical.begin(), training_canonical.end());
  scores.novelty =
      static_cast<double>(std::count_if(unique.begin(), unique.end(),
                                        [&](const std::string& s) { return training_set.count(s) == 0; })) /
      static_cast<double>(n);

  // KL: training subset np.random.seed(42); np.random.choice(training, n, replace=False).
  const int64_t subset_size = std::min<int64_t>(n, static_cast<int64_t>(training.size()));
  scores.training_smaller_than_samples = subset_size < n;
  const auto order = numpy_legacy_permutation(options.subset_seed, static_cast<int64_t>(training.size()));
  for (int64_t k = 0; k < subset_size; ++k)
    scores.training_subset_raw.push_back(training[static_cast<size_t>(order[static_cast<size_t>(k)])]);
  const auto subset = canonicalize_list(scores.training_subset_raw, false, options.threads);
  const auto d_sampled = descriptors_of(unique, options.threads);
  const auto d_training = descriptors_of(subset, options.threads);
  if (d_sampled.size() < 2 || d_training.size() < 2) return scores;  // KL: n/a
  for (size_t i = 0; i < 9; ++i) {
    const auto a = column(d_training, i), b = column(d_sampled, i);
    scores.kl_parts[kGuacamolDescriptorNames[i]] =
        i < 4 ? continuous_kl_divergence(a, b) : discrete_kl_divergence(a, b);
  }
  scores.kl_parts["internal_similarity"] =
      continuous_kl_divergence(nearest_neighbour_similarities(subset, options.threads),
                               nearest_neighbour_similarities(unique, options.threads));
  double sum = 0.0;
  for (const auto& [name, kl] : scores.kl_parts) sum += std::exp(-kl);
  scores.kl_divergence = sum / static_cast<double>(scores.kl_parts.size());
  return scores;
}

}  // namespace sild::chem
