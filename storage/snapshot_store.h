// SnapshotStore: what Nagame has seen of rule definitions (rule files, Prometheus) and of
// Alertmanager silences over time, so that "defined since", "deleted on" and "silenced since"
// are known (tables rule_snapshots and silence_snapshots of migration 2).
//
// Thread safety: a SnapshotStore owns one SQLite connection and is NOT thread-safe; callers
// serialise access. Any number of stores may be open on the same file (WAL).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/check.h"
#include "rules/review_records.h"
#include "rules/status.h"
#include "rules/time.h"
#include "storage/store_options.h"

namespace SQLite {
class Database;
}

namespace nagame::storage {

// One (origin, source, rule) as snapshots saw it.
struct RuleSnapshot {
  std::string origin;  // where it was read: "rule_files", "prometheus"
  std::string source;
  rules::RuleDefinition definition;  // as last seen (name = the rule)
  Time first_seen_at;                // "defined since" (reset when a deleted rule comes back)
  Time last_seen_at;
  std::optional<Time> deleted_at;  // the first snapshot without it; unset while defined
};

// One silence as snapshots saw it.
struct SilenceSnapshot {
  rules::Silence silence;  // as last seen
  Time first_seen_at;
  Time last_seen_at;
};

class SnapshotStore {
 public:
  // Opens (creating and migrating if needed) the database as EventStore::Open does.
  // Errors: as EventStore::Open.
  static Result<std::unique_ptr<SnapshotStore>> Open(const StoreOptions& options);
  ~SnapshotStore();

  // Records that `origin` defines exactly `rules` at `now`, in one transaction: each
  // (source, name) is inserted or has its definition and last_seen_at updated (a deleted one
  // is revived with first_seen_at = now); every other (source, rule) of `origin` that was
  // still defined gets deleted_at = now. Several definitions with one (source, name) keep
  // the last. Call it only with a complete, successful read: an empty `rules` deletes all.
  // Errors: kUnavailable (nothing changed); kInternal.
  Status RecordRules(std::string_view origin, const std::vector<rules::DefinedRule>& rules,
                     Time now);

  // Every snapshot row, deleted ones included, by rule then origin then source; with `rule`
  // only that rule's (an index search). Errors: kUnavailable; kInternal on undecodable rows.
  Result<std::vector<RuleSnapshot>> Rules(std::optional<std::string> rule = std::nullopt);

  // Records `silences` as seen at `now` (insert, or update the silence and last_seen_at), in
  // one transaction. Silences not in the list are kept as they were last seen.
  // Errors: kUnavailable (nothing changed); kInternal.
  Status RecordSilences(const std::vector<rules::Silence>& silences, Time now);

  // Every silence ever seen, by id. Errors: kUnavailable; kInternal on undecodable rows.
  Result<std::vector<SilenceSnapshot>> Silences();

 private:
  explicit SnapshotStore(std::unique_ptr<SQLite::Database> db);
  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace nagame::storage
