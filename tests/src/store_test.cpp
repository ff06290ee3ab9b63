// The SQLite results store: migrations, run lifecycle, concurrent writers, killed processes and
// locked databases.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "common/errors.h"
#include "src/store/database.h"
#include "src/store/runs.h"
#include "src/store/schema.h"
#include "test_support.h"

namespace sild::store {
namespace {

std::string fresh_db(const std::string& name) { return (test::temp_dir(name) / "sild.sqlite").string(); }

std::string integrity(Database& database) {
  Statement check(database, "PRAGMA integrity_check");
  check.step();
  return check.column_text(0);
}

TEST(StoreTest, CreatesTheSchemaAtTheCurrentVersionInWalMode) {
  Database database(fresh_db("store-schema"));
  Statement version(database, "PRAGMA user_version");
  ASSERT_TRUE(version.step());
  EXPECT_EQ(version.column_int(0), current_schema_version());
  Statement mode(database, "PRAGMA journal_mode");
  ASSERT_TRUE(mode.step());
  EXPECT_EQ(mode.column_text(0), "wal");
}

TEST(StoreTest, RefusesADatabaseFromANewerSild) {
  auto path = fresh_db("store-newer");
  { Database(path).execute("PRAGMA user_version = 999"); }
  EXPECT_THROW(Database{path}, IoError);
}

/// The IoError message of opening (and using) `path`, or "" when it worked.
std::string open_error(const std::string& path, const std::string& sql = "SELECT 1",
                       const DatabaseOptions& options = {}) {
  try {
    Database database(path, options);
    database.execute(sql);
    return "";
  } catch (const IoError& error) {
    return error.what();
  }
}

// Issue 20, defect 9: every store problem got the same "lock or disk full" hint, and a database
// damaged in the middle was used silently. Each kind now has its own message and hint.
TEST(StoreTest, NotADatabaseCorruptReadOnlyAndDirectoryEachHaveTheirOwnHint) {
  auto dir = test::temp_dir("store-problems");
  std::ofstream((dir / "notes.txt").string()) << "these are my notes, not a database\n";
  const std::string not_db = open_error((dir / "notes.txt").string());
  EXPECT_NE(not_db.find("not a SQLite database"), std::string::npos) << not_db;

  const std::string good = (dir / "good.sqlite").string();
  {
    Database database(good);
    RunRecorder run(database, RunStart{"eval", "a", "sild eval", "{}", "{}"});
    for (int i = 0; i < 300; ++i) run.add_metrics({{"m" + std::to_string(i), 1.0 * i}}, "1");
    run.finish();
    database.execute("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  std::filesystem::copy_file(good, dir / "corrupt.sqlite");
  {
    const auto size = std::filesystem::file_size(dir / "corrupt.sqlite");
    std::fstream file(dir / "corrupt.sqlite", std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(size / 2));
    const std::string junk(4096, '\xAB');
    file.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  const std::string corrupt = open_error((dir / "corrupt.sqlite").string());
  EXPECT_NE(corrupt.find("the database is corrupt"), std::string::npos) << corrupt;  // the hint
  EXPECT_EQ(corrupt.find('\n'), std::string::npos) << "one line: " << corrupt;

  DatabaseOptions read_only;
  read_only.read_only = true;
  EXPECT_EQ(open_error(good, "SELECT count(*) FROM runs", read_only),
            "");  // `runs list` needs no write access
  const std::string refused = open_error(good, "DELETE FROM runs", read_only);
  EXPECT_NE(refused.find("read-only"), std::string::npos) << refused;

  const std::string directory = open_error(dir.string());
  EXPECT_NE(directory.find("is a directory"), std::string::npos) << directory;
  for (const auto* message : {&not_db, &corrupt, &refused, &directory}) {
    EXPECT_EQ(message->find("another process"), std::string::npos) << *message;
  }
}

TEST(StoreTest, RecordsARunWithMetricsAndItsEnd) {
  Database database(fresh_db("store-run"));
  int64_t id;
  {
    RunRecorder run(database, {"eval", "first", "sild eval --generated g.smi"});
    id = run.id();
    run.add_metrics({{"valid", 0.5}, {"FCD/Test", std::nullopt}}, "1");
    EXPECT_EQ(find_run(database, id)->effective_status(), "running");
    run.finish();
  }
  auto info = find_run(database, id);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->status, "finished");
  EXPECT_FALSE(info->ended_at.empty());
  auto metrics = run_metrics(database, id);
  EXPECT_DOUBLE_EQ(*metrics.at("valid"), 0.5);
  EXPECT_FALSE(metrics.at("FCD/Test").has_value());
  EXPECT_EQ(list_runs(database).size(), 1u);
  EXPECT_FALSE(find_run(database, id + 1));
}

TEST(StoreTest, MarksARunFailedWhenAnExceptionUnwindsIt) {
  Database database(fresh_db("store-failed"));
  int64_t id = 0;
  try {
    RunRecorder run(database, {"eval", "", "sild eval"});
    id = run.id();
    throw InputError("bad input");
  } catch (const InputError&) {
  }
  EXPECT_EQ(find_run(database, id)->status, "failed");
}

TEST(StoreTest, AKilledRunLeavesAnIntactDatabaseShowingTheRunUnfinished) {
  auto path = fresh_db("store-kill");
  { Database create(path); }
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    Database database(path);
    RunRecorder run(database, {"train", "", "sild train"});
    Transaction open_transaction(database);  // killed mid-transaction
    Statement insert(
        database, "INSERT INTO curves (run_id, stage, step, name, value) VALUES (?, 's1', 1, 'loss', 1.0)");
    insert.bind(1, run.id()).run();
    ::kill(::getpid(), SIGKILL);
  }
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  Database database(path);
  EXPECT_EQ(integrity(database), "ok");
  auto runs = list_runs(database);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].status, "running");
  EXPECT_EQ(runs[0].effective_status(), "unfinished");
  Statement curves(database, "SELECT count(*) FROM curves");
  curves.step();
  EXPECT_EQ(curves.column_int(0), 0);  // the uncommitted row is gone
}

TEST(StoreTest, TwoProcessesWritingAtOnceBothSucceedAndNothingIsLost) {
  auto path = fresh_db("store-concurrent");
  { Database create(path); }
  constexpr int kRunsPerProcess = 40;
  constexpr int kMetricsPerRun = 25;
  std::vector<pid_t> children;
  for (int p = 0; p < 2; ++p) {
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      try {
        Database database(path);
        for (int r = 0; r < kRunsPerProcess; ++r) {
          RunRecorder run(database, {"eval", "p" + std::to_string(p), "sild eval"});
          std::map<std::string, std::optional<double>> metrics;
          for (int m = 0; m < kMetricsPerRun; ++m) metrics["m" + std::to_string(m)] = m;
          run.add_metrics(metrics, "1");
          run.finish();
        }
      } catch (const std::exception& error) {
        std::fprintf(stderr, "child failed: %s\n", error.what());
        _exit(1);
      }
      _exit(0);
    }
    children.push_back(child);
  }
  for (pid_t child : children) {
    int status = 0;
    waitpid(child, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  Database database(path);
  Statement runs(database, "SELECT count(*) FROM runs WHERE status = 'finished'");
  runs.step();
  EXPECT_EQ(runs.column_int(0), 2 * kRunsPerProcess);
  Statement metrics(database, "SELECT count(*) FROM metrics");
  metrics.step();
  EXPECT_EQ(metrics.column_int(0), 2 * kRunsPerProcess * kMetricsPerRun);
  EXPECT_EQ(integrity(database), "ok");
}

TEST(StoreTest, ALockHeldTooLongGivesAClearErrorNamingTheDatabase) {
  auto path = fresh_db("store-locked");
  Database holder(path);
  Transaction held(holder);
  DatabaseOptions impatient;
  impatient.busy_timeout_ms = 100;
  Database waiter(path, impatient);
  try {
    RunRecorder run(waiter, {"eval", "", "sild eval"});
    FAIL() << "write succeeded under a held lock";
  } catch (const IoError& error) {
    EXPECT_NE(std::string(error.what()).find(path), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace sild::store
