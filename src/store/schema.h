// The results store's schema, versioned through SQLite's user_version and upgraded by ordered
// migrations. A database newer than this sild is refused rather than guessed at.
#pragma once

namespace sild::store {

class Database;

/// Schema version this build writes.
int current_schema_version();

/// Applies every migration above the database's user_version, each in its own transaction.
/// Throws sild::IoError when the database was written by a newer sild.
void migrate(Database& database);

}  // namespace sild::store
