// Prepared datasets and their splits in the store.
#pragma once

#include <string>
#include <vector>

#include "src/store/database.h"

namespace sild::store {

struct SplitRecord {
  std::string name;   ///< train, test, test_scaffolds
  std::string path;
  int64_t molecules = 0;
};

/// Records (or replaces) a dataset with its options, skip counts and splits, in one transaction.
int64_t record_dataset(Database& database, const std::string& name, const std::string& source,
                       const std::string& options_json, const std::string& counts_json,
                       const std::vector<SplitRecord>& splits);

}  // namespace sild::store
