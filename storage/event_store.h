// EventStore: the firing history in SQLite (deliveries, alert instances, episodes,
// notifications). The only way alert events reach or leave the database.
//
// Thread safety: an EventStore owns one SQLite connection and is NOT thread-safe; use one
// per thread (the ingest writer owns one, readers open their own). Any number of EventStores
// may be open on the same file (WAL: one writer at a time, readers never block it).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "rules/alert_event.h"
#include "rules/episode.h"
#include "rules/episode_model.h"
#include "rules/status.h"
#include "rules/time.h"
#include "storage/ingest_journal.h"
#include "storage/store_options.h"

namespace nagame::storage {

// One episode as stored, joined with its alert instance: the rules' own type, so the review
// takes a month of them over without converting each.
using Episode = rules::Episode;

// Episodes that overlap [from, to): started before `to` and not ended before `from`.
struct EpisodeQuery {
  std::optional<std::string> source;
  std::optional<std::string> rule;
  std::optional<std::string> fingerprint;
  Time from = Time::min();
  Time to = Time::max();
  size_t limit = 10000;
  // Only the episodes that started in [from, to), not those carried over from before it.
  bool started_within = false;
};

// Row counts of the event tables, for tests and diagnostics.
struct StoreCounts {
  int64_t deliveries = 0;
  int64_t alert_instances = 0;
  int64_t episodes = 0;
  int64_t notifications = 0;
};

// What recording one delivery did, by episode action.
struct DeliveryOutcome {
  int64_t delivery_id = 0;
  int alerts = 0;
  int opened = 0;       // kOpen
  int extended = 0;     // kExtend
  int reopened = 0;     // kReopen
  int resolved = 0;     // kResolve
  int recorded = 0;     // kRecordResolved + kRecordExpired
  int notify_only = 0;  // kNotifyOnly
  int expired = 0;      // older open episodes closed as expired
  int acks = 0;         // acks recorded (AlertEvent::acknowledged_by not yet recorded)
};

// Adds o's counts (alerts and actions, not the delivery id) to *sum.
void Accumulate(const DeliveryOutcome& o, DeliveryOutcome* sum);

// What building episodes from journal entries did (ApplyJournal, ReplayLegacyJournal).
struct JournalApplyStats {
  int built = 0;             // entries turned into episodes
  int failed = 0;            // entries that could not be applied (set aside with their error)
  DeliveryOutcome episodes;  // summed over the entries built
};

class EventStore {
 public:
  // Opens (creating if needed) the file, sets WAL, synchronous=FULL, busy_timeout and foreign
  // keys, and applies pending migrations (unless read_only).
  // With read_only the file must exist and be fully migrated (a writer migrates it); every
  // write (Record, ExpireStale, CheckReady) then fails with kUnavailable.
  // Errors: kUnavailable if the file cannot be opened, written or migrated (or, read_only, is
  // missing or not migrated yet); kFailedPrecondition if the file's schema is newer than this
  // binary knows.
  static Result<std::unique_ptr<EventStore>> Open(const StoreOptions& options);
  ~EventStore();

  // Records `deliveries` in ONE transaction (group commit), each delivery inside its own
  // savepoint, applying rules::DecideEpisodeUpdate to every alert. On return OK, every
  // delivery whose (*outcomes)[i] is OK is durably committed; a delivery whose outcome is an
  // error was rolled back alone. Errors: kUnavailable when the transaction could not begin or
  // commit, or SQLite reported an I/O, lock, read-only or disk-full error on the way (then
  // nothing at all was stored and every outcome carries that error).
  // An alert with acknowledged_by also records an ack (table acks: its source, rule and
  // episode, the acknowledger as user, note "acknowledged in <source>", at received_at) unless
  // that episode already has one by the same user.
  // A delivery that fails rules::ValidateDelivery is rejected before anything of it is written
  // (outcome kInvalidArgument, field() naming it: "source", "alerts[3].rule",
  // "alerts[3].fingerprint"). Any other failure inside one delivery (a bug: kInternal) rolls
  // back that delivery alone.
  // REQUIRES: outcomes != nullptr; no pointer in `deliveries` is null. On return
  // outcomes->size() == deliveries.size().
  Status RecordBatch(std::span<const rules::Delivery* const> deliveries,
                     std::vector<Result<DeliveryOutcome>>* outcomes);
  // Builds the episodes of journal entries (IngestJournal::ReadAfter, in id order) in ONE
  // transaction: each entry decoded and applied in its own savepoint as RecordBatch does, in
  // order, until all are done or `deadline` has passed (at least one is), and the
  // built-through mark (JournalAppliedThrough) set to the last one done. stats->built +
  // stats->failed is how many of `entries` were done. An entry that cannot be decoded
  // (kInternal), decodes to a delivery that fails rules::ValidateDelivery (kInvalidArgument:
  // the journal is not trusted to hold only what was validated before it was appended) or
  // cannot be applied (kInternal) is rolled back alone and kept in ingest_failed with its
  // error; the entries after it are built anyway.
  // Errors: kUnavailable (nothing of it is stored and the mark is unchanged).
  // REQUIRES: entries are in increasing id order, all above JournalAppliedThrough();
  // stats != nullptr.
  Status ApplyJournal(std::span<const JournalEntry> entries,
                      std::chrono::steady_clock::time_point deadline, JournalApplyStats* stats);

  // The id of the last journal entry whose episodes are committed here (0: none yet).
  // Errors: kUnavailable.
  Result<int64_t> JournalAppliedThrough();

  // Deliveries that a binary before schema version 7 acknowledged into this database's own
  // journal table and did not build: builds them in order, in one transaction, until the
  // table is empty or `budget` is spent, and removes them. A damaged entry stays in that
  // table with its error. Errors: kUnavailable (nothing of it is stored).
  // REQUIRES: stats != nullptr.
  Status ReplayLegacyJournal(std::chrono::steady_clock::duration budget, JournalApplyStats* stats);
  // Entries waiting in that table (counted at Open, kept by this connection).
  int64_t LegacyJournalBacklog() const;

  // A passive WAL checkpoint: copies committed pages into the database file without waiting
  // for, or blocking, readers and the writer. Errors: kUnavailable.
  Status Checkpoint();

  // RecordBatch of one delivery: its outcome, or the batch error.
  Result<DeliveryOutcome> Record(const rules::Delivery& delivery);

  // Marks firing episodes last notified more than `expire_after` before `now` as expired
  // (rules::IsExpiredAt), ending at their last notification (never before their start).
  // Returns how many changed. Errors: kUnavailable (nothing changed).
  Result<int64_t> ExpireStale(Time now, Duration expire_after);

  // Episodes overlapping the query window, newest start first (ties: higher id first), at
  // most query.limit, labels and annotations decoded. Uses indexes only (see
  // ExplainFindEpisodes). Errors: kUnavailable; kInternal if a stored row cannot be decoded.
  Result<std::vector<Episode>> FindEpisodes(const EpisodeQuery& query);
  // FindEpisodes' order: a before b when a started later (ties: higher id first).
  static bool NewestFirst(const Episode& a, const Episode& b) {
    return a.starts_at != b.starts_at ? a.starts_at > b.starts_at : a.id > b.id;
  }

  // Episodes in state firing.
  Result<int64_t> CountOpenEpisodes();

  // OK when the database accepts a write (BEGIN IMMEDIATE, then ROLLBACK: the write lock is
  // taken and released, nothing is written) and every migration is applied. For /readyz.
  // Errors: kUnavailable when the write lock cannot be had (read-only file or store, locked
  // past busy_timeout, I/O error) or migrations are missing; kFailedPrecondition when the
  // schema is newer than this binary; kUnavailable also when the file was deleted or made
  // read-only while open (internal::CheckFileWritable). It cannot see a full disk (nothing is
  // written).
  Status CheckReady();

  // Runs PRAGMA integrity_check. Errors: kInternal with SQLite's first finding when it is not
  // "ok"; kUnavailable when it cannot run.
  Status CheckIntegrity();

  // Rows in each event table (a count over an index of each table: O(rows)).
  Result<StoreCounts> CountRows();

  // The SQLite query plan (EXPLAIN QUERY PLAN's detail column, one line each) of exactly the
  // SQL that FindEpisodes(query) / ExpireStale run. For tests and diagnostics: a line
  // starting with "SCAN" is a full scan of that table.
  Result<std::string> ExplainFindEpisodes(const EpisodeQuery& query);
  Result<std::string> ExplainExpireStale();

  // The highest applied migration, and the highest this binary knows.
  Result<int> SchemaVersion();
  static int LatestSchemaVersion();

 private:
  struct Impl;
  explicit EventStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace nagame::storage
