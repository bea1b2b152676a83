// EventStore: the firing history in SQLite (deliveries, alert instances, episodes,
// notifications). The only way alert events reach or leave the database.
//
// Thread safety: an EventStore owns one SQLite connection and is NOT thread-safe; use one
// per thread (the ingest writer owns one, readers open their own). Any number of EventStores
// may be open on the same file (WAL: one writer at a time, readers never block it).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "rules/alert_event.h"
#include "rules/episode_model.h"
#include "rules/status.h"
#include "rules/time.h"

namespace nagame::storage {

struct StoreOptions {
  std::string path;                                 // SQLite file; created if missing
  Duration busy_timeout = std::chrono::seconds(5);  // wait for the write lock this long
  bool read_only = false;                           // readers: no migrations, no writes
};

// One episode as stored, joined with its alert instance.
struct Episode {
  int64_t id = 0;
  std::string source;
  std::string rule;
  std::string fingerprint;
  rules::Labels labels;
  rules::Labels annotations;
  Time starts_at;
  std::optional<Time> ends_at;
  rules::EpisodeState state = rules::EpisodeState::kFiring;
  int64_t notifications = 0;
  Time first_notified_at;
  Time last_notified_at;
  std::string generator_url;
};

// Episodes that overlap [from, to): started before `to` and not ended before `from`.
struct EpisodeQuery {
  std::optional<std::string> source;
  std::optional<std::string> rule;
  std::optional<std::string> fingerprint;
  Time from = Time::min();
  Time to = Time::max();
  size_t limit = 10000;
};

// What recording one delivery did, by episode action.
struct DeliveryOutcome {
  int64_t delivery_id = 0;
  int alerts = 0;
  int opened = 0;      // kOpen
  int extended = 0;    // kExtend
  int reopened = 0;    // kReopen
  int resolved = 0;    // kResolve
  int recorded = 0;    // kRecordResolved + kRecordExpired
  int notify_only = 0; // kNotifyOnly
  int expired = 0;     // older open episodes closed as expired
};

class EventStore {
 public:
  // Opens (creating if needed) the file, sets WAL, synchronous=FULL, busy_timeout and foreign
  // keys, and applies pending migrations (unless read_only).
  // Errors: kUnavailable if the file cannot be opened, written or migrated; kFailedPrecondition
  // if the file's schema is newer than this binary knows.
  static Result<std::unique_ptr<EventStore>> Open(const StoreOptions& options);
  ~EventStore();

  // Records `deliveries` in ONE transaction (group commit), each delivery inside its own
  // savepoint, applying rules::DecideEpisodeUpdate to every alert. On return OK, every
  // delivery whose (*outcomes)[i] is OK is durably committed; a delivery whose outcome is an
  // error was rolled back alone. Errors: kUnavailable when the transaction could not commit
  // (then nothing at all was stored).
  Status RecordBatch(std::span<const rules::Delivery* const> deliveries,
                     std::vector<Result<DeliveryOutcome>>* outcomes);
  Result<DeliveryOutcome> Record(const rules::Delivery& delivery);

  // Marks firing episodes last notified more than `expire_after` before `now` as expired,
  // ending at their last notification. Returns how many changed.
  Result<int64_t> ExpireStale(Time now, Duration expire_after);

  // Episodes overlapping the query window, newest start first.
  Result<std::vector<Episode>> FindEpisodes(const EpisodeQuery& query);

  Result<int64_t> CountOpenEpisodes();

  // OK when the database accepts a write (a no-op write in a rolled-back transaction) and
  // every migration is applied. For /readyz.
  Status CheckReady();

  // The highest applied migration, and the highest this binary knows.
  Result<int> SchemaVersion();
  static int LatestSchemaVersion();

 private:
  struct Impl;
  explicit EventStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace nagame::storage
