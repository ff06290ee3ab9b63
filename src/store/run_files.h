// Provenance in the store: the files a run read ('in') and wrote ('out'), by role. Paths are
// stored absolute and normalised, so `sild report` can find the run that wrote a model or a
// library and the runs that used it, whatever directory each command ran from.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "src/store/database.h"

namespace sild::store {

struct RunFile {
  int64_t run_id = 0;
  std::string role;
  std::string direction;  ///< in | out
  std::string path;
};

/// Absolute, lexically normalised form of `path` (no trailing slash), as stored.
std::string normalised_path(const std::string& path);

/// Records (or replaces) one file of a run, in its own transaction; "-" (standard output) is not
/// recorded.
void record_run_file(Database& database, int64_t run_id, const std::string& role,
                     const std::string& direction, const std::string& path);

std::vector<RunFile> run_files(Database& database, int64_t run_id);

/// The latest finished run that wrote `path` (any role), if any.
std::optional<int64_t> producer_of(Database& database, const std::string& path);
/// Finished runs that read `path`, latest first, optionally only of one kind.
std::vector<int64_t> consumers_of(Database& database, const std::string& path, const std::string& kind = {});

}  // namespace sild::store
