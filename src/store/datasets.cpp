// Dataset rows (see datasets.h).
#include "src/store/datasets.h"

#include "src/store/runs.h"
#include "src/store/stats_cache.h"

namespace sild::store {

int64_t record_dataset(Database& database, const std::string& name, const std::string& source,
                       const std::string& options_json, const std::string& counts_json,
                       const std::vector<SplitRecord>& splits) {
  std::vector<std::string> hashes;
  for (const auto& split : splits) hashes.push_back(file_content_hash(split.path));
  Transaction transaction(database);
  Statement remove(database, "DELETE FROM datasets WHERE name = ?");
  remove.bind(1, name).run();
  Statement insert(database,
                   "INSERT INTO datasets (name, source, options, counts, created_at) VALUES (?, ?, ?, ?, ?)");
  insert.bind(1, name).bind(2, source).bind(3, options_json).bind(4, counts_json).bind(5, utc_now());
  insert.run();
  const int64_t id = database.last_insert_id();
  Statement split_insert(
      database,
      "INSERT INTO splits (dataset_id, name, path, molecules, content_hash) VALUES (?, ?, ?, ?, ?)");
  for (size_t i = 0; i < splits.size(); ++i) {
    split_insert.bind(1, id)
        .bind(2, splits[i].name)
        .bind(3, splits[i].path)
        .bind(4, splits[i].molecules)
        .bind(5, hashes[i]);
    split_insert.run();
  }
  transaction.commit();
  return id;
}

namespace {

std::vector<DatasetInfo> query_datasets(Database& database, const std::optional<std::string>& name) {
  Statement query(database,
                  std::string("SELECT id, name, source, options, counts, created_at FROM datasets") +
                      (name ? " WHERE name = ?" : "") + " ORDER BY name");
  if (name) query.bind(1, *name);
  std::vector<DatasetInfo> datasets;
  while (query.step()) {
    datasets.push_back({query.column_int(0),
                        query.column_text(1),
                        query.column_text(2),
                        query.column_text(3),
                        query.column_text(4),
                        query.column_text(5),
                        {}});
  }
  Statement splits(database, "SELECT name, path, molecules FROM splits WHERE dataset_id = ? ORDER BY id");
  for (auto& dataset : datasets) {
    splits.bind(1, dataset.id);
    while (splits.step())
      dataset.splits.push_back({splits.column_text(0), splits.column_text(1), splits.column_int(2)});
    splits.reset();
  }
  return datasets;
}

}  // namespace

std::vector<DatasetInfo> list_datasets(Database& database) { return query_datasets(database, std::nullopt); }

std::optional<DatasetInfo> find_dataset(Database& database, const std::string& name) {
  auto found = query_datasets(database, name);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

}  // namespace sild::store
