// HistorySummary: small indexed summaries of the recorded firing history that the review
// needs besides the episodes of a window — the newest episode of every rule over all time,
// the newest delivery of every source, which rules were ever seen, and episode lookups.
//
// Thread safety: a HistorySummary owns one SQLite connection and is NOT thread-safe; callers
// serialise access. It only reads; any number may be open on the file (WAL).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rules/status.h"
#include "rules/time.h"
#include "storage/store_options.h"

namespace SQLite {
class Database;
}

namespace nagame::storage {

using SourceRule = std::pair<std::string, std::string>;  // (source, rule)

class HistorySummary {
 public:
  // Opens (creating and migrating if needed) the database as EventStore::Open does.
  // Errors: as EventStore::Open.
  static Result<std::unique_ptr<HistorySummary>> Open(const StoreOptions& options);
  ~HistorySummary();

  // The start of the newest episode of every (source, rule) ever recorded: the distinct
  // (rule, source) of alert instances (a covering index scan), then one index search of
  // episodes (source, rule, starts_at) each. Errors: kUnavailable.
  Result<std::map<SourceRule, Time>> LastEpisodeStarts();

  // The newest delivery of every source that ever sent one: a loose index scan of
  // deliveries (source, received_at), one search per source. Errors: kUnavailable.
  Result<std::map<std::string, Time>> LastDeliveryBySource();

  // Every (source, rule) with a recorded alert instance, sorted. Errors: kUnavailable.
  Result<std::vector<SourceRule>> SeenRules();

  // Whether any alert instance of `rule` (any source) was recorded. Errors: kUnavailable.
  Result<bool> RuleSeen(std::string_view rule);

  // The (source, rule) of episode `id`, or nullopt when there is none. Errors: kUnavailable.
  Result<std::optional<SourceRule>> EpisodeRule(int64_t id);

  // The query plans of LastEpisodeStarts / LastDeliveryBySource (for tests: no "SCAN
  // episodes", no "SCAN deliveries").
  Result<std::string> ExplainLastEpisodeStarts();
  Result<std::string> ExplainLastDeliveryBySource();

 private:
  explicit HistorySummary(std::unique_ptr<SQLite::Database> db);
  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace nagame::storage
