// `sild runs list` and `sild runs show ID`: what the results store holds.
#include <fmt/format.h>

#include <iostream>
#include <limits>

#include "common/errors.h"
#include "src/cli/command.h"
#include "src/store/database.h"
#include "src/store/run_files.h"
#include "src/store/runs.h"
#include "src/util/option_value.h"

namespace sild::cli {

int run_runs(const std::vector<std::string>& args) {
  std::string action;
  int64_t id = 0;
  int64_t limit = 50;
  std::string kind, name;
  bool ids_only = false;
  std::string store_path = "sild.sqlite";
  po::options_description flags("runs options");
  flags.add_options()("action", po::value(&action), "list or show")(
      "id", po::value(&id), "run id (for show)")("store", core::value_with_default(&store_path),
                                                 "results database")(
      "limit", core::value_with_default(&limit), "newest runs to list")(
      "kind", po::value(&kind), "list only runs of this kind (train, sample, generate, eval, ...)")(
      "name", po::value(&name), "list only runs of this name (--run-name of the command that made them)")(
      "ids-only", po::bool_switch(&ids_only), "list: print only the run ids, newest first (for scripts)");
  po::positional_options_description positional;
  positional.add("action", 1).add("id", 1);
  po::variables_map values;
  if (!parse_command_line("runs", "list | show ID [--store DB]", args, flags, values, &positional)) return 0;
  if (action.empty()) throw UsageError("sild runs: expected 'list' or 'show ID' (see 'sild runs --help')");
  if (action != "list" && action != "show")
    throw UsageError("sild runs: expected 'list' or 'show ID', not '" + action + "'");
  if (action == "show" && values.count("id") == 0) throw UsageError("sild runs show: needs a run id");
  require_existing_store(store_path);
  store::DatabaseOptions read_only;  // reading needs no write access to the store or its folder
  read_only.read_only = true;
  store::Database database(store_path, read_only);
  if (action == "list") {
    if (!ids_only)
      std::cout << fmt::format("{:>5}  {:<10} {:<12} {:<20} {}\n", "id", "kind", "status", "started", "name");
    int64_t listed = 0;
    for (const auto& run : store::list_runs(
             database, kind.empty() && name.empty() ? limit : std::numeric_limits<int64_t>::max())) {
      if (!kind.empty() && run.kind != kind) continue;
      if (!name.empty() && run.name != name) continue;
      if (++listed > limit) break;
      if (ids_only) {
        std::cout << run.id << "\n";
        continue;
      }
      std::cout << fmt::format("{:>5}  {:<10} {:<12} {:<20} {}\n", run.id, run.kind, run.effective_status(),
                               run.started_at, run.name);
    }
    return 0;
  }
  auto run = store::find_run(database, id);
  if (!run)
    throw InputError(located(store_path, 0, "no run with id " + std::to_string(id), "see 'sild runs list'"));
  std::cout << fmt::format(
      "run {}\n  kind:     {}\n  name:     {}\n  status:   {}\n  started:  {}\n  ended:    {}\n"
      "  command:  {}\n  host/pid: {}/{}\n  config:   {}\n  versions: {}\n",
      run->id, run->kind, run->name, run->effective_status(), run->started_at, run->ended_at,
      run->command_line, run->host, run->pid, run->config, run->versions);
  if (!run->message.empty()) std::cout << "  message:  " << run->message << "\n";
  auto metrics = store::run_metrics(database, id);
  const auto files = store::run_files(database, id);
  if (!files.empty()) std::cout << "files:\n";
  for (const auto& file : files)
    std::cout << fmt::format("  {:<4} {:<16} {}\n", file.direction, file.role, file.path);
  if (!metrics.empty()) std::cout << "metrics:\n";
  for (const auto& [name, value] : metrics) {
    std::cout << fmt::format("  {:<16} {}\n", name, value ? fmt::format("{:.6g}", *value) : "unavailable");
  }
  return 0;
}

}  // namespace sild::cli
