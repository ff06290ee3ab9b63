// `sild props`: QED, SA, logP and MW for every molecule of a file, in input order, written as
// CSV (smiles,valid,qed,sa,logp,mw; empty fields for an invalid molecule). Multi-threaded in
// batches, bounded memory, atomic output.
#pragma once

#include <cstdint>
#include <string>

namespace sild::core {

struct PropsOptions {
  std::string input;                     ///< .smi/.txt (first field) or .csv (column); .gz accepted
  std::string output;                    ///< CSV, written atomically
  std::string smiles_column = "smiles";  ///< column name when the input is CSV
  std::string sa_fragment_table;         ///< fpscores.pkl.gz; empty = rdkit-data's default path
  int threads = 0;                       ///< 0 = all hardware threads
  int64_t batch_size = 4096;             ///< molecules computed in parallel per batch
  int64_t max_warnings = 20;             ///< per-line warnings printed before only counting
  size_t max_smiles_length = 1000;       ///< longer SMILES count as invalid, unparsed (0 = no limit)
};

struct PropsReport {
  int64_t lines = 0;    ///< records read
  int64_t valid = 0;    ///< molecules RDKit parsed, with properties
  int64_t invalid = 0;  ///< unparsable SMILES or broken lines (empty property fields)
  int64_t empty = 0;    ///< empty lines (also written with valid=0)
};

PropsReport compute_props_file(const PropsOptions& options);

}  // namespace sild::core
