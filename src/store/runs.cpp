// Run bookkeeping in the store (see runs.h).
#include "src/store/runs.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <ctime>

#include "src/util/interrupt.h"

namespace sild::store {
namespace {

std::string host_name() {
  char buffer[256] = {};
  if (gethostname(buffer, sizeof(buffer) - 1) != 0) return "unknown";
  return buffer;
}

RunInfo read_run(const Statement& row) {
  RunInfo info;
  info.id = row.column_int(0);
  info.kind = row.column_text(1);
  info.name = row.column_text(2);
  info.command_line = row.column_text(3);
  info.config = row.column_text(4);
  info.versions = row.column_text(5);
  info.host = row.column_text(6);
  info.pid = row.column_int(7);
  info.started_at = row.column_text(8);
  info.ended_at = row.column_text(9);
  info.status = row.column_text(10);
  info.message = row.column_text(11);
  return info;
}

constexpr const char* kRunColumns =
    "id, kind, name, command_line, config, versions, host, pid, started_at, ended_at, status, message";

}  // namespace

std::string utc_now() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

std::string RunInfo::effective_status() const {
  if (status != "running") return status;
  if (host != host_name()) return status;
  bool alive = ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
  return alive ? "running" : "unfinished";
}

RunRecorder::RunRecorder(Database& database, const RunStart& start) : database_(database) {
  Transaction transaction(database_);
  Statement insert(
      database_,
      "INSERT INTO runs (kind, name, command_line, config, versions, host, pid, started_at, status) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running')");
  insert.bind(1, start.kind).bind(2, start.name).bind(3, start.command_line).bind(4, start.config);
  insert.bind(5, start.versions).bind(6, host_name()).bind(7, static_cast<int64_t>(::getpid()));
  insert.bind(8, utc_now());
  insert.run();
  id_ = database_.last_insert_id();
  transaction.commit();
}

void RunRecorder::set_config(const std::string& config_json) {
  Statement update(database_, "UPDATE runs SET config = ? WHERE id = ?");
  update.bind(1, config_json).bind(2, id_);
  update.run();
}

RunRecorder::~RunRecorder() {
  if (finished_) return;
  try {
    if (core::interrupted()) {
      finish("interrupted", "stopped by a signal (Ctrl-C)");
      return;
    }
    finish("failed", "the command ended with an error");
  } catch (const std::exception&) {
    // The store itself failed; the run stays 'running' and shows as unfinished later.
  }
}

void RunRecorder::add_metrics(const std::map<std::string, std::optional<double>>& metrics,
                              const std::string& version) {
  Transaction transaction(database_);
  Statement insert(database_,
                   "INSERT OR REPLACE INTO metrics (run_id, name, value, version) VALUES (?, ?, ?, ?)");
  for (const auto& [name, value] : metrics) {
    insert.bind(1, id_).bind(2, name).bind(3, value).bind(4, version);
    insert.run();
  }
  transaction.commit();
}

void RunRecorder::finish(const std::string& status, const std::string& message) {
  finished_ = true;
  Transaction transaction(database_);
  Statement update(database_, "UPDATE runs SET status = ?, ended_at = ?, message = ? WHERE id = ?");
  update.bind(1, status).bind(2, utc_now()).bind(3, message).bind(4, id_);
  update.run();
  transaction.commit();
}

std::vector<RunInfo> list_runs(Database& database, int64_t limit) {
  Statement query(database, std::string("SELECT ") + kRunColumns + " FROM runs ORDER BY id DESC LIMIT ?");
  query.bind(1, limit);
  std::vector<RunInfo> runs;
  while (query.step()) runs.push_back(read_run(query));
  return runs;
}

std::optional<RunInfo> find_run(Database& database, int64_t id) {
  Statement query(database, std::string("SELECT ") + kRunColumns + " FROM runs WHERE id = ?");
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  return read_run(query);
}

std::map<std::string, std::optional<double>> run_metrics(Database& database, int64_t id) {
  Statement query(database, "SELECT name, value FROM metrics WHERE run_id = ? ORDER BY name");
  query.bind(1, id);
  std::map<std::string, std::optional<double>> metrics;
  while (query.step()) {
    metrics[query.column_text(0)] =
        query.column_is_null(1) ? std::nullopt : std::optional<double>(query.column_double(1));
  }
  return metrics;
}

}  // namespace sild::store
