// Generated molecules of a run in the store, with validity and properties, written in one
// transaction (properties computed in parallel beforehand).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chem/properties.h"
#include "src/store/database.h"

namespace sild::store {

struct StoredMolecules {
  int64_t total = 0;
  int64_t valid = 0;
};

/// Stores `smiles` (in order, index = position) for `run_id` with valid/QED/SA/logP/MW.
StoredMolecules store_molecules(Database& database, int64_t run_id, const std::vector<std::string>& smiles,
                                int threads = 0);
/// The same with properties the caller already has (nullopt = invalid molecule).
StoredMolecules store_molecules(Database& database, int64_t run_id, const std::vector<std::string>& smiles,
                                const std::vector<std::optional<chem::MolProperties>>& properties);

struct MoleculeRow {
  int64_t index = 0;
  std::string smiles;
  bool valid = false;
  std::optional<double> qed, sa, logp, mw;
};

/// The molecules stored for a run, in index order.
std::vector<MoleculeRow> run_molecules(Database& database, int64_t run_id);

}  // namespace sild::store
