// Schema migrations for the event store (design §8).
#include "storage/migrations.h"

#include <optional>
#include <string>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

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

// Version 2: what people record (acks, feedback, decisions, incidents), snapshots of rule
// definitions and silences, and two indexes for the review's summary queries.
//  - episodes (source, rule, starts_at): the newest start per (source, rule), one index
//    search each (stale/never-fired over all recorded time).
//  - alert_instances (rule, source): the distinct rules seen (a covering index scan over
//    instances, not episodes), and "has rule R ever fired" as one search.
//  - acks, feedback, decisions by (at) and (rule, at); incidents by (started_at): the records
//    of a window, or of one rule.
//  - rule_snapshots: one row per (origin, source, rule); origin is where the definition was
//    read ('rule_files', 'prometheus'). first_seen_at = "defined since", deleted_at = the
//    first snapshot that no longer had it (NULL while defined).
//  - silence_snapshots: one row per Alertmanager silence id, with when Nagame first and last
//    saw it; the silence's own starts_at is "silenced since".
constexpr char kV2Sql[] = R"sql(
CREATE INDEX episodes_source_rule_starts ON episodes (source, rule, starts_at);
CREATE INDEX alert_instances_rule_source ON alert_instances (rule, source);

CREATE TABLE acks (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  rule TEXT NOT NULL,
  episode_id INTEGER REFERENCES episodes (id),
  user_name TEXT NOT NULL,
  note TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX acks_at ON acks (at);
CREATE INDEX acks_rule_at ON acks (rule, at);

CREATE TABLE feedback (
  id INTEGER PRIMARY KEY,
  rule TEXT NOT NULL,
  verdict TEXT NOT NULL CHECK (verdict IN ('actionable', 'noise', 'duplicate')),
  user_name TEXT NOT NULL,
  note TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX feedback_at ON feedback (at);
CREATE INDEX feedback_rule_at ON feedback (rule, at);

CREATE TABLE decisions (
  id INTEGER PRIMARY KEY,
  rule TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('keep', 'tune', 'delete', 'add', 'ticket')),
  note TEXT NOT NULL,
  author TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX decisions_at ON decisions (at);
CREATE INDEX decisions_rule_at ON decisions (rule, at);

CREATE TABLE incidents (
  id INTEGER PRIMARY KEY,
  service TEXT NOT NULL,
  text TEXT NOT NULL,
  author TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  episode_id INTEGER REFERENCES episodes (id)
);
CREATE INDEX incidents_started ON incidents (started_at);

CREATE TABLE rule_snapshots (
  origin TEXT NOT NULL,
  source TEXT NOT NULL,
  rule TEXT NOT NULL,
  definition TEXT NOT NULL,
  first_seen_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  deleted_at INTEGER,
  PRIMARY KEY (origin, source, rule)
);
CREATE INDEX rule_snapshots_rule ON rule_snapshots (rule);

CREATE TABLE silence_snapshots (
  id TEXT PRIMARY KEY,
  matchers TEXT NOT NULL,
  created_by TEXT NOT NULL,
  comment TEXT NOT NULL,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  state TEXT NOT NULL,
  first_seen_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
);
)sql";

// Version 3: the chat outbox (bot/chat/outbox_sender.h). A message is stored before it is
// sent; `dedup_key` ("<run>|<destination>") is UNIQUE so one scheduled run posts to one
// destination at most once, even across restarts. `destination` is a configured name, never a
// URL (webhook URLs are secrets and stay in the config). outbox_due serves "what is due now".
constexpr char kV3Sql[] = R"sql(
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  dedup_key TEXT NOT NULL UNIQUE,
  destination TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  delivered_at INTEGER,
  last_error TEXT NOT NULL
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
)sql";

// Version 4: the ingest journal, and the episodes table without `state IN (...)`.
//
// Journal: a webhook is acknowledged once its normalised delivery is committed here (one row,
// no index but the row id) or applied to the episodes directly; the ingest writer turns journal
// rows into episodes in arrival (row id) order and deletes them in the same transaction.
// `error` marks a row that could not be applied (kept for inspection).
//
// Episodes: SQLite evaluates `CHECK (x IN (a, b, c))` by building a temporary B-tree on every
// insert and update (a fifth of the ingest writer's instructions); the same rule written with
// OR costs nothing. A CHECK cannot be altered, so the table is rebuilt (SQLite's documented
// procedure; ApplyMigrations runs with foreign keys off and checks them before COMMIT), keeping
// every row id.
constexpr char kV4Sql[] = R"sql(
CREATE TABLE ingest_journal (
  id INTEGER PRIMARY KEY,
  received_at INTEGER NOT NULL,
  payload BLOB NOT NULL,
  error TEXT
);

CREATE TABLE episodes_v4 (
  id INTEGER PRIMARY KEY,
  instance_id INTEGER NOT NULL REFERENCES alert_instances (id),
  source TEXT NOT NULL,
  rule TEXT NOT NULL,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER,
  state TEXT NOT NULL CHECK (state = 'firing' OR state = 'resolved' OR state = 'expired'),
  notifications INTEGER NOT NULL,
  first_notified_at INTEGER NOT NULL,
  last_notified_at INTEGER NOT NULL,
  UNIQUE (instance_id, starts_at),
  CHECK ((state = 'firing' AND ends_at IS NULL) OR (state <> 'firing' AND ends_at IS NOT NULL))
);
INSERT INTO episodes_v4 (id, instance_id, source, rule, starts_at, ends_at, state,
                         notifications, first_notified_at, last_notified_at)
  SELECT id, instance_id, source, rule, starts_at, ends_at, state, notifications,
         first_notified_at, last_notified_at FROM episodes;
DROP TABLE episodes;
ALTER TABLE episodes_v4 RENAME TO episodes;
CREATE INDEX episodes_instance_state ON episodes (instance_id, state);
CREATE INDEX episodes_rule_starts ON episodes (rule, starts_at);
CREATE INDEX episodes_rule_ends ON episodes (rule, ends_at);
CREATE INDEX episodes_starts ON episodes (starts_at);
CREATE INDEX episodes_ends ON episodes (ends_at);
CREATE INDEX episodes_state_last ON episodes (state, last_notified_at);
)sql";

// Version 5: episodes (ends_at) becomes (ends_at, starts_at), under the same name.
//
// "Started before T and still firing at T" (FindEpisodes' second branch: ends_at >= T AND
// starts_at < T) walks every episode that ends after T; with starts_at in the index that walk
// stays in the index, instead of reading each episode's row to find that it started after T
// (on a year of history the review read 150,000 rows this way to keep none). The index is
// as wide as before plus one integer, so ingest pays nothing measurable for it.
constexpr char kV5Sql[] = R"sql(
DROP INDEX episodes_ends;
CREATE INDEX episodes_ends ON episodes (ends_at, starts_at);
)sql";

// Version 6: the two "open episode" indexes hold open episodes only.
//
// Ingest looks up an instance's open episode on every alert, and the expiry sweep and the
// open-episodes gauge read the open episodes by last notification. Both indexes held every
// episode ever recorded (2,000,000 in a year's store), so each new episode's entries landed on
// random leaves of two large B-trees and dirtied two more pages per alert in every commit.
// As partial indexes (WHERE state = 'firing') they hold the few thousand episodes that are
// open; an episode leaves them when it resolves or expires. The queries already say
// state = 'firing', which is what lets SQLite use a partial index.
constexpr char kV6Sql[] = R"sql(
DROP INDEX episodes_instance_state;
DROP INDEX episodes_state_last;
CREATE INDEX episodes_open_instance ON episodes (instance_id) WHERE state = 'firing';
CREATE INDEX episodes_open_last ON episodes (last_notified_at) WHERE state = 'firing';
)sql";

// Version 7: the ingest journal moves to a file of its own (storage/ingest_journal.h); this
// store records how far it has built from it.
//  - ingest_applied: one row, the id of the last journal entry whose episodes are committed
//    here. It changes in the same transaction as those episodes, so after a crash an entry is
//    built again only if its episodes were not committed.
//  - ingest_failed: journal entries that could not be applied (damaged, or a bug), with the
//    error, kept for inspection instead of blocking the ones behind them.
// The version 4 table ingest_journal stays: entries an older binary acknowledged there are
// built first (EventStore::ReplayLegacyJournal); nothing writes to it any more.
constexpr char kV7Sql[] = R"sql(
CREATE TABLE ingest_applied (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  through INTEGER NOT NULL
);
INSERT INTO ingest_applied (id, through) VALUES (1, 0);
CREATE TABLE ingest_failed (
  journal_id INTEGER PRIMARY KEY,
  received_at INTEGER NOT NULL,
  payload BLOB NOT NULL,
  error TEXT NOT NULL
);
)sql";

constexpr Migration kMigrations[] = {
    {1, "deliveries, alert instances, episodes, notifications", kV1Sql},
    {2, "acks, feedback, decisions, incidents, rule and silence snapshots", kV2Sql},
    {3, "chat outbox", kV3Sql},
    {4, "ingest journal", kV4Sql},
    {5, "episodes (ends_at, starts_at)", kV5Sql},
    {6, "open-episode indexes hold open episodes only", kV6Sql},
    {7, "ingest journal in its own file: built-through mark, failed entries", kV7Sql},
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

namespace {

// Foreign key enforcement off for the lifetime of this object (a migration that rebuilds a
// table drops the old one while rows still refer to it), restored as it was afterwards. The
// pragma is a no-op inside a transaction, so this wraps the migration transaction.
class ForeignKeysOff {
 public:
  explicit ForeignKeysOff(SQLite::Database& db)
      : db_(db), was_on_(db.execAndGet("PRAGMA foreign_keys").getInt() != 0) {
    db_.exec("PRAGMA foreign_keys = OFF");
  }
  ~ForeignKeysOff() {
    if (was_on_) db_.tryExec("PRAGMA foreign_keys = ON");
  }
  ForeignKeysOff(const ForeignKeysOff&) = delete;
  ForeignKeysOff& operator=(const ForeignKeysOff&) = delete;

 private:
  SQLite::Database& db_;
  bool was_on_;
};

}  // namespace

Result<int> ApplyMigrations(SQLite::Database& db, Time now) {
  std::optional<ForeignKeysOff> foreign_keys_off;
  try {
    foreign_keys_off.emplace(db);
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
    // Only after a migration ran: on a year of history the check reads every row of every
    // table with a foreign key, and each connection's open would pay for it.
    SQLite::Statement broken(db, "PRAGMA foreign_key_check");
    if (applied < LatestMigrationVersion() && broken.executeStep()) {
      const std::string table = broken.getColumn(0).getString();
      broken.reset();
      db.exec("ROLLBACK");
      return Internal("apply migrations: a migration broke a foreign key of table " + table);
    }
    db.exec("COMMIT");
    return LatestMigrationVersion();
  } catch (const SQLite::Exception& e) {
    db.tryExec("ROLLBACK");
    return internal::StatusFromSqlite(e, "apply migrations");
  }
}

}  // namespace nagame::storage
