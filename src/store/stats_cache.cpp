// Statistics cache (see stats_cache.h).
#include "src/store/stats_cache.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "common/errors.h"
#include "common/fnv1a.h"

namespace sild::store {

std::optional<std::string> cached_stats(Database& database, const std::string& content_hash,
                                        const std::string& kind, const std::string& version) {
  Statement query(database,
                  "SELECT data FROM split_stats WHERE content_hash = ? AND kind = ? AND version = ?");
  query.bind(1, content_hash).bind(2, kind).bind(3, version);
  if (!query.step()) return std::nullopt;
  return query.column_blob(0);
}

void put_cached_stats(Database& database, const std::string& content_hash, const std::string& kind,
                      const std::string& version, const std::string& bytes) {
  Transaction transaction(database);
  Statement insert(
      database, "INSERT OR REPLACE INTO split_stats (content_hash, kind, version, data) VALUES (?, ?, ?, ?)");
  insert.bind(1, content_hash).bind(2, kind).bind(3, version).bind_blob(4, bytes);
  insert.run();
  transaction.commit();
}

std::string file_content_hash(const std::string& path) {
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) {  // an ifstream opens it and reads nothing
    throw IoError(located(path, 0, "is a directory, not a file", "name a file inside it"));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(located(path, 0, "cannot open file", "check the path and permissions"));
  Fnv1a hash;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof(buffer)) || in.gcount() > 0)
    hash.update(buffer, static_cast<size_t>(in.gcount()));
  if (in.bad()) throw IoError(located(path, 0, "read failed"));
  return fmt::format("{:016x}", hash.value());
}

}  // namespace sild::store
