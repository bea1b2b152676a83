// Opening one SQLite connection the way every store does (WAL, synchronous=FULL, busy timeout,
// foreign keys, migrations applied), for the stores added after EventStore. Internal to
// storage/: only storage/*.cc include this.
#pragma once

#include <SQLiteCpp/Database.h>

#include <memory>
#include <string_view>

#include "rules/status.h"
#include "storage/event_store.h"

namespace nagame::storage::internal {

// Opens `options.path` and applies pending migrations (unless options.read_only, when the
// file must exist and be fully migrated). `what` names the store in error messages.
// Errors: kUnavailable when the file cannot be opened, switched to WAL or migrated (or,
// read-only, is not migrated yet); kFailedPrecondition when its schema is newer than this
// binary knows.
Result<std::unique_ptr<SQLite::Database>> OpenConnection(const StoreOptions& options,
                                                         std::string_view what);

// The query plan (EXPLAIN QUERY PLAN's detail column, one line each) of `sql`.
// Errors: as StatusFromSqlite.
Result<std::string> ExplainQueryPlan(SQLite::Database& db, const std::string& sql);

}  // namespace nagame::storage::internal
