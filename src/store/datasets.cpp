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
  Statement split_insert(database,
                         "INSERT INTO splits (dataset_id, name, path, molecules, content_hash) VALUES (?, ?, ?, ?, ?)");
  for (size_t i = 0; i < splits.size(); ++i) {
    split_insert.bind(1, id).bind(2, splits[i].name).bind(3, splits[i].path).bind(4, splits[i].molecules).bind(5, hashes[i]);
    split_insert.run();
  }
  transaction.commit();
  return id;
}

}  // namespace sild::store
