// Opening one SQLite connection the way every store does (WAL, synchronous=FULL, busy timeout,
// foreign keys, migrations applied), for the stores added after EventStore. Internal to
// storage/: only storage/*.cc include this.
#pragma once

#include <SQLiteCpp/Database.h>

#include <memory>
#include <string_view>

#include "rules/status.h"
#include "rules/time.h"
#include "storage/store_options.h"

namespace nagame::storage::internal {

// Brings a freshly opened database file's schema up to date inside its own transaction;
// returns the schema version now applied. ApplyMigrations (storage/migrations.h) is the event
// store's; the ingest journal, a file of its own, has another.
using MigrateFn = Result<int> (*)(SQLite::Database& db, Time now);

// Opens `options.path` and applies pending migrations with `migrate` (unless
// options.read_only, when the file must exist and be fully migrated: read-only is for the
// event store only). `what` names the store in error messages.
// Errors: kUnavailable when the file cannot be opened, switched to WAL or migrated (or,
// read-only, is not migrated yet); kFailedPrecondition when its schema is newer than this
// binary knows.
Result<std::unique_ptr<SQLite::Database>> OpenConnection(const StoreOptions& options,
                                                         std::string_view what,
                                                         MigrateFn migrate = nullptr);

// A passive WAL checkpoint on `db` (copies committed pages into the database file without
// waiting for, or blocking, readers and the writer). `what` names the file in errors.
// Errors: as StatusFromSqlite (kUnavailable for I/O).
Status PassiveCheckpoint(SQLite::Database& db, std::string_view what);

// The query plan (EXPLAIN QUERY PLAN's detail column, one line each) of `sql`.
// Errors: as StatusFromSqlite.
Result<std::string> ExplainQueryPlan(SQLite::Database& db, const std::string& sql);

}  // namespace nagame::storage::internal
