// Run provenance queries (see run_files.h).
#include "src/store/run_files.h"

#include <filesystem>

namespace sild::store {

std::string normalised_path(const std::string& path) {
  auto normal = std::filesystem::absolute(path).lexically_normal().string();
  while (normal.size() > 1 && normal.back() == '/') normal.pop_back();
  return normal;
}

void record_run_file(Database& database, int64_t run_id, const std::string& role,
                     const std::string& direction, const std::string& path) {
  if (path == "-") return;  // standard output: no file to follow later
  Transaction transaction(database);
  Statement insert(database,
                   "INSERT OR REPLACE INTO run_files (run_id, role, direction, path) VALUES (?, ?, ?, ?)");
  insert.bind(1, run_id).bind(2, role).bind(3, direction).bind(4, normalised_path(path));
  insert.run();
  transaction.commit();
}

std::vector<RunFile> run_files(Database& database, int64_t run_id) {
  Statement select(database,
                   "SELECT role, direction, path FROM run_files WHERE run_id = ? ORDER BY direction, role");
  select.bind(1, run_id);
  std::vector<RunFile> files;
  while (select.step())
    files.push_back({run_id, select.column_text(0), select.column_text(1), select.column_text(2)});
  return files;
}

std::optional<int64_t> producer_of(Database& database, const std::string& path) {
  Statement select(
      database,
      "SELECT f.run_id FROM run_files f JOIN runs r ON r.id = f.run_id "
      "WHERE f.path = ? AND f.direction = 'out' AND r.status = 'finished' ORDER BY f.run_id DESC LIMIT 1");
  select.bind(1, normalised_path(path));
  if (!select.step()) return std::nullopt;
  return select.column_int(0);
}

std::vector<int64_t> consumers_of(Database& database, const std::string& path, const std::string& kind) {
  Statement select(
      database,
      "SELECT DISTINCT f.run_id FROM run_files f JOIN runs r ON r.id = f.run_id "
      "WHERE f.path = ? AND f.direction = 'in' AND r.status = 'finished' AND (? = '' OR r.kind = ?) "
      "ORDER BY f.run_id DESC");
  select.bind(1, normalised_path(path)).bind(2, kind).bind(3, kind);
  std::vector<int64_t> runs;
  while (select.step()) runs.push_back(select.column_int(0));
  return runs;
}

}  // namespace sild::store
