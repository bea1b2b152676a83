// Internal SQLite helpers shared by storage/*.cc: errors as Status, cached statement use, and
// time columns. Not part of the storage interface; only storage/*.cc include this.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include <optional>
#include <string_view>

#include "rules/status.h"
#include "rules/time.h"

namespace nagame::storage::internal {

// True for SQLite result codes that mean the database cannot be used right now (I/O error,
// disk full, read-only file, locked past busy_timeout, cannot open, corrupt, not a database,
// out of memory, interrupted): the caller should retry later. False for codes that mean a bug
// in our SQL or bindings (constraint, misuse, range, mismatch, generic error).
bool IsUnavailableCode(int sqlite_result_code);

// Converts an SQLite failure into a Status: kUnavailable when IsUnavailableCode(), otherwise
// kInternal. The message is "<what>: <SQLite's message>"; it never holds bound values (SQLite's
// messages name tables and columns, not data), so it is safe to log.
Status StatusFromSqlite(const SQLite::Exception& e, std::string_view what);

// Whether the file `db` has open is no longer at the path it was opened from: deleted, renamed
// or replaced (SQLITE_FCNTL_HAS_MOVED). SQLite keeps reading and writing the old file, and
// whatever is committed there is gone once the connection closes.
bool FileMoved(SQLite::Database& db);

// OK when `db`'s file is still at its path and this process may write it and its WAL
// (access(2) with W_OK: catches a read-only mount, an immutable file or a permission change
// made while the file is open, which a probe that changes nothing never hits because it never
// reaches the disk). Errors: kUnavailable, "<what> file was deleted or moved" or "<what> file
// is not writable (<reason>)".
Status CheckFileWritable(SQLite::Database& db, std::string_view what);

// Resets a (cached) statement when it goes out of scope, even when a step threw, so that it
// releases its read snapshot and can be bound again. Bindings are overwritten by the next use.
class StatementUse {
 public:
  explicit StatementUse(SQLite::Statement& statement) : statement_(statement) {}
  ~StatementUse() { statement_.tryReset(); }
  StatementUse(const StatementUse&) = delete;
  StatementUse& operator=(const StatementUse&) = delete;
  SQLite::Statement* operator->() { return &statement_; }
  SQLite::Statement& operator*() { return statement_; }

 private:
  SQLite::Statement& statement_;
};

// Time columns are INTEGER nanoseconds since the Unix epoch (UTC); NULL for "unset".
inline void BindTime(SQLite::Statement& s, int index, Time t) {
  s.bind(index, static_cast<int64_t>(ToUnixNanos(t)));
}
void BindOptionalTime(SQLite::Statement& s, int index, const std::optional<Time>& t);
inline Time TimeColumn(const SQLite::Statement& s, int index) {
  return FromUnixNanos(s.getColumn(index).getInt64());
}
std::optional<Time> OptionalTimeColumn(const SQLite::Statement& s, int index);

}  // namespace nagame::storage::internal
