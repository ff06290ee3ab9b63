// `sild export`: a finished model directory copied without its training state (checkpoints, the
// record of the training file), optionally with float16 weights, plus the novelty reference of
// its training set (novelty.bin: hashes of canonical SMILES, not the molecules), so that a model
// shipped without its data still generates with --novel. What a pretrained model ships as.
#pragma once

#include <cstdint>
#include <string>

namespace sild::core {

struct ExportOptions {
  std::string model;    ///< finished model directory
  std::string out;      ///< new directory (refused when it exists)
  bool half = false;    ///< float16 network weights: half the size, samples move by rounding only
  bool novelty = true;  ///< write novelty.bin from the recorded training file (or copy the model's)
  int threads = 0;      ///< canonicalising the training molecules (0 = all cores)
};

struct ExportSummary {
  int64_t bytes = 0;              ///< the exported directory's size
  int64_t novelty_molecules = 0;  ///< distinct training molecules in novelty.bin (0: none written)
  std::string novelty_source;     ///< the training file or novelty.bin it came from
};

/// Throws IoError when `out` exists or a file cannot be written (nothing is left behind), and
/// what MoleculeModel::load throws for a broken model.
ExportSummary export_model(const ExportOptions& options);

}  // namespace sild::core
