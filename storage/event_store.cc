// EventStore on SQLite: group-committed ingest through cached statements, indexed reads.
#include "storage/event_store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Savepoint.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <limits>
#include <map>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "storage/connection.h"
#include "storage/delivery_codec.h"
#include "storage/labels_json.h"
#include "storage/migrations.h"
#include "storage/sqlite_util.h"

namespace nagame::storage {
namespace {

using internal::BindOptionalTime;
using internal::BindTime;
using internal::OptionalTimeColumn;
using internal::StatementUse;
using internal::StatusFromSqlite;
using internal::TimeColumn;

// The write path: a handful of indexed statements per alert, prepared once per store.
// New row ids come from sqlite3_last_insert_rowid(), not `RETURNING id` (which PostgreSQL
// needs): in SQLite, RETURNING costs about a fifth more per alert.
constexpr char kInsertDelivery[] =
    "INSERT INTO deliveries (source, receiver, group_key, external_url, status, "
    "truncated_alerts, alert_count, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr char kSelectInstance[] =
    "SELECT id, annotations, generator_url FROM alert_instances "
    "WHERE fingerprint = ?1 AND source = ?2";
constexpr char kInsertInstance[] =
    "INSERT INTO alert_instances (source, fingerprint, rule, labels, annotations, generator_url, "
    "first_seen_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr char kUpdateInstance[] =
    "UPDATE alert_instances SET annotations = ?2, generator_url = ?3 WHERE id = ?1";
// The InstanceHistory for a notification starting at ?2, in two index searches: every open
// episode of the instance plus the one starting at ?2 if it is not open ...
constexpr char kSelectOpenOrExact[] =
    "SELECT id, starts_at, ends_at, state, last_notified_at FROM episodes "
    "WHERE instance_id = ?1 AND state = 'firing' "
    "UNION ALL "
    "SELECT id, starts_at, ends_at, state, last_notified_at FROM episodes "
    "WHERE instance_id = ?1 AND starts_at = ?2 AND state <> 'firing'";
// ... and, when it matters, the earliest one after ?2 that is not open (the earliest open one
// after ?2 is among the open ones).
constexpr char kSelectNextNewer[] =
    "SELECT id, starts_at, ends_at, state, last_notified_at FROM episodes "
    "WHERE instance_id = ?1 AND starts_at > ?2 AND state <> 'firing' "
    "ORDER BY starts_at LIMIT 1";
constexpr char kInsertEpisode[] =
    "INSERT INTO episodes (instance_id, source, rule, starts_at, ends_at, state, notifications, "
    "first_notified_at, last_notified_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?7)";
constexpr char kTouchEpisode[] =
    "UPDATE episodes SET notifications = notifications + 1, "
    "last_notified_at = CASE WHEN last_notified_at < ?2 THEN ?2 ELSE last_notified_at END "
    "WHERE id = ?1";
constexpr char kChangeEpisode[] =
    "UPDATE episodes SET state = ?2, ends_at = ?3, notifications = notifications + 1, "
    "last_notified_at = CASE WHEN last_notified_at < ?4 THEN ?4 ELSE last_notified_at END "
    "WHERE id = ?1";
constexpr char kExpireEpisode[] =
    "UPDATE episodes SET state = 'expired', ends_at = ?2 WHERE id = ?1 AND state = 'firing'";
// An ack the sender reported (AlertEvent::acknowledged_by), once per (episode, person): a
// retry or an HA duplicate of the same ack adds nothing. Searches acks (rule, at) by rule.
constexpr char kInsertAck[] =
    "INSERT INTO acks (source, rule, episode_id, user_name, note, at) "
    "SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE NOT EXISTS "
    "(SELECT 1 FROM acks WHERE rule = ?2 AND episode_id = ?3 AND user_name = ?4)";
constexpr char kInsertNotification[] =
    "INSERT INTO notifications (delivery_id, episode_id, status, action, received_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
// Searches (state, last_notified_at); ends at the last notification, never before the start.
constexpr char kExpireStale[] =
    "UPDATE episodes SET state = 'expired', ends_at = CASE WHEN last_notified_at < starts_at "
    "THEN starts_at ELSE last_notified_at END "
    "WHERE state = 'firing' AND last_notified_at < ?1";
constexpr char kCountOpen[] = "SELECT COUNT(*) FROM episodes WHERE state = 'firing'";
// CheckReady's write probe: a write statement that matches no row. It needs the write lock
// and a writable file (BEGIN IMMEDIATE alone does not: on a read-only file SQLite quietly
// makes it a read transaction), and is rolled back anyway.
constexpr char kWriteProbe[] = "DELETE FROM schema_migrations WHERE version < 0";

// The version 4 ingest journal table (see ReplayLegacyJournal): rowid order is arrival order;
// entries that failed to apply keep their error and are skipped.
constexpr char kSelectJournal[] =
    "SELECT id, payload FROM ingest_journal WHERE error IS NULL ORDER BY id LIMIT ?1";
constexpr char kDeleteJournal[] = "DELETE FROM ingest_journal WHERE id = ?1";
constexpr char kFailJournal[] = "UPDATE ingest_journal SET error = ?2 WHERE id = ?1";
constexpr char kCountJournal[] = "SELECT COUNT(*) FROM ingest_journal WHERE error IS NULL";
// The journal file's built-through mark, and its entries that could not be built.
constexpr char kSelectApplied[] = "SELECT through FROM ingest_applied WHERE id = 1";
constexpr char kSetApplied[] = "UPDATE ingest_applied SET through = ?1 WHERE id = 1";
constexpr char kInsertFailed[] =
    "INSERT INTO ingest_failed (journal_id, received_at, payload, error) VALUES (?1, ?2, ?3, ?4)";
// Legacy journal entries read per query while replaying.
constexpr int kJournalChunk = 32;

// Whether FindEpisodes returns every match: then no ORDER BY and LIMIT reach SQL, and the rows
// are sorted after reading (SQLite's sorter would copy every row, labels and annotations
// included: most of the time of a month's read).
bool Unbounded(const EpisodeQuery& q) {
  return q.limit >= static_cast<size_t>(std::numeric_limits<int64_t>::max());
}

// FindEpisodes parameters: ?1 from, ?2 to, ?3 rule, ?4 source, ?5 fingerprint, ?6 limit.
//
// "Overlaps [from, to)" = started before `to` and not ended before `from`, written as index
// searches that do not overlap: started inside the window; started before it and ended inside
// it or later; started before it and still open (ends_at IS NULL). The unary plus on
// `+starts_at` keeps the planner on the ends_at index for the last two (valid SQL anywhere).
// The matching ids are a list subquery, so the outer query only looks rows up by id and sorts
// them; it has no index to walk in ORDER BY order instead of searching. It reads episode
// columns only: their instances are read once each by kFindInstancesSql (a join here looked
// an instance up for every episode, about two thirds of a month's read).
// With a fingerprint, its instances (of the source and rule, if given) are found first
// through (fingerprint, source) and their episodes through (instance_id, starts_at).
std::string FindEpisodesSql(const EpisodeQuery& q) {
  std::string ids;
  if (q.fingerprint) {
    ids =
        "SELECT id FROM episodes WHERE instance_id IN (SELECT id FROM alert_instances "
        "WHERE fingerprint = ?5";
    if (q.source) ids += " AND source = ?4";
    if (q.rule) ids += " AND rule = ?3";
    ids += ") AND starts_at < ?2 AND ";
    ids += q.started_within ? "starts_at >= ?1" : "(ends_at IS NULL OR ends_at >= ?1)";
  } else {
    const std::string rule = q.rule ? "rule = ?3 AND " : "";
    ids = "SELECT id FROM episodes WHERE " + rule + "starts_at >= ?1 AND starts_at < ?2";
    if (!q.started_within) {
      ids += " UNION ALL SELECT id FROM episodes WHERE " + rule +
             "ends_at >= ?1 AND +starts_at < ?1 UNION ALL SELECT id FROM episodes WHERE " + rule +
             "ends_at IS NULL AND +starts_at < ?1";
    }
  }
  std::string sql =
      "SELECT e.id, e.source, e.rule, e.instance_id, e.starts_at, e.ends_at, e.state, "
      "e.notifications, e.first_notified_at, e.last_notified_at FROM episodes e WHERE e.id IN (" +
      ids + ")";
  if (q.source && !q.fingerprint) sql += " AND e.source = ?4";
  if (!Unbounded(q)) sql += " ORDER BY e.starts_at DESC, e.id DESC LIMIT ?6";
  return sql;
}

// The instances of FindEpisodes' rows: ?1 is a JSON array of their ids, each looked up by
// primary key.
constexpr char kFindInstancesSql[] =
    "SELECT id, fingerprint, labels, annotations, generator_url FROM alert_instances "
    "WHERE id IN (SELECT value FROM json_each(?1))";

// A text column without a copy; valid until the statement steps or resets.
std::string_view ColumnText(const SQLite::Statement& s, int index) {
  SQLite::Column c = s.getColumn(index);
  const char* text = c.getText();  // first: getBytes then counts the text form
  return {text, static_cast<size_t>(c.getBytes())};
}

// FindEpisodes' order: newest start first, ties by higher id (ids are unique: a total order).
void SortNewestFirst(std::vector<Episode>* episodes) {
  std::sort(episodes->begin(), episodes->end(), &EventStore::NewestFirst);
}

// A 64-bit FNV-1a digest of an alert instance's mutable fields (annotations, generator URL),
// so the instance cache can tell "unchanged" without serialising them.
uint64_t MutableDigest(const rules::AlertEvent& a) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
    h ^= 0xff;  // a separator byte that UTF-8 text never holds
    h *= 1099511628211ull;
  };
  for (const auto& [name, value] : a.annotations) {
    mix(name);
    mix(value);
  }
  mix(a.generator_url);
  return h;
}

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// What this connection last wrote for each alert instance: its row id, and the digest of the
// annotations and generator URL it stored. Saves a SELECT per alert on the hot path.
class InstanceCache {
 public:
  struct Entry {
    int64_t id;
    uint64_t digest;
  };
  // Bounded: when full it starts over (the database is the truth; a miss costs one SELECT).
  static constexpr size_t kMaxEntries = 100'000;

  const Entry* Find(std::string_view source, std::string_view fingerprint) const {
    auto s = by_source_.find(source);
    if (s == by_source_.end()) return nullptr;
    auto f = s->second.find(fingerprint);
    return f == s->second.end() ? nullptr : &f->second;
  }
  // Records an entry written in the current delivery (forgotten if it rolls back).
  void Put(const std::string& source, const std::string& fingerprint, Entry e) {
    if (size_ >= kMaxEntries) Clear();
    auto [it, inserted] = by_source_[source].insert_or_assign(fingerprint, e);
    (void)it;
    if (inserted) ++size_;
    written_.emplace_back(source, fingerprint);
  }
  // A delivery begins: nothing of it is written yet.
  void BeginDelivery() { written_.clear(); }
  // The delivery rolled back: row ids it inserted may be reused and its updates are undone.
  void RollBackDelivery() {
    for (const auto& [source, fingerprint] : written_) {
      auto s = by_source_.find(source);
      if (s != by_source_.end() && s->second.erase(fingerprint) > 0) --size_;
    }
    written_.clear();
  }
  void Clear() {
    by_source_.clear();
    written_.clear();
    size_ = 0;
  }

 private:
  using ByFingerprint = std::unordered_map<std::string, Entry, StringHash, std::equal_to<>>;
  std::map<std::string, ByFingerprint, std::less<>> by_source_;
  std::vector<std::pair<std::string, std::string>> written_;
  size_t size_ = 0;
};

// Thrown when the whole transaction is lost (kUnavailable); caught by the batch methods.
struct BatchFailed {
  Status status;
};

}  // namespace

struct EventStore::Impl {
  Impl(std::unique_ptr<SQLite::Database> database, StoreOptions opts)
      : options(std::move(opts)),
        db(std::move(database)),
        begin(*db, "BEGIN IMMEDIATE"),
        commit(*db, "COMMIT"),
        rollback(*db, "ROLLBACK"),
        savepoint(*db, "SAVEPOINT delivery"),
        release(*db, "RELEASE SAVEPOINT delivery"),
        rollback_to(*db, "ROLLBACK TO SAVEPOINT delivery"),
        insert_delivery(*db, kInsertDelivery),
        select_instance(*db, kSelectInstance),
        insert_instance(*db, kInsertInstance),
        update_instance(*db, kUpdateInstance),
        select_open_or_exact(*db, kSelectOpenOrExact),
        select_next_newer(*db, kSelectNextNewer),
        insert_episode(*db, kInsertEpisode),
        touch_episode(*db, kTouchEpisode),
        change_episode(*db, kChangeEpisode),
        expire_episode(*db, kExpireEpisode),
        insert_notification(*db, kInsertNotification),
        insert_ack(*db, kInsertAck),
        expire_stale(*db, kExpireStale),
        count_open(*db, kCountOpen),
        write_probe(*db, kWriteProbe),
        select_journal(*db, kSelectJournal),
        delete_journal(*db, kDeleteJournal),
        fail_journal(*db, kFailJournal),
        select_applied(*db, kSelectApplied),
        set_applied(*db, kSetApplied),
        insert_failed(*db, kInsertFailed) {}

  // Runs a cached statement that returns no rows.
  static void Run(SQLite::Statement& s) {
    StatementUse use(s);
    s.exec();
  }

  // True when the connection is inside a transaction (SQLite may have rolled it back by
  // itself after an I/O, full-disk or busy error).
  bool InTransaction() const { return sqlite3_get_autocommit(db->getHandle()) == 0; }

  void AbortTransaction() {
    if (InTransaction()) db->tryExec("ROLLBACK");
    instances.Clear();
  }

  // The transaction steps of the batch methods; each throws BatchFailed.
  void Begin();
  void Commit();
  void Step(SQLite::Statement& s, const char* what);
  // Applies one delivery inside its own savepoint: its outcome, or its own error (then it
  // was rolled back alone; an invalid delivery, kInvalidArgument, is refused before its
  // savepoint). Every delivery stored passes here: the one guard of what is written.
  // Throws BatchFailed when the transaction is lost.
  Result<DeliveryOutcome> ApplyInSavepoint(const rules::Delivery& d);
  // Decodes one journal entry and applies it as ApplyInSavepoint does: its outcome, or its own
  // error (kInternal when damaged, kInvalidArgument when not a valid delivery). Throws
  // BatchFailed.
  Result<DeliveryOutcome> ApplyEntry(std::string_view payload);
  // Applies legacy journal entries in order until the deadline or the table is empty.
  void ReplayJournal(std::chrono::steady_clock::time_point deadline, JournalApplyStats* stats);

  // Writes one delivery and its episode updates. REQUIRES: rules::ValidateDelivery(d) is OK.
  DeliveryOutcome RecordOne(const rules::Delivery& d);
  // The alert's instance row id, inserting or updating the row; *created says it is new.
  int64_t UpsertInstance(const rules::Delivery& d, const rules::AlertEvent& a, bool* created);
  rules::InstanceHistory LoadHistory(int64_t instance_id, Time starts_at);
  SQLite::Statement& FindStatement(const std::string& sql);

  StoreOptions options;
  std::unique_ptr<SQLite::Database> db;
  SQLite::Statement begin, commit, rollback, savepoint, release, rollback_to;
  SQLite::Statement insert_delivery, select_instance, insert_instance, update_instance;
  SQLite::Statement select_open_or_exact, select_next_newer, insert_episode, touch_episode,
      change_episode;
  SQLite::Statement expire_episode, insert_notification, insert_ack, expire_stale, count_open,
      write_probe;
  SQLite::Statement select_journal, delete_journal, fail_journal;
  SQLite::Statement select_applied, set_applied, insert_failed;
  InstanceCache instances;
  int64_t journal_backlog = 0;  // as of the last commit
  // FindEpisodes statements by SQL text: at most 8 shapes (rule × source × fingerprint).
  std::map<std::string, std::unique_ptr<SQLite::Statement>> find_statements;
};

int64_t EventStore::Impl::UpsertInstance(const rules::Delivery& d, const rules::AlertEvent& a,
                                         bool* created) {
  *created = false;
  const uint64_t digest = MutableDigest(a);
  if (const InstanceCache::Entry* e = instances.Find(d.source, a.fingerprint)) {
    if (e->digest == digest) return e->id;
  }
  const std::string annotations = LabelsToJson(a.annotations);
  {
    StatementUse s(select_instance);
    s->bindNoCopy(1, a.fingerprint);
    s->bindNoCopy(2, d.source);
    if (s->executeStep()) {
      const int64_t id = s->getColumn(0).getInt64();
      // The latest annotations and generator URL win; most notifications change neither.
      const bool same =
          annotations == s->getColumn(1).getText() && a.generator_url == s->getColumn(2).getText();
      s->tryReset();
      if (!same) {
        StatementUse u(update_instance);
        u->bind(1, id);
        u->bindNoCopy(2, annotations);
        u->bindNoCopy(3, a.generator_url);
        u->exec();
      }
      instances.Put(d.source, a.fingerprint, {id, digest});
      return id;
    }
  }
  const std::string labels = LabelsToJson(a.labels);
  StatementUse s(insert_instance);
  s->bindNoCopy(1, d.source);
  s->bindNoCopy(2, a.fingerprint);
  s->bindNoCopy(3, a.rule);
  s->bindNoCopy(4, labels);
  s->bindNoCopy(5, annotations);
  s->bindNoCopy(6, a.generator_url);
  BindTime(*s, 7, d.received_at);
  s->exec();
  const int64_t id = db->getLastInsertRowid();
  instances.Put(d.source, a.fingerprint, {id, digest});
  *created = true;
  return id;
}

namespace {

rules::KnownEpisode EpisodeRow(const SQLite::Statement& s) {
  rules::KnownEpisode e;
  e.id = s.getColumn(0).getInt64();
  e.starts_at = TimeColumn(s, 1);
  e.ends_at = OptionalTimeColumn(s, 2);
  const auto state = rules::ParseEpisodeState(s.getColumn(3).getText());
  if (!state) throw SQLite::Exception("episodes.state holds an unknown state");
  e.state = *state;
  e.last_notified_at = TimeColumn(s, 4);
  return e;
}

void ConsiderNewer(const rules::KnownEpisode& e, Time starts_at, rules::InstanceHistory* h) {
  if (e.starts_at > starts_at && (!h->next_newer || e.starts_at < h->next_newer->starts_at)) {
    h->next_newer = e;
  }
}

}  // namespace

rules::InstanceHistory EventStore::Impl::LoadHistory(int64_t instance_id, Time starts_at) {
  rules::InstanceHistory h;
  bool older_open = false;
  {
    StatementUse s(select_open_or_exact);
    s->bind(1, instance_id);
    BindTime(*s, 2, starts_at);
    while (s->executeStep()) {
      rules::KnownEpisode e = EpisodeRow(*s);
      if (e.starts_at == starts_at) h.exact = e;
      older_open |= e.starts_at < starts_at;  // only open ones start before starts_at here
      ConsiderNewer(e, starts_at, &h);
      if (e.state == rules::EpisodeState::kFiring) h.open.push_back(std::move(e));
    }
  }
  // DecideEpisodeUpdate reads next_newer only for an unknown or expired episode, or to decide
  // whether older open episodes expire. A repeat of a firing or resolved episode with nothing
  // older open (the common case) skips the search: the outcome cannot change.
  const bool needed = !h.exact || h.exact->state == rules::EpisodeState::kExpired || older_open;
  if (needed) {
    StatementUse s(select_next_newer);
    s->bind(1, instance_id);
    BindTime(*s, 2, starts_at);
    if (s->executeStep()) ConsiderNewer(EpisodeRow(*s), starts_at, &h);
  }
  return h;
}

DeliveryOutcome EventStore::Impl::RecordOne(const rules::Delivery& d) {
  DeliveryOutcome out;
  out.alerts = static_cast<int>(d.alerts.size());
  {
    StatementUse s(insert_delivery);
    s->bindNoCopy(1, d.source);
    s->bindNoCopy(2, d.receiver);
    s->bindNoCopy(3, d.group_key);
    s->bindNoCopy(4, d.external_url);
    s->bindNoCopy(5, d.status);
    s->bind(6, d.truncated_alerts);
    s->bind(7, static_cast<int64_t>(d.alerts.size()));
    BindTime(*s, 8, d.received_at);
    s->exec();
    out.delivery_id = db->getLastInsertRowid();
  }

  for (size_t i = 0; i < d.alerts.size(); ++i) {
    const rules::AlertEvent& a = d.alerts[i];
    bool new_instance = false;
    const int64_t instance_id = UpsertInstance(d, a, &new_instance);
    // A new instance has no episodes: three index searches saved per new alert.
    const rules::InstanceHistory history =
        new_instance ? rules::InstanceHistory{} : LoadHistory(instance_id, a.starts_at);
    const rules::EpisodeUpdate u = rules::DecideEpisodeUpdate(a, history, d.received_at);

    int64_t episode_id = 0;
    switch (u.action) {
      case rules::EpisodeAction::kOpen:
      case rules::EpisodeAction::kRecordResolved:
      case rules::EpisodeAction::kRecordExpired: {
        StatementUse s(insert_episode);
        s->bind(1, instance_id);
        s->bindNoCopy(2, d.source);
        s->bindNoCopy(3, a.rule);
        BindTime(*s, 4, a.starts_at);
        BindOptionalTime(*s, 5, u.ends_at);
        s->bindNoCopy(6, rules::EpisodeStateName(u.state));
        BindTime(*s, 7, d.received_at);
        s->exec();
        episode_id = db->getLastInsertRowid();
        break;
      }
      case rules::EpisodeAction::kExtend:
      case rules::EpisodeAction::kNotifyOnly: {
        episode_id = *u.episode_id;
        StatementUse s(touch_episode);
        s->bind(1, episode_id);
        BindTime(*s, 2, d.received_at);
        s->exec();
        break;
      }
      case rules::EpisodeAction::kReopen:
      case rules::EpisodeAction::kResolve: {
        episode_id = *u.episode_id;
        StatementUse s(change_episode);
        s->bind(1, episode_id);
        s->bindNoCopy(2, rules::EpisodeStateName(u.state));
        BindOptionalTime(*s, 3, u.ends_at);
        BindTime(*s, 4, d.received_at);
        s->exec();
        break;
      }
    }
    for (const rules::Expiry& x : u.expire) {
      StatementUse s(expire_episode);
      s->bind(1, x.episode_id);
      BindTime(*s, 2, x.ends_at);
      out.expired += s->exec();
    }
    {
      StatementUse s(insert_notification);
      s->bind(1, out.delivery_id);
      s->bind(2, episode_id);
      s->bindNoCopy(3, rules::AlertStatusName(a.status));
      s->bindNoCopy(4, rules::EpisodeActionName(u.action));
      BindTime(*s, 5, d.received_at);
      s->exec();
    }
    if (a.acknowledged_by) {
      const std::string note = "acknowledged in " + d.source;
      StatementUse s(insert_ack);
      s->bindNoCopy(1, d.source);
      s->bindNoCopy(2, a.rule);
      s->bind(3, episode_id);
      s->bindNoCopy(4, *a.acknowledged_by);
      s->bindNoCopy(5, note);
      BindTime(*s, 6, d.received_at);
      out.acks += s->exec();
    }

    switch (u.action) {
      case rules::EpisodeAction::kOpen:
        ++out.opened;
        break;
      case rules::EpisodeAction::kExtend:
        ++out.extended;
        break;
      case rules::EpisodeAction::kReopen:
        ++out.reopened;
        break;
      case rules::EpisodeAction::kResolve:
        ++out.resolved;
        break;
      case rules::EpisodeAction::kRecordResolved:
      case rules::EpisodeAction::kRecordExpired:
        ++out.recorded;
        break;
      case rules::EpisodeAction::kNotifyOnly:
        ++out.notify_only;
        break;
    }
  }
  return out;
}

SQLite::Statement& EventStore::Impl::FindStatement(const std::string& sql) {
  auto it = find_statements.find(sql);
  if (it == find_statements.end()) {
    it = find_statements.emplace(sql, std::make_unique<SQLite::Statement>(*db, sql)).first;
  }
  return *it->second;
}

void Accumulate(const DeliveryOutcome& o, DeliveryOutcome* sum) {
  sum->alerts += o.alerts;
  sum->opened += o.opened;
  sum->extended += o.extended;
  sum->reopened += o.reopened;
  sum->resolved += o.resolved;
  sum->recorded += o.recorded;
  sum->notify_only += o.notify_only;
  sum->expired += o.expired;
  sum->acks += o.acks;
}

EventStore::EventStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EventStore::~EventStore() = default;

int EventStore::LatestSchemaVersion() { return LatestMigrationVersion(); }

Result<std::unique_ptr<EventStore>> EventStore::Open(const StoreOptions& options) {
  NAGAME_ASSIGN_OR_RETURN(std::unique_ptr<SQLite::Database> db,
                          internal::OpenConnection(options, "event store"));
  try {
    const int64_t backlog = db->execAndGet(kCountJournal).getInt64();
    auto impl = std::make_unique<Impl>(std::move(db), options);
    impl->journal_backlog = backlog;
    return std::unique_ptr<EventStore>(new EventStore(std::move(impl)));
  } catch (const SQLite::Exception& e) {
    return StatusFromSqlite(e, "open event store");
  } catch (const std::exception& e) {
    return Internal(std::string("open event store: ") + e.what());
  }
}

void EventStore::Impl::Step(SQLite::Statement& s, const char* what) {
  try {
    Run(s);
  } catch (const SQLite::Exception& e) {
    throw BatchFailed{Unavailable(StatusFromSqlite(e, what).message())};
  }
}

void EventStore::Impl::Begin() { Step(begin, "begin ingest transaction"); }

void EventStore::Impl::Commit() { Step(commit, "commit ingest transaction"); }

Result<DeliveryOutcome> EventStore::Impl::ApplyInSavepoint(const rules::Delivery& d) {
  NAGAME_RETURN_IF_ERROR(rules::ValidateDelivery(d));
  Step(savepoint, "begin delivery savepoint");
  Status failed;
  std::optional<DeliveryOutcome> outcome;
  instances.BeginDelivery();
  try {
    outcome = RecordOne(d);
  } catch (const SQLite::Exception& e) {
    failed = StatusFromSqlite(e, "record delivery");
    // An I/O, lock or full-disk error may have ended the whole transaction, and would end
    // the next delivery's anyway: give up on the batch.
    if (failed.code() == Code::kUnavailable || !InTransaction()) {
      throw BatchFailed{Unavailable(failed.message())};
    }
  } catch (const std::exception& e) {
    failed = Internal(std::string("record delivery: ") + e.what());
  }
  if (!failed.ok()) {
    Step(rollback_to, "roll back delivery savepoint");
    instances.RollBackDelivery();
  }
  Step(release, "end delivery savepoint");
  if (!failed.ok()) return failed;
  return *outcome;
}

Result<DeliveryOutcome> EventStore::Impl::ApplyEntry(std::string_view payload) {
  Result<rules::Delivery> d = DecodeDelivery(payload);
  if (!d.ok()) return d.status();
  return ApplyInSavepoint(*d);
}

void EventStore::Impl::ReplayJournal(std::chrono::steady_clock::time_point deadline,
                                     JournalApplyStats* stats) {
  std::vector<std::pair<int64_t, std::string>> chunk;
  while (journal_backlog > 0 && std::chrono::steady_clock::now() < deadline) {
    chunk.clear();
    try {
      StatementUse s(select_journal);
      s->bind(1, kJournalChunk);
      while (s->executeStep()) {
        const SQLite::Column payload = s->getColumn(1);
        chunk.emplace_back(s->getColumn(0).getInt64(),
                           std::string(static_cast<const char*>(payload.getBlob()),
                                       static_cast<size_t>(payload.getBytes())));
      }
    } catch (const SQLite::Exception& e) {
      throw BatchFailed{Unavailable(StatusFromSqlite(e, "read ingest journal").message())};
    }
    if (chunk.empty()) {  // the count was off (another writer?): trust the table
      journal_backlog = 0;
      return;
    }
    for (const auto& [id, payload] : chunk) {
      if (std::chrono::steady_clock::now() >= deadline) return;
      Result<DeliveryOutcome> outcome = ApplyEntry(payload);
      if (outcome.ok()) Accumulate(*outcome, &stats->episodes);
      const Status& failed = outcome.status();
      SQLite::Statement& s = failed.ok() ? delete_journal : fail_journal;
      s.bind(1, id);
      if (!failed.ok()) s.bind(2, failed.ToString());
      Step(s, "update ingest journal");
      --journal_backlog;
      ++(failed.ok() ? stats->built : stats->failed);
    }
  }
}

Status EventStore::RecordBatch(std::span<const rules::Delivery* const> deliveries,
                               std::vector<Result<DeliveryOutcome>>* outcomes) {
  outcomes->clear();
  outcomes->reserve(deliveries.size());
  try {
    impl_->Begin();
    for (const rules::Delivery* d : deliveries) outcomes->push_back(impl_->ApplyInSavepoint(*d));
    impl_->Commit();
    return Status::Ok();
  } catch (const BatchFailed& f) {
    impl_->AbortTransaction();
    outcomes->assign(deliveries.size(), f.status);
    return f.status;
  }
}

Status EventStore::ReplayLegacyJournal(std::chrono::steady_clock::duration budget,
                                       JournalApplyStats* stats) {
  const int64_t backlog_before = impl_->journal_backlog;
  *stats = JournalApplyStats{};
  try {
    impl_->Begin();
    impl_->ReplayJournal(std::chrono::steady_clock::now() + budget, stats);
    impl_->Commit();
    return Status::Ok();
  } catch (const BatchFailed& f) {
    impl_->AbortTransaction();
    impl_->journal_backlog = backlog_before;
    *stats = JournalApplyStats{};
    return f.status;
  }
}

int64_t EventStore::LegacyJournalBacklog() const { return impl_->journal_backlog; }

Status EventStore::ApplyJournal(std::span<const JournalEntry> entries,
                                std::chrono::steady_clock::time_point deadline,
                                JournalApplyStats* stats) {
  *stats = JournalApplyStats{};
  if (entries.empty()) return Status::Ok();
  try {
    impl_->Begin();
    size_t n = 0;
    for (; n < entries.size() && (n == 0 || std::chrono::steady_clock::now() < deadline); ++n) {
      const JournalEntry& entry = entries[n];
      Result<DeliveryOutcome> outcome = impl_->ApplyEntry(entry.payload);
      if (outcome.ok()) {
        Accumulate(*outcome, &stats->episodes);
        ++stats->built;
        continue;
      }
      SQLite::Statement& s = impl_->insert_failed;
      s.bind(1, entry.id);
      BindTime(s, 2, entry.received_at);
      s.bindNoCopy(3, entry.payload.data(), static_cast<int>(entry.payload.size()));
      s.bind(4, outcome.status().ToString());
      impl_->Step(s, "set journal entry aside");
      ++stats->failed;
    }
    impl_->set_applied.bind(1, entries[n - 1].id);
    impl_->Step(impl_->set_applied, "mark journal entries built");
    impl_->Commit();
    return Status::Ok();
  } catch (const BatchFailed& f) {
    impl_->AbortTransaction();
    *stats = JournalApplyStats{};
    return f.status;
  }
}

Result<int64_t> EventStore::JournalAppliedThrough() {
  try {
    StatementUse s(impl_->select_applied);
    if (!s->executeStep()) return Internal("ingest_applied has no row");
    return s->getColumn(0).getInt64();
  } catch (const SQLite::Exception& e) {
    return StatusFromSqlite(e, "read journal mark");
  }
}

Status EventStore::Checkpoint() { return internal::PassiveCheckpoint(*impl_->db, "checkpoint"); }

Result<DeliveryOutcome> EventStore::Record(const rules::Delivery& delivery) {
  const rules::Delivery* one[] = {&delivery};
  std::vector<Result<DeliveryOutcome>> outcomes;
  Status st = RecordBatch(one, &outcomes);
  if (!st.ok()) return st;
  return std::move(outcomes.front());
}

Result<int64_t> EventStore::ExpireStale(Time now, Duration expire_after) {
  try {
    StatementUse s(impl_->expire_stale);
    BindTime(*s, 1, now - expire_after);
    return static_cast<int64_t>(s->exec());
  } catch (const SQLite::Exception& e) {
    impl_->AbortTransaction();
    return StatusFromSqlite(e, "expire stale episodes");
  }
}

Result<std::vector<Episode>> EventStore::FindEpisodes(const EpisodeQuery& query) {
  try {
    // Episodes and their instances from one snapshot of the file (a savepoint is a read
    // transaction here, and nests in a caller's transaction).
    SQLite::Savepoint snapshot(*impl_->db, "find_episodes");
    std::vector<Episode> out;
    std::vector<int64_t> instance_of;  // out[k]'s instance id
    {
      StatementUse s(impl_->FindStatement(FindEpisodesSql(query)));
      BindTime(*s, 1, query.from);
      BindTime(*s, 2, query.to);
      if (query.rule) s->bindNoCopy(3, *query.rule);
      if (query.source) s->bindNoCopy(4, *query.source);
      if (query.fingerprint) s->bindNoCopy(5, *query.fingerprint);
      if (!Unbounded(query)) s->bind(6, static_cast<int64_t>(query.limit));
      while (s->executeStep()) {
        Episode e;
        e.id = s->getColumn(0).getInt64();
        e.source = s->getColumn(1).getString();
        e.rule = s->getColumn(2).getString();
        instance_of.push_back(s->getColumn(3).getInt64());
        e.starts_at = TimeColumn(*s, 4);
        e.ends_at = OptionalTimeColumn(*s, 5);
        const auto state = rules::ParseEpisodeState(s->getColumn(6).getText());
        if (!state) return Internal("find episodes: stored episode state is unknown");
        e.state = *state;
        e.notifications = s->getColumn(7).getInt64();
        e.first_notified_at = TimeColumn(*s, 8);
        e.last_notified_at = TimeColumn(*s, 9);
        out.push_back(std::move(e));
      }
    }
    // Each instance's columns, read and decoded once (an instance has many episodes); its
    // episodes share its labels and annotations (rules::SharedLabels).
    struct Instance {
      bool read = false;
      std::string fingerprint;
      rules::SharedLabels labels;
      rules::SharedLabels annotations;
      std::string generator_url;
    };
    std::unordered_map<int64_t, Instance> instances;
    std::string ids = "[";
    for (int64_t id : instance_of) {
      if (!instances.try_emplace(id).second) continue;
      if (ids.size() > 1) ids += ',';
      ids += std::to_string(id);
    }
    ids += ']';
    if (!instances.empty()) {
      StatementUse s(impl_->FindStatement(kFindInstancesSql));
      s->bindNoCopy(1, ids);
      while (s->executeStep()) {
        auto it = instances.find(s->getColumn(0).getInt64());
        if (it == instances.end()) continue;
        rules::Labels labels, annotations;
        if (!LabelsFromJson(ColumnText(*s, 2), &labels) ||
            !LabelsFromJson(ColumnText(*s, 3), &annotations)) {
          return Internal("find episodes: stored labels or annotations are not a JSON object");
        }
        Instance& instance = it->second;
        instance.read = true;
        instance.fingerprint = s->getColumn(1).getString();
        instance.labels = std::move(labels);
        instance.annotations = std::move(annotations);
        instance.generator_url = s->getColumn(4).getString();
      }
    }
    snapshot.release();
    for (size_t k = 0; k < out.size(); ++k) {
      const Instance& instance = instances[instance_of[k]];
      if (!instance.read) return Internal("find episodes: an episode's alert instance is missing");
      Episode& e = out[k];
      e.fingerprint = instance.fingerprint;
      e.labels = instance.labels;
      e.annotations = instance.annotations;
      e.generator_url = instance.generator_url;
    }
    if (Unbounded(query)) SortNewestFirst(&out);
    return out;
  } catch (const SQLite::Exception& e) {
    return StatusFromSqlite(e, "find episodes");
  }
}

Result<int64_t> EventStore::CountOpenEpisodes() {
  try {
    StatementUse s(impl_->count_open);
    s->executeStep();
    return s->getColumn(0).getInt64();
  } catch (const SQLite::Exception& e) {
    return StatusFromSqlite(e, "count open episodes");
  }
}

Status EventStore::CheckReady() {
  NAGAME_RETURN_IF_ERROR(internal::CheckFileWritable(*impl_->db, "database"));
  try {
    Impl::Run(impl_->begin);
    Impl::Run(impl_->write_probe);
    Impl::Run(impl_->rollback);
  } catch (const SQLite::Exception& e) {
    impl_->AbortTransaction();
    return Unavailable(StatusFromSqlite(e, "readiness write probe").message());
  }
  Result<int> version = SchemaVersion();
  if (!version.ok()) return version.status();
  if (*version > LatestMigrationVersion()) {
    return Status(Code::kFailedPrecondition, "database schema is newer than this binary");
  }
  if (*version < LatestMigrationVersion()) return Unavailable("database schema is not migrated");
  return Status::Ok();
}

Status EventStore::CheckIntegrity() {
  try {
    SQLite::Statement s(*impl_->db, "PRAGMA integrity_check");
    if (!s.executeStep()) return Internal("integrity check returned nothing");
    std::string first = s.getColumn(0).getString();
    if (first != "ok") return Internal("integrity check: " + first);
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return StatusFromSqlite(e, "integrity check");
  }
}

Result<StoreCounts> EventStore::CountRows() {
  try {
    SQLite::Statement s(*impl_->db,
                        "SELECT (SELECT COUNT(*) FROM deliveries), "
                        "(SELECT COUNT(*) FROM alert_instances), (SELECT COUNT(*) FROM episodes), "
                        "(SELECT COUNT(*) FROM notifications)");
    s.executeStep();
    StoreCounts c;
    c.deliveries = s.getColumn(0).getInt64();
    c.alert_instances = s.getColumn(1).getInt64();
    c.episodes = s.getColumn(2).getInt64();
    c.notifications = s.getColumn(3).getInt64();
    return c;
  } catch (const SQLite::Exception& e) {
    return StatusFromSqlite(e, "count rows");
  }
}

Result<std::string> EventStore::ExplainFindEpisodes(const EpisodeQuery& query) {
  return internal::ExplainQueryPlan(*impl_->db, FindEpisodesSql(query));
}

Result<std::string> EventStore::ExplainExpireStale() {
  return internal::ExplainQueryPlan(*impl_->db, kExpireStale);
}

Result<int> EventStore::SchemaVersion() {
  try {
    return AppliedMigrationVersion(*impl_->db);
  } catch (const SQLite::Exception& e) {
    return StatusFromSqlite(e, "schema version");
  }
}

}  // namespace nagame::storage
