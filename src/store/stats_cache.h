// Cached reference statistics in the store (table split_stats), keyed by the content hash of the
// reference file, a kind and a version, so a second `sild eval` against the same split does not
// recompute them and a new metric version never reads stale ones.
#pragma once

#include <optional>
#include <string>

#include "src/store/database.h"

namespace sild::store {

std::optional<std::string> cached_stats(Database& database, const std::string& content_hash,
                                        const std::string& kind, const std::string& version);
void put_cached_stats(Database& database, const std::string& content_hash, const std::string& kind,
                      const std::string& version, const std::string& bytes);

/// A stable 64-bit FNV-1a hash of a file's bytes, as 16 hex digits (throws IoError).
std::string file_content_hash(const std::string& path);

}  // namespace sild::store
