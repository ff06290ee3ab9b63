// SQLite connection, statements and transactions (see database.h).
#include "src/store/database.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <sstream>
#include <thread>
#include <vector>

#include "common/errors.h"
#include "src/store/schema.h"

namespace sild::store {

std::string database_error_hint(int code) {
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return "another process holds the database's lock; wait for it to finish, or use another --store";
    case SQLITE_READONLY:
      return "the database or its folder is read-only; make it writable, or use another --store";
    case SQLITE_NOTADB:
      return "the file is not a SQLite database; pass a sild results database with --store, or a new path";
    case SQLITE_CORRUPT:
      return "the database is corrupt; move it aside (or restore a backup) and use a new --store";
    case SQLITE_FULL:
      return "the disk is full";
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      return "check that the path exists and is readable and writable, or use another --store";
    default:
      return "check the path and permissions, or use another --store";
  }
}

Database::Database(const std::string& path, const DatabaseOptions& options) : path_(path) {
  std::error_code ignored;
  const bool existing = std::filesystem::file_size(path, ignored) > 0 && !ignored;
  int flags = options.read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (std::filesystem::is_directory(path)) {
    throw IoError(located(path, 0, "is a directory, not a database", "pass a database file with --store"));
  }
  if (sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
    std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
    const int code = db_ != nullptr ? sqlite3_extended_errcode(db_) : SQLITE_NOMEM;
    sqlite3_close(db_);
    db_ = nullptr;
    throw IoError(located(path, 0, "cannot open database: " + message, database_error_hint(code)));
  }
  sqlite3_busy_timeout(db_, options.busy_timeout_ms);
  sqlite3_extended_result_codes(db_, 1);
  // A database damaged in the middle opens fine and fails (or answers wrongly) later: check its
  // structure first. quick_check reads every page once, without the index cross-checks.
  if (existing) {
    Statement check(*this, "PRAGMA quick_check");
    std::vector<std::string> problems;  // one per line: a row may hold several
    while (check.step()) {
      std::istringstream rows(check.column_text(0));
      for (std::string line; std::getline(rows, line);) {
        if (!line.empty() && line.rfind("***", 0) != 0)
          problems.push_back(line);  // skip "*** in database main ***"
      }
    }
    if (problems.size() != 1 || problems[0] != "ok") {
      const std::string first = problems.empty() ? std::string("no verdict") : problems[0];
      throw IoError(
          located(path, 0,
                  fmt::format("the database failed its integrity check ({}{})", first,
                              problems.size() > 1 ? fmt::format("; {} findings", problems.size()) : ""),
                  database_error_hint(SQLITE_CORRUPT)));
    }
  }
  // Two processes creating the same new database contend for locks on which SQLite does not
  // always call the busy handler (switching to WAL, the first schema write): retry those steps
  // while the answer is "busy", up to the same timeout.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options.busy_timeout_ms);
  auto retry_while_busy = [&](const auto& step) {
    for (;;) {
      try {
        step();
        return;
      } catch (const IoError&) {
        if ((sqlite3_errcode(db_) & 0xff) != SQLITE_BUSY || std::chrono::steady_clock::now() > deadline)
          throw;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
  };
  if (!options.read_only) {
    retry_while_busy([&] { execute("PRAGMA journal_mode=WAL"); });
    execute("PRAGMA synchronous=NORMAL");
  }
  execute("PRAGMA foreign_keys=ON");
  if (!options.read_only) retry_while_busy([&] { migrate(*this); });
}

Database::~Database() { sqlite3_close_v2(db_); }

std::string Database::error_message() const { return path_ + ": " + sqlite3_errmsg(db_); }

void Database::execute(const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error != nullptr ? error : sqlite3_errmsg(db_);
    sqlite3_free(error);
    throw IoError(located(path_, 0, "database error: " + message, database_error_hint(sqlite3_errcode(db_))));
  }
}

int64_t Database::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }

Statement::Statement(Database& database, const std::string& sql) : database_(&database), sql_(sql) {
  if (sqlite3_prepare_v2(database.handle(), sql.c_str(), -1, &statement_, nullptr) != SQLITE_OK) {
    throw IoError(located(database.path(), 0,
                          "database error: " + std::string(sqlite3_errmsg(database.handle())),
                          database_error_hint(sqlite3_errcode(database.handle()))));
  }
}

Statement::Statement(Statement&& other) noexcept
    : database_(other.database_), statement_(other.statement_), sql_(std::move(other.sql_)) {
  other.statement_ = nullptr;
}

Statement::~Statement() { sqlite3_finalize(statement_); }

Statement& Statement::bind(int index, int64_t value) {
  sqlite3_bind_int64(statement_, index, value);
  return *this;
}
Statement& Statement::bind(int index, double value) {
  sqlite3_bind_double(statement_, index, value);
  return *this;
}
Statement& Statement::bind(int index, const std::string& value) {
  sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind_blob(int index, const std::string& bytes) {
  sqlite3_bind_blob64(statement_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(statement_, index);
  return *this;
}
Statement& Statement::bind(int index, const std::optional<double>& value) {
  return value ? bind(index, *value) : bind_null(index);
}

bool Statement::step() {
  int code = sqlite3_step(statement_);
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  std::string message = sqlite3_errmsg(database_->handle());
  const int error_code = sqlite3_errcode(database_->handle());
  sqlite3_reset(statement_);
  throw IoError(located(database_->path(), 0, "database error: " + message, database_error_hint(error_code)));
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

int64_t Statement::column_int(int index) const { return sqlite3_column_int64(statement_, index); }
double Statement::column_double(int index) const { return sqlite3_column_double(statement_, index); }
std::string Statement::column_text(int index) const {
  const unsigned char* text = sqlite3_column_text(statement_, index);
  return text != nullptr ? std::string(reinterpret_cast<const char*>(text)) : std::string();
}
std::string Statement::column_blob(int index) const {
  const void* data = sqlite3_column_blob(statement_, index);
  const int size = sqlite3_column_bytes(statement_, index);
  return data != nullptr ? std::string(static_cast<const char*>(data), static_cast<size_t>(size))
                         : std::string();
}
bool Statement::column_is_null(int index) const {
  return sqlite3_column_type(statement_, index) == SQLITE_NULL;
}

Transaction::Transaction(Database& database) : database_(database) { database_.execute("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (!done_) {
    try {
      database_.execute("ROLLBACK");
    } catch (const std::exception&) {
      // The connection may already have rolled back (e.g. after SQLITE_FULL); nothing to undo.
    }
  }
}

void Transaction::commit() {
  database_.execute("COMMIT");
  done_ = true;
}

}  // namespace sild::store
