// RAII over SQLite (style S6): a connection, prepared statements and a transaction guard that
// rolls back unless committed. WAL mode and a busy timeout are set on open so several sild
// processes can share one database. Only prepared statements with bound parameters are used.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace sild::store {

class Database;

/// A prepared statement. Bind parameters are 1-based like SQLite's.
class Statement {
 public:
  Statement(Database& database, const std::string& sql);
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept;
  ~Statement();

  Statement& bind(int index, int64_t value);
  Statement& bind(int index, double value);
  Statement& bind(int index, const std::string& value);
  Statement& bind_null(int index);
  /// Binds bytes as a BLOB.
  Statement& bind_blob(int index, const std::string& bytes);
  /// Binds an optional: null when empty.
  Statement& bind(int index, const std::optional<double>& value);

  /// Advances to the next row; false when done. Throws IoError on failure (busy after timeout too).
  bool step();
  /// Runs a statement that returns no rows, then resets it for reuse.
  void run();
  void reset();

  int64_t column_int(int index) const;
  double column_double(int index) const;
  std::string column_text(int index) const;
  bool column_is_null(int index) const;
  std::string column_blob(int index) const;

 private:
  Database* database_;
  sqlite3_stmt* statement_ = nullptr;
  std::string sql_;
};

/// The hint for an SQLite result code: locked, read-only, not a database, corrupt, disk full.
std::string database_error_hint(int code);

struct DatabaseOptions {
  int busy_timeout_ms = 30000;  ///< how long a writer waits for another process's lock
  bool read_only = false;
};

class Database {
 public:
  /// Opens (creating if needed) the database and applies pending schema migrations.
  explicit Database(const std::string& path, const DatabaseOptions& options = {});
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  /// Runs SQL without parameters (schema, pragmas). Throws IoError naming the database.
  void execute(const std::string& sql);
  int64_t last_insert_id() const;
  const std::string& path() const { return path_; }
  sqlite3* handle() { return db_; }
  /// The last SQLite error as "path: message".
  std::string error_message() const;

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

/// BEGIN IMMEDIATE on construction (takes the write lock at once, so busy waits happen here and
/// not mid-transaction); ROLLBACK in the destructor unless commit() was called.
class Transaction {
 public:
  explicit Transaction(Database& database);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();

 private:
  Database& database_;
  bool done_ = false;
};

}  // namespace sild::store
