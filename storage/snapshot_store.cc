// SnapshotStore on SQLite: upserts in one transaction per snapshot, JSON-encoded definitions.
#include "storage/snapshot_store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "storage/connection.h"
#include "storage/sqlite_util.h"

namespace nagame::storage {
namespace {

using internal::BindTime;
using internal::OptionalTimeColumn;
using internal::StatusFromSqlite;
using internal::TimeColumn;

std::string Dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string DefinitionJson(const rules::RuleDefinition& d) {
  return Dump({{"name", d.name},
               {"group", d.group},
               {"file", d.file},
               {"line", d.line},
               {"expr", d.expr},
               {"for_ns", d.for_duration.count()},
               {"keep_firing_for_ns", d.keep_firing_for.count()},
               {"labels", d.labels},
               {"annotations", d.annotations},
               {"language", d.language},
               {"enabled", d.enabled}});
}

// Throws nlohmann::json::exception on a malformed document.
rules::RuleDefinition DefinitionFromJson(const std::string& text) {
  const nlohmann::json j = nlohmann::json::parse(text);
  rules::RuleDefinition d;
  d.name = j.at("name").get<std::string>();
  d.group = j.at("group").get<std::string>();
  d.file = j.at("file").get<std::string>();
  d.line = j.at("line").get<int>();
  d.expr = j.at("expr").get<std::string>();
  d.for_duration = Duration(j.at("for_ns").get<int64_t>());
  d.keep_firing_for = Duration(j.at("keep_firing_for_ns").get<int64_t>());
  d.labels = j.at("labels").get<rules::Labels>();
  d.annotations = j.at("annotations").get<rules::Labels>();
  // Absent in snapshots taken before rules came from other sources than Prometheus.
  d.language = j.value("language", std::string(rules::kPromQL));
  d.enabled = j.value("enabled", true);
  return d;
}

std::string MatchersJson(const std::vector<rules::SilenceMatcher>& matchers) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& m : matchers) {
    list.push_back(
        {{"name", m.name}, {"value", m.value}, {"is_regex", m.is_regex}, {"is_equal", m.is_equal}});
  }
  return Dump(list);
}

std::vector<rules::SilenceMatcher> MatchersFromJson(const std::string& text) {
  std::vector<rules::SilenceMatcher> out;
  for (const auto& m : nlohmann::json::parse(text)) {
    out.push_back({m.at("name").get<std::string>(), m.at("value").get<std::string>(),
                   m.at("is_regex").get<bool>(), m.at("is_equal").get<bool>()});
  }
  return out;
}

constexpr char kUpsertRule[] =
    "INSERT INTO rule_snapshots (origin, source, rule, definition, first_seen_at, last_seen_at, "
    "deleted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5, NULL) "
    "ON CONFLICT (origin, source, rule) DO UPDATE SET definition = excluded.definition, "
    "last_seen_at = excluded.last_seen_at, "
    "first_seen_at = CASE WHEN rule_snapshots.deleted_at IS NULL "
    "THEN rule_snapshots.first_seen_at ELSE excluded.first_seen_at END, deleted_at = NULL";
constexpr char kDefinedOfOrigin[] =
    "SELECT source, rule FROM rule_snapshots WHERE origin = ?1 AND deleted_at IS NULL";
constexpr char kMarkDeleted[] =
    "UPDATE rule_snapshots SET deleted_at = ?4 WHERE origin = ?1 AND source = ?2 AND rule = ?3";
constexpr char kUpsertSilence[] =
    "INSERT INTO silence_snapshots (id, matchers, created_by, comment, starts_at, ends_at, state, "
    "first_seen_at, last_seen_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8) "
    "ON CONFLICT (id) DO UPDATE SET matchers = excluded.matchers, "
    "created_by = excluded.created_by, comment = excluded.comment, "
    "starts_at = excluded.starts_at, ends_at = excluded.ends_at, state = excluded.state, "
    "last_seen_at = excluded.last_seen_at";

}  // namespace

SnapshotStore::SnapshotStore(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}
SnapshotStore::~SnapshotStore() = default;

Result<std::unique_ptr<SnapshotStore>> SnapshotStore::Open(const StoreOptions& options) {
  NAGAME_ASSIGN_OR_RETURN(auto db, internal::OpenConnection(options, "snapshot store"));
  return std::unique_ptr<SnapshotStore>(new SnapshotStore(std::move(db)));
}

Status SnapshotStore::RecordRules(std::string_view origin,
                                  const std::vector<rules::DefinedRule>& defined, Time now) {
  const std::string o(origin);
  try {
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    std::set<std::pair<std::string, std::string>> present;
    {
      SQLite::Statement upsert(*db_, kUpsertRule);
      for (const rules::DefinedRule& d : defined) {
        upsert.bind(1, o);
        upsert.bind(2, d.source);
        upsert.bind(3, d.definition.name);
        upsert.bind(4, DefinitionJson(d.definition));
        BindTime(upsert, 5, now);
        upsert.exec();
        upsert.reset();
        present.emplace(d.source, d.definition.name);
      }
    }
    std::vector<std::pair<std::string, std::string>> gone;
    {
      SQLite::Statement s(*db_, kDefinedOfOrigin);
      s.bind(1, o);
      while (s.executeStep()) {
        std::pair<std::string, std::string> key(s.getColumn(0).getString(),
                                                s.getColumn(1).getString());
        if (!present.count(key)) gone.push_back(std::move(key));
      }
    }
    SQLite::Statement mark(*db_, kMarkDeleted);
    for (const auto& [source, rule] : gone) {
      mark.bind(1, o);
      mark.bind(2, source);
      mark.bind(3, rule);
      BindTime(mark, 4, now);
      mark.exec();
      mark.reset();
    }
    tx.commit();
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return StatusFromSqlite(e, "record rule snapshot");
  }
}

Result<std::vector<RuleSnapshot>> SnapshotStore::Rules(std::optional<std::string> rule) {
  std::string sql =
      "SELECT origin, source, rule, definition, first_seen_at, last_seen_at, deleted_at "
      "FROM rule_snapshots";
  if (rule) sql += " WHERE rule = ?1";
  sql += " ORDER BY rule, origin, source";
  try {
    SQLite::Statement s(*db_, sql);
    if (rule) s.bind(1, *rule);
    std::vector<RuleSnapshot> out;
    while (s.executeStep()) {
      RuleSnapshot r;
      r.origin = s.getColumn(0).getString();
      r.source = s.getColumn(1).getString();
      r.definition = DefinitionFromJson(s.getColumn(3).getString());
      r.definition.name = s.getColumn(2).getString();
      r.first_seen_at = TimeColumn(s, 4);
      r.last_seen_at = TimeColumn(s, 5);
      r.deleted_at = OptionalTimeColumn(s, 6);
      out.push_back(std::move(r));
    }
    return out;
  } catch (const SQLite::Exception& e) {
    return StatusFromSqlite(e, "read rule snapshots");
  } catch (const nlohmann::json::exception&) {
    return Internal("read rule snapshots: a stored definition is not valid JSON");
  }
}

Status SnapshotStore::RecordSilences(const std::vector<rules::Silence>& silences, Time now) {
  try {
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement upsert(*db_, kUpsertSilence);
    for (const rules::Silence& x : silences) {
      upsert.bind(1, x.id);
      upsert.bind(2, MatchersJson(x.matchers));
      upsert.bind(3, x.created_by);
      upsert.bind(4, x.comment);
      BindTime(upsert, 5, x.starts_at);
      BindTime(upsert, 6, x.ends_at);
      upsert.bind(7, x.state);
      BindTime(upsert, 8, now);
      upsert.exec();
      upsert.reset();
    }
    tx.commit();
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return StatusFromSqlite(e, "record silence snapshot");
  }
}

Result<std::vector<SilenceSnapshot>> SnapshotStore::Silences() {
  try {
    SQLite::Statement s(*db_,
                        "SELECT id, matchers, created_by, comment, starts_at, ends_at, state, "
                        "first_seen_at, last_seen_at FROM silence_snapshots ORDER BY id");
    std::vector<SilenceSnapshot> out;
    while (s.executeStep()) {
      SilenceSnapshot x;
      x.silence.id = s.getColumn(0).getString();
      x.silence.matchers = MatchersFromJson(s.getColumn(1).getString());
      x.silence.created_by = s.getColumn(2).getString();
      x.silence.comment = s.getColumn(3).getString();
      x.silence.starts_at = TimeColumn(s, 4);
      x.silence.ends_at = TimeColumn(s, 5);
      x.silence.state = s.getColumn(6).getString();
      x.first_seen_at = TimeColumn(s, 7);
      x.last_seen_at = TimeColumn(s, 8);
      out.push_back(std::move(x));
    }
    return out;
  } catch (const SQLite::Exception& e) {
    return StatusFromSqlite(e, "read silence snapshots");
  } catch (const nlohmann::json::exception&) {
    return Internal("read silence snapshots: stored matchers are not valid JSON");
  }
}

}  // namespace nagame::storage
