// Prepared datasets and their splits in the store.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "src/store/database.h"

namespace sild::store {

struct SplitRecord {
  std::string name;  ///< train, valid, test, test_scaffolds
  std::string path;
  int64_t molecules = 0;
};

/// Records (or replaces) a dataset with its options, skip counts and splits, in one transaction.
int64_t record_dataset(Database& database, const std::string& name, const std::string& source,
                       const std::string& options_json, const std::string& counts_json,
                       const std::vector<SplitRecord>& splits);

/// A dataset as the store holds it.
struct DatasetInfo {
  int64_t id = 0;
  std::string name;
  std::string source;        ///< the input file(s) or URL(s)
  std::string options_json;  ///< how it was prepared
  std::string counts_json;   ///< lines read and skipped by reason
  std::string created_at;
  std::vector<SplitRecord> splits;  ///< in the order they were recorded
};

/// Every dataset, by name.
std::vector<DatasetInfo> list_datasets(Database& database);
/// The dataset called `name`, if the store has it.
std::optional<DatasetInfo> find_dataset(Database& database, const std::string& name);

}  // namespace sild::store
