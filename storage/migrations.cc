// Schema migrations for the event store (design §8).
#include "storage/migrations.h"

#include <string>

#include "storage/sqlite_util.h"

namespace nagame::storage {
namespace {

// Version 1: deliveries, alert instances, episodes, notifications.
//
// Times are INTEGER nanoseconds since the Unix epoch (UTC). Labels and annotations are JSON
// objects as TEXT. Index notes (why each exists):
//  - episodes (instance_id, starts_at) UNIQUE: the episode identity; exact / next-newer lookups
//    on ingest, and the window of one instance.
//  - episodes (instance_id, state): the open episodes of an instance on ingest.
//  - episodes (rule, starts_at), (rule, ends_at): "episodes of rule R overlapping [T1, T2)" as
//    three index searches (starting inside; ended inside or later; still open: ends_at IS NULL).
//  - episodes (starts_at), (ends_at): the same for every rule (the inventory window).
//  - episodes (state, last_notified_at): the expiry sweep and the open-episode count.
//  - notifications (episode_id): the audit trail of an episode.
//  - deliveries (source, received_at): when a source last sent anything (missing/watchdog).
//  - alert_instances UNIQUE (fingerprint, source): the instance identity; also serves a
//    fingerprint-only lookup.
constexpr char kV1Sql[] = R"sql(
CREATE TABLE deliveries (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  receiver TEXT NOT NULL,
  group_key TEXT NOT NULL,
  external_url TEXT NOT NULL,
  status TEXT NOT NULL,
  truncated_alerts INTEGER NOT NULL,
  alert_count INTEGER NOT NULL,
  received_at INTEGER NOT NULL
);
CREATE INDEX deliveries_source_received ON deliveries (source, received_at);

CREATE TABLE alert_instances (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  rule TEXT NOT NULL,
  labels TEXT NOT NULL,
  annotations TEXT NOT NULL,
  generator_url TEXT NOT NULL,
  first_seen_at INTEGER NOT NULL,
  UNIQUE (fingerprint, source)
);

CREATE TABLE episodes (
  id INTEGER PRIMARY KEY,
  instance_id INTEGER NOT NULL REFERENCES alert_instances (id),
  source TEXT NOT NULL,
  rule TEXT NOT NULL,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER,
  state TEXT NOT NULL CHECK (state IN ('firing', 'resolved', 'expired')),
  notifications INTEGER NOT NULL,
  first_notified_at INTEGER NOT NULL,
  last_notified_at INTEGER NOT NULL,
  UNIQUE (instance_id, starts_at),
  CHECK ((state = 'firing' AND ends_at IS NULL) OR (state <> 'firing' AND ends_at IS NOT NULL))
);
CREATE INDEX episodes_instance_state ON episodes (instance_id, state);
CREATE INDEX episodes_rule_starts ON episodes (rule, starts_at);
CREATE INDEX episodes_rule_ends ON episodes (rule, ends_at);
CREATE INDEX episodes_starts ON episodes (starts_at);
CREATE INDEX episodes_ends ON episodes (ends_at);
CREATE INDEX episodes_state_last ON episodes (state, last_notified_at);

CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  delivery_id INTEGER NOT NULL REFERENCES deliveries (id),
  episode_id INTEGER NOT NULL REFERENCES episodes (id),
  status TEXT NOT NULL CHECK (status IN ('firing', 'resolved')),
  action TEXT NOT NULL,
  received_at INTEGER NOT NULL
);
CREATE INDEX notifications_episode ON notifications (episode_id);
)sql";

constexpr Migration kMigrations[] = {
    {1, "deliveries, alert instances, episodes, notifications", kV1Sql},
};

constexpr char kCreateMigrationsTable[] = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at INTEGER NOT NULL
)
)sql";

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

int LatestMigrationVersion() { return kMigrations[std::size(kMigrations) - 1].version; }

int AppliedMigrationVersion(SQLite::Database& db) {
  if (!db.tableExists("schema_migrations")) return 0;
  SQLite::Statement s(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  s.executeStep();
  return s.getColumn(0).getInt();
}

Result<int> ApplyMigrations(SQLite::Database& db, Time now) {
  try {
    db.exec("BEGIN IMMEDIATE");
  } catch (const SQLite::Exception& e) {
    return internal::StatusFromSqlite(e, "begin migrations");
  }
  try {
    db.exec(kCreateMigrationsTable);
    const int applied = AppliedMigrationVersion(db);
    if (applied > LatestMigrationVersion()) {
      db.exec("ROLLBACK");
      return Status(Code::kFailedPrecondition, "database schema version " +
                                                   std::to_string(applied) +
                                                   " is newer than this binary knows (" +
                                                   std::to_string(LatestMigrationVersion()) + ")");
    }
    SQLite::Statement record(
        db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)");
    for (const Migration& m : kMigrations) {
      if (m.version <= applied) continue;
      db.exec(m.sql);
      internal::StatementUse use(record);
      record.bind(1, m.version);
      record.bind(2, m.name);
      internal::BindTime(record, 3, now);
      record.exec();
    }
    db.exec("COMMIT");
    return LatestMigrationVersion();
  } catch (const SQLite::Exception& e) {
    db.tryExec("ROLLBACK");
    return internal::StatusFromSqlite(e, "apply migrations");
  }
}

}  // namespace nagame::storage
