// HistorySummary on SQLite: per-key index searches instead of scans of the episode table.
#include "storage/history_summary.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include <utility>

#include "storage/connection.h"
#include "storage/sqlite_util.h"

namespace nagame::storage {
namespace {

using internal::StatusFromSqlite;
using internal::TimeColumn;

// The MAX() subquery is one search of episodes (source, rule, starts_at) per key.
constexpr char kLastEpisodeStarts[] =
    "SELECT k.source, k.rule, (SELECT MAX(e.starts_at) FROM episodes e "
    "WHERE e.source = k.source AND e.rule = k.rule) FROM "
    "(SELECT DISTINCT rule, source FROM alert_instances) k";
// A loose index scan written as a recursive query (SQLite and PostgreSQL): the next source
// after the previous one, then its newest delivery, each an index search.
constexpr char kLastDeliveryBySource[] =
    "WITH RECURSIVE s(source) AS ("
    "SELECT MIN(source) FROM deliveries UNION ALL "
    "SELECT (SELECT MIN(d.source) FROM deliveries d WHERE d.source > s.source) FROM s "
    "WHERE s.source IS NOT NULL) "
    "SELECT s.source, (SELECT MAX(d.received_at) FROM deliveries d WHERE d.source = s.source) "
    "FROM s WHERE s.source IS NOT NULL";

}  // namespace

HistorySummary::HistorySummary(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}
HistorySummary::~HistorySummary() = default;

Result<std::unique_ptr<HistorySummary>> HistorySummary::Open(const StoreOptions& options) {
  NAGAME_ASSIGN_OR_RETURN(auto db, internal::OpenConnection(options, "history summary"));
  return std::unique_ptr<HistorySummary>(new HistorySummary(std::move(db)));
}

Result<std::map<SourceRule, Time>> HistorySummary::LastEpisodeStarts() {
  try {
    SQLite::Statement s(*db_, kLastEpisodeStarts);
    std::map<SourceRule, Time> out;
    while (s.executeStep()) {
      if (s.getColumn(2).isNull()) continue;  // an instance whose episodes are all gone
      out.emplace(SourceRule(s.getColumn(0).getString(), s.getColumn(1).getString()),
                  TimeColumn(s, 2));
    }
    return out;
  } catch (const SQLite::Exception& e) {
    return StatusFromSqlite(e, "last episode per rule");
  }
}

Result<std::map<std::string, Time>> HistorySummary::LastDeliveryBySource() {
  try {
    SQLite::Statement s(*db_, kLastDeliveryBySource);
    std::map<std::string, Time> out;
    while (s.executeStep()) out.emplace(s.getColumn(0).getString(), TimeColumn(s, 1));
    return out;
  } catch (const SQLite::Exception& e) {
    return StatusFromSqlite(e, "last delivery per source");
  }
}

Result<std::vector<SourceRule>> HistorySummary::SeenRules() {
  try {
    SQLite::Statement s(*db_,
                        "SELECT DISTINCT source, rule FROM alert_instances ORDER BY source, rule");
    std::vector<SourceRule> out;
    while (s.executeStep())
      out.emplace_back(s.getColumn(0).getString(), s.getColumn(1).getString());
    return out;
  } catch (const SQLite::Exception& e) {
    return StatusFromSqlite(e, "rules seen");
  }
}

Result<bool> HistorySummary::RuleSeen(std::string_view rule) {
  try {
    SQLite::Statement s(*db_, "SELECT 1 FROM alert_instances WHERE rule = ?1 LIMIT 1");
    s.bind(1, std::string(rule));
    return s.executeStep();
  } catch (const SQLite::Exception& e) {
    return StatusFromSqlite(e, "rule seen");
  }
}

Result<std::optional<SourceRule>> HistorySummary::EpisodeRule(int64_t id) {
  try {
    SQLite::Statement s(*db_, "SELECT source, rule FROM episodes WHERE id = ?1");
    s.bind(1, id);
    if (!s.executeStep()) return std::optional<SourceRule>();
    return std::optional<SourceRule>(
        SourceRule(s.getColumn(0).getString(), s.getColumn(1).getString()));
  } catch (const SQLite::Exception& e) {
    return StatusFromSqlite(e, "episode lookup");
  }
}

Result<std::string> HistorySummary::ExplainLastEpisodeStarts() {
  return internal::ExplainQueryPlan(*db_, kLastEpisodeStarts);
}

Result<std::string> HistorySummary::ExplainLastDeliveryBySource() {
  return internal::ExplainQueryPlan(*db_, kLastDeliveryBySource);
}

}  // namespace nagame::storage
