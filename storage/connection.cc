// One configured SQLite connection, migrated.
#include "storage/connection.h"

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <mutex>
#include <string>

#include "rules/clock.h"
#include "storage/migrations.h"
#include "storage/sqlite_util.h"

namespace nagame::storage::internal {

Result<std::unique_ptr<SQLite::Database>> OpenConnection(const StoreOptions& options,
                                                         std::string_view what, MigrateFn migrate) {
  if (migrate == nullptr) migrate = &ApplyMigrations;
  const std::string context = "open " + std::string(what);
  // Process-wide, before SQLite initialises: no global memory statistics, whose mutex every
  // allocation takes. storage/ is the only SQLite user in the process; if SQLite is already
  // initialised this is refused (SQLITE_MISUSE) and changes nothing.
  static std::once_flag configure;
  std::call_once(configure, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  try {
    const int flags =
        SQLite::OPEN_NOMUTEX |
        (options.read_only ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    const auto busy_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(options.busy_timeout);
    auto db = std::make_unique<SQLite::Database>(
        options.path, flags, static_cast<int>(std::clamp<int64_t>(busy_ms.count(), 0, INT32_MAX)));
    db->exec("PRAGMA foreign_keys = ON");
    db->exec("PRAGMA synchronous = FULL");
    // Savepoint journals stay in memory: spilled to /var/tmp they cost a write per page.
    db->exec("PRAGMA temp_store = MEMORY");
    db->exec("PRAGMA cache_size = -" + std::to_string(std::max(options.cache_kib, 64)));
    if (options.read_only) {
      const int version = AppliedMigrationVersion(*db);
      if (version > LatestMigrationVersion()) {
        return Status(Code::kFailedPrecondition, context + ": database schema version " +
                                                     std::to_string(version) +
                                                     " is newer than this binary knows");
      }
      if (version < LatestMigrationVersion()) {
        return Unavailable(context + " read-only: schema version " + std::to_string(version) +
                           " is not migrated to " + std::to_string(LatestMigrationVersion()) +
                           " yet");
      }
      return db;
    }
    std::string mode = db->execAndGet("PRAGMA journal_mode = WAL").getString();
    std::transform(mode.begin(), mode.end(), mode.begin(), ::tolower);
    if (mode != "wal") {
      return Unavailable(context + ": the database refused WAL journal mode (" + mode + ")");
    }
    Result<int> applied = migrate(*db, SystemNow());
    if (!applied.ok()) return applied.status();
    db->exec("PRAGMA wal_autocheckpoint = " + std::to_string(options.wal_autocheckpoint_pages));
    return db;
  } catch (const SQLite::Exception& e) {
    return StatusFromSqlite(e, context);
  }
}

Status PassiveCheckpoint(SQLite::Database& db, std::string_view what) {
  try {
    db.exec("PRAGMA wal_checkpoint(PASSIVE)");
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return StatusFromSqlite(e, what);
  }
}

Result<std::string> ExplainQueryPlan(SQLite::Database& db, const std::string& sql) {
  try {
    SQLite::Statement s(db, "EXPLAIN QUERY PLAN " + sql);
    std::string plan;
    while (s.executeStep()) {
      plan += s.getColumn(3).getString();  // id, parent, notused, detail
      plan += '\n';
    }
    return plan;
  } catch (const SQLite::Exception& e) {
    return StatusFromSqlite(e, "explain query plan");
  }
}

}  // namespace nagame::storage::internal
