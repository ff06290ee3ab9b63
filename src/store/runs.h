// Runs in the results store: a RunRecorder marks a run 'running' on start and 'finished',
// 'failed' or 'interrupted' at the end; a process killed outright leaves 'running' behind, which
// `sild runs list` shows as unfinished once its process is gone. Listing and showing runs.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "src/store/database.h"

namespace sild::store {

struct RunInfo {
  int64_t id = 0;
  std::string kind;
  std::string name;
  std::string command_line;
  std::string config;
  std::string versions;
  std::string host;
  int64_t pid = 0;
  std::string started_at;
  std::string ended_at;
  std::string status;  ///< as stored
  std::string message;
  /// 'running' for a live process on this host, 'unfinished' when the recorded process is gone.
  std::string effective_status() const;
};

struct RunStart {
  std::string kind;
  std::string name;
  std::string command_line;
  std::string config = "{}";
  std::string versions = "{}";
};

/// Records one run. Destroyed without finish(): marks the run interrupted when a SIGINT/SIGTERM
/// arrived (core::interrupted()), failed otherwise (an exception unwound it).
class RunRecorder {
 public:
  RunRecorder(Database& database, const RunStart& start);
  RunRecorder(const RunRecorder&) = delete;
  RunRecorder& operator=(const RunRecorder&) = delete;
  ~RunRecorder();

  int64_t id() const { return id_; }
  /// Replaces the run's config JSON (e.g. with the configuration resolved after start).
  void set_config(const std::string& config_json);
  /// Stores metrics in one transaction (replacing values of the same name).
  void add_metrics(const std::map<std::string, std::optional<double>>& metrics, const std::string& version);
  void finish(const std::string& status = "finished", const std::string& message = {});

 private:
  Database& database_;
  int64_t id_ = 0;
  bool finished_ = false;
};

std::vector<RunInfo> list_runs(Database& database, int64_t limit = 50);
std::optional<RunInfo> find_run(Database& database, int64_t id);
std::map<std::string, std::optional<double>> run_metrics(Database& database, int64_t id);

/// UTC time as ISO 8601 with seconds, e.g. 2026-11-24T04:12:00Z.
std::string utc_now();

}  // namespace sild::store
