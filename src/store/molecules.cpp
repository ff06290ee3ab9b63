// Writing generated molecules with their properties (see molecules.h).
#include "src/store/molecules.h"

#include <optional>

#include "chem/mol_io.h"
#include "chem/properties.h"
#include "chem/sa_score.h"
#include "common/errors.h"
#include "common/parallel.h"

namespace sild::store {

StoredMolecules store_molecules(Database& database, int64_t run_id, const std::vector<std::string>& smiles,
                                int threads) {
  const chem::SaScorer scorer;
  std::vector<std::optional<chem::MolProperties>> properties(smiles.size());
  parallel_for(smiles.size(), threads, [&](size_t i) {
    auto mol = chem::mol_from_smiles(smiles[i]);
    if (!mol) return;
    try {
      properties[i] = chem::compute_properties(chem::read_only(mol), scorer);
    } catch (const InputError&) {
    }
  });
  return store_molecules(database, run_id, smiles, properties);
}

StoredMolecules store_molecules(Database& database, int64_t run_id, const std::vector<std::string>& smiles,
                                const std::vector<std::optional<chem::MolProperties>>& properties) {
  SILD_ASSERT(properties.size() == smiles.size(), "one property entry per molecule");
  StoredMolecules stored;
  Transaction transaction(database);
  Statement insert(database,
                   "INSERT OR REPLACE INTO molecules (run_id, idx, smiles, valid, qed, sa, logp, mw) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  for (size_t i = 0; i < smiles.size(); ++i) {
    const auto& p = properties[i];
    insert.bind(1, run_id)
        .bind(2, static_cast<int64_t>(i))
        .bind(3, smiles[i])
        .bind(4, static_cast<int64_t>(p ? 1 : 0));
    insert.bind(5, p ? std::optional<double>(p->qed) : std::nullopt);
    insert.bind(6, p ? std::optional<double>(p->sa) : std::nullopt);
    insert.bind(7, p ? std::optional<double>(p->logp) : std::nullopt);
    insert.bind(8, p ? std::optional<double>(p->mw) : std::nullopt);
    insert.run();
    ++stored.total;
    stored.valid += p ? 1 : 0;
  }
  transaction.commit();
  return stored;
}

std::vector<MoleculeRow> run_molecules(Database& database, int64_t run_id) {
  Statement select(
      database, "SELECT idx, smiles, valid, qed, sa, logp, mw FROM molecules WHERE run_id = ? ORDER BY idx");
  select.bind(1, run_id);
  std::vector<MoleculeRow> rows;
  auto optional = [&](int column) {
    return select.column_is_null(column) ? std::nullopt : std::optional<double>(select.column_double(column));
  };
  while (select.step()) {
    rows.push_back({select.column_int(0), select.column_text(1), select.column_int(2) != 0, optional(3),
                    optional(4), optional(5), optional(6)});
  }
  return rows;
}

}  // namespace sild::store
