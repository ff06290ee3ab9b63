// Migrations of the results store (see schema.h). Append new migrations; never edit old ones.
#include "src/store/schema.h"

#include <string>
#include <vector>

#include "common/errors.h"
#include "src/store/database.h"

namespace sild::store {
namespace {

const std::vector<std::string>& migrations() {
  static const std::vector<std::string> kMigrations = {
      // 1: runs, their metrics, molecules and curves; datasets and splits with cached stats.
      R"sql(
      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,              -- eval, train, sample, generate, ...
        name TEXT,
        command_line TEXT NOT NULL,
        config TEXT NOT NULL,            -- resolved options as JSON
        versions TEXT NOT NULL,          -- sild, RDKit, LibTorch, metric versions as JSON
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        started_at TEXT NOT NULL,        -- UTC ISO 8601
        ended_at TEXT,
        status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed', 'interrupted')),
        message TEXT
      );
      CREATE TABLE metrics (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        value REAL,                      -- NULL when unavailable (e.g. FCD without weights)
        version TEXT NOT NULL,
        PRIMARY KEY (run_id, name)
      );
      CREATE TABLE molecules (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        smiles TEXT NOT NULL,
        valid INTEGER NOT NULL,
        qed REAL, sa REAL, logp REAL, mw REAL,
        PRIMARY KEY (run_id, idx)
      );
      CREATE TABLE curves (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        stage TEXT NOT NULL,
        step INTEGER NOT NULL,
        name TEXT NOT NULL,
        value REAL NOT NULL,
        PRIMARY KEY (run_id, stage, step, name)
      );
      CREATE TABLE datasets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        options TEXT NOT NULL,
        counts TEXT NOT NULL,            -- lines read and skipped by reason, as JSON
        created_at TEXT NOT NULL
      );
      CREATE TABLE splits (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        name TEXT NOT NULL,              -- train, test, test_scaffolds
        path TEXT NOT NULL,
        molecules INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        UNIQUE (dataset_id, name)
      );
      CREATE TABLE split_stats (
        content_hash TEXT NOT NULL,      -- cached by content, so a renamed copy reuses them
        kind TEXT NOT NULL,
        version TEXT NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (content_hash, kind, version)
      );
      )sql",
      // 2: provenance. The files each run read and wrote, so a report can follow
      // train -> generate/sample -> eval through the paths they share.
      R"sql(
      CREATE TABLE run_files (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        role TEXT NOT NULL,              -- model, library, generated, test, train, ...
        direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
        path TEXT NOT NULL,              -- absolute, normalised
        PRIMARY KEY (run_id, role, direction)
      );
      CREATE INDEX run_files_by_path ON run_files (path, direction);
      )sql",
  };
  return kMigrations;
}

int user_version(Database& database) {
  Statement statement(database, "PRAGMA user_version");
  statement.step();
  return static_cast<int>(statement.column_int(0));
}

}  // namespace

int current_schema_version() { return static_cast<int>(migrations().size()); }

void migrate(Database& database) {
  int version = user_version(database);
  if (version > current_schema_version()) {
    throw IoError(located(database.path(), 0,
                          "database schema version " + std::to_string(version) +
                              " is newer than this sild understands (" +
                              std::to_string(current_schema_version()) + ")",
                          "upgrade sild or use another --store"));
  }
  while (version < current_schema_version()) {
    Transaction transaction(database);
    // Re-read under the write lock: another process may have migrated meanwhile.
    version = user_version(database);
    if (version >= current_schema_version()) break;
    database.execute(migrations()[static_cast<size_t>(version)]);
    database.execute("PRAGMA user_version = " + std::to_string(version + 1));
    transaction.commit();
    ++version;
  }
}

}  // namespace sild::store
