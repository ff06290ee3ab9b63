// SA score as in RDKit Contrib/SA_Score/sascorer.py (RDKit 2022.09.3): fragment score from
// unhashed Morgan radius-2 counts, complexity penalties, symmetry correction, 1..10 scaling.
// It never reads files while scoring; the table is loaded by the constructor only.
#include "chem/sa_score.h"

#include <GraphMol/Descriptors/Lipinski.h>
#include <GraphMol/Fingerprints/MorganFingerprints.h>
#include <GraphMol/GraphMol.h>
#include <GraphMol/MolOps.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "chem/pickle_reader.h"
#include "common/errors.h"

namespace sild::chem {
namespace {

// Constants of sascorer.py.
constexpr unsigned kMorganRadius = 2;
constexpr double kMissingFragmentScore = -4.0;
constexpr double kSizeExponent = 1.005;
constexpr size_t kMacrocycleMinSize = 9;  // rings with more than 8 atoms
constexpr double kDensityWeight = 0.5;
constexpr double kRawMin = -4.0;
constexpr double kRawMax = 2.5;
constexpr double kScaleTop = 11.0;
constexpr double kScaleSpan = 9.0;
constexpr double kSmoothFrom = 8.0;
constexpr double kLowest = 1.0;
constexpr double kHighest = 10.0;

[[noreturn]] void bad_table(const std::string& path, const std::string& message) {
  throw InputError(
      located(path, 0, message, "expected RDKit's fpscores.pkl.gz: a list of [score, id, id, ...]"));
}

/// Flattens [[score, id, ...], ...] into (id, score) pairs sorted by id; for a repeated id the
/// entry that comes last in the file wins, as when sascorer.py fills its dict.
std::vector<std::pair<std::uint32_t, double>> load_fragments(const std::string& path) {
  const PickleValue table = read_gzip_pickle(path);
  if (!table.is_list()) bad_table(path, "top-level value is not a list");
  std::vector<std::pair<std::uint32_t, double>> fragments;
  for (size_t row = 0; row < table.items.size(); ++row) {
    const PickleValue& entry = table.items[row];
    if (!entry.is_list() || entry.items.empty() || entry.items[0].is_list()) {
      bad_table(path, "row " + std::to_string(row) + " is not a list starting with a number");
    }
    const double score = entry.items[0].as_double();
    for (size_t i = 1; i < entry.items.size(); ++i) {
      const PickleValue& id = entry.items[i];
      if (!id.is_int() || id.int_value < 0 || id.int_value > UINT32_MAX) {
        bad_table(path, "row " + std::to_string(row) +
                            " has a fragment id that is not a 32-bit "
                            "unsigned int");
      }
      fragments.emplace_back(static_cast<std::uint32_t>(id.int_value), score);
    }
  }
  std::stable_sort(fragments.begin(), fragments.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  // Keep the last of each run of equal ids.
  std::vector<std::pair<std::uint32_t, double>> unique;
  unique.reserve(fragments.size());
  for (const auto& fragment : fragments) {
    if (!unique.empty() && unique.back().first == fragment.first) {
      unique.back() = fragment;
    } else {
      unique.push_back(fragment);
    }
  }
  return unique;
}

/// len(Chem.FindMolChiralCenters(m, includeUnassigned=True)) with the legacy implementation:
/// atoms that get a CIP code or are flagged as possible stereo centres. Writes stereo
/// properties onto `mol`, as the Python function does.
unsigned count_chiral_centers(RDKit::ROMol& mol) {
  RDKit::MolOps::assignStereochemistry(mol, /*cleanIt=*/false, /*force=*/true,
                                       /*flagPossibleStereoCenters=*/true);
  unsigned count = 0;
  for (const RDKit::Atom* atom : mol.atoms()) {
    if (atom->hasProp(RDKit::common_properties::_CIPCode) ||
        atom->hasProp(RDKit::common_properties::_ChiralityPossible)) {
      ++count;
    }
  }
  return count;
}

}  // namespace

SaScorer::SaScorer(const std::string& fragment_scores_path)
    : fragments_(load_fragments(fragment_scores_path)) {}

double SaScorer::fragment_score(std::uint32_t fragment_id, double missing) const {
  auto found = std::lower_bound(fragments_.begin(), fragments_.end(), fragment_id,
                                [](const auto& entry, std::uint32_t id) { return entry.first < id; });
  return found != fragments_.end() && found->first == fragment_id ? found->second : missing;
}

double SaScorer::score(const RDKit::ROMol& mol) const {
  const unsigned n_atoms = mol.getNumAtoms();
  if (n_atoms == 0) {
    throw InputError("SA score is undefined for a molecule without atoms");
  }

  // Fragment score: mean contribution over all Morgan environments, counted with multiplicity.
  const std::unique_ptr<RDKit::SparseIntVect<std::uint32_t>> fingerprint(
      RDKit::MorganFingerprints::getFingerprint(mol, kMorganRadius));
  const auto& elements = fingerprint->getNonzeroElements();
  double fragment_sum = 0.0;
  long environment_count = 0;
  for (const auto& [fragment_id, count] : elements) {
    environment_count += count;
    fragment_sum += fragment_score(fragment_id, kMissingFragmentScore) * count;
  }
  const double score1 = fragment_sum / static_cast<double>(environment_count);

  // Complexity penalties, on a private copy because stereo perception annotates the molecule.
  RDKit::RWMol work(mol);
  const unsigned n_chiral = count_chiral_centers(work);
  if (!work.getRingInfo()->isInitialized()) RDKit::MolOps::findSSSR(work);
  const unsigned n_bridgeheads = RDKit::Descriptors::calcNumBridgeheadAtoms(work);
  const unsigned n_spiro = RDKit::Descriptors::calcNumSpiroAtoms(work);
  unsigned n_macrocycles = 0;
  for (const auto& ring : work.getRingInfo()->atomRings()) {
    if (ring.size() >= kMacrocycleMinSize) ++n_macrocycles;
  }
  const double size_penalty = std::pow(static_cast<double>(n_atoms), kSizeExponent) - n_atoms;
  const double stereo_penalty = std::log10(n_chiral + 1.0);
  const double spiro_penalty = std::log10(n_spiro + 1.0);
  const double bridge_penalty = std::log10(n_bridgeheads + 1.0);
  // sascorer.py uses log10(2) for any number of macrocycles, unlike the paper.
  const double macrocycle_penalty = n_macrocycles > 0 ? std::log10(2.0) : 0.0;
  const double score2 =
      0.0 - size_penalty - stereo_penalty - spiro_penalty - bridge_penalty - macrocycle_penalty;

  // Symmetric molecules have fewer distinct environments than atoms: easier to make.
  double score3 = 0.0;
  if (n_atoms > elements.size()) {
    score3 = std::log(static_cast<double>(n_atoms) / elements.size()) * kDensityWeight;
  }

  double sa = score1 + score2 + score3;
  sa = kScaleTop - (sa - kRawMin + 1.0) / (kRawMax - kRawMin) * kScaleSpan;
  // Written as in sascorer.py (x + 1 - 9) so the result is bit-identical.
  if (sa > kSmoothFrom) sa = kSmoothFrom + std::log(sa + 1.0 - 9.0);
  if (sa > kHighest) {
    sa = kHighest;
  } else if (sa < kLowest) {
    sa = kLowest;
  }
  return sa;
}

}  // namespace sild::chem
