// Candidate molecule libraries (`sild generate`): draw molecules from a sampler until N pass the
// requested checks (valid, unique, novel, MOSES filters, property ranges) or the draw budget is
// spent, then write the library with its properties as .smi, .csv or .sdf. The sampler is a
// function, so the acceptance logic is tested without a trained model.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "chem/properties.h"
#include "src/molecules/property_filter.h"

namespace sild::core {

/// Draws `count` molecules (SMILES, possibly invalid or empty) for batch number `batch`; the
/// same batch number must give the same molecules (seeded sampling).
using MoleculeSampler = std::function<std::vector<std::string>(int64_t count, int64_t batch)>;

/// What happened to every drawn molecule; each draw is counted under exactly one outcome.
struct GenerateCounts {
  int64_t drawn = 0;
  int64_t invalid = 0;         ///< empty, unparsable, or no properties
  int64_t duplicate = 0;       ///< with `unique`
  int64_t known = 0;           ///< in the training set, with `novel`
  int64_t moses_filtered = 0;  ///< failed MOSES's Filters
  int64_t property_filtered = 0;
  int64_t accepted = 0;
  double acceptance_rate() const {
    return drawn > 0 ? static_cast<double>(accepted) / static_cast<double>(drawn) : 0.0;
  }
};

struct GenerateOptions {
  int64_t count = 1000;      ///< molecules wanted in the library
  int64_t max_draws = 0;     ///< give up after this many draws (0 = 100 x count)
  int64_t batch_size = 500;  ///< molecules drawn per sampler call
  bool unique = false;       ///< drop repeats of a canonical SMILES already accepted
  bool novel = false;        ///< drop molecules of the training set
  /// For `novel`: the training molecules (.smi/.csv, .gz), or a novelty reference (a shipped
  /// model's novelty.bin, see novelty_reference.h).
  std::string train;
  std::string smiles_column = "smiles";                 ///< column of `train` when it is CSV
  bool moses_filters = false;                           ///< keep only molecules passing MOSES's Filters
  std::vector<PropertyRange> filters;                   ///< property ranges every molecule must satisfy
  int threads = 0;                                      ///< RDKit work per batch (0 = all cores)
  std::function<void(const GenerateCounts&)> progress;  ///< after every batch
  std::function<bool()> should_stop;                    ///< Ctrl-C: stop drawing, keep what was accepted
};

struct LibraryEntry {
  std::string smiles;  ///< canonical (RDKit, isomeric)
  chem::MolProperties properties;
  int64_t draw = 0;  ///< 0-based index of the draw that produced it
};

struct GenerateResult {
  std::vector<LibraryEntry> library;  ///< in draw order, at most `count`
  GenerateCounts counts;
  int64_t training_molecules = 0;  ///< size of the novelty reference (with `novel`)
  bool budget_exhausted = false;   ///< stopped at max_draws with fewer than `count`
  bool stopped = false;            ///< should_stop() said so
};

/// Builds the library. Throws ConfigError for impossible options (count < 1, novel without a
/// training file) and IoError/InputError when the training file cannot be read.
GenerateResult generate_library(const GenerateOptions& options, const MoleculeSampler& sampler);

/// Writes the library atomically; the format follows the extension: .smi (SMILES and an id),
/// .csv (id,smiles,qed,sa,logp,mw) or .sdf (RDKit molblocks with 2D coordinates and the
/// properties as SD tags). Throws ConfigError for another extension.
void write_library(const std::string& path, const std::vector<LibraryEntry>& library);

}  // namespace sild::core
