// ReviewStore on SQLite: one insert per record, indexed range reads.
#include "storage/review_store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include <functional>
#include <utility>

#include "storage/connection.h"
#include "storage/sqlite_util.h"

namespace nagame::storage {
namespace {

using internal::BindTime;
using internal::OptionalTimeColumn;
using internal::StatusFromSqlite;
using internal::TimeColumn;

// One record table as the range query sees it.
struct Table {
  const char* name;
  const char* columns;   // selected, id first
  const char* time;      // the column RecordQuery's range applies to
  bool has_rule = true;  // RecordQuery::rule applies
};

constexpr Table kAcks{"acks", "id, source, rule, episode_id, user_name, note, at", "at"};
constexpr Table kFeedback{"feedback", "id, rule, verdict, user_name, note, at", "at"};
constexpr Table kDecisions{"decisions", "id, rule, action, note, author, at", "at"};
constexpr Table kIncidents{"incidents", "id, service, text, author, started_at, episode_id",
                           "started_at", false};

// ?1 from, ?2 to, ?3 rule. With a rule the (rule, time) index is searched, else (time).
std::string RangeSql(const Table& t, const RecordQuery& q) {
  std::string sql = std::string("SELECT ") + t.columns + " FROM " + t.name + " WHERE ";
  if (t.has_rule && q.rule) sql += "rule = ?3 AND ";
  sql += std::string(t.time) + " >= ?1 AND " + t.time + " < ?2 ORDER BY " + t.time + ", id";
  return sql;
}

template <typename T>
Result<std::vector<T>> ReadRange(SQLite::Database& db, const Table& t, const RecordQuery& q,
                                 const std::function<T(const SQLite::Statement&)>& row) {
  try {
    SQLite::Statement s(db, RangeSql(t, q));
    BindTime(s, 1, q.from);
    BindTime(s, 2, q.to);
    if (t.has_rule && q.rule) s.bind(3, *q.rule);
    std::vector<T> out;
    while (s.executeStep()) out.push_back(row(s));
    return out;
  } catch (const SQLite::Exception& e) {
    return StatusFromSqlite(e, std::string("read ") + t.name);
  } catch (const std::invalid_argument& e) {
    return Internal(std::string("read ") + t.name + ": " + e.what());
  }
}

std::optional<int64_t> OptionalId(const SQLite::Statement& s, int index) {
  SQLite::Column c = s.getColumn(index);
  if (c.isNull()) return std::nullopt;
  return c.getInt64();
}

void BindOptionalId(SQLite::Statement& s, int index, const std::optional<int64_t>& id) {
  if (id) {
    s.bind(index, *id);
  } else {
    s.bind(index);
  }
}

// Runs an INSERT prepared by `bind` and returns the new row id.
Result<int64_t> Insert(SQLite::Database& db, const char* sql, const char* what,
                       const std::function<void(SQLite::Statement&)>& bind) {
  try {
    SQLite::Statement s(db, sql);
    bind(s);
    s.exec();
    return db.getLastInsertRowid();
  } catch (const SQLite::Exception& e) {
    return StatusFromSqlite(e, what);
  }
}

rules::Ack AckRow(const SQLite::Statement& s) {
  rules::Ack a;
  a.id = s.getColumn(0).getInt64();
  a.source = s.getColumn(1).getString();
  a.rule = s.getColumn(2).getString();
  a.episode_id = OptionalId(s, 3);
  a.user = s.getColumn(4).getString();
  a.note = s.getColumn(5).getString();
  a.at = TimeColumn(s, 6);
  return a;
}

rules::Feedback FeedbackRow(const SQLite::Statement& s) {
  rules::Feedback f;
  f.id = s.getColumn(0).getInt64();
  f.rule = s.getColumn(1).getString();
  auto verdict = rules::ParseVerdict(s.getColumn(2).getString());
  if (!verdict) throw std::invalid_argument("stored verdict is unknown");
  f.verdict = *verdict;
  f.user = s.getColumn(3).getString();
  f.note = s.getColumn(4).getString();
  f.at = TimeColumn(s, 5);
  return f;
}

rules::Decision DecisionRow(const SQLite::Statement& s) {
  rules::Decision d;
  d.id = s.getColumn(0).getInt64();
  d.rule = s.getColumn(1).getString();
  auto action = rules::ParseDecisionAction(s.getColumn(2).getString());
  if (!action) throw std::invalid_argument("stored decision action is unknown");
  d.action = *action;
  d.note = s.getColumn(3).getString();
  d.author = s.getColumn(4).getString();
  d.at = TimeColumn(s, 5);
  return d;
}

rules::Incident IncidentRow(const SQLite::Statement& s) {
  rules::Incident i;
  i.id = s.getColumn(0).getInt64();
  i.service = s.getColumn(1).getString();
  i.text = s.getColumn(2).getString();
  i.author = s.getColumn(3).getString();
  i.started_at = TimeColumn(s, 4);
  i.episode_id = OptionalId(s, 5);
  return i;
}

}  // namespace

ReviewStore::ReviewStore(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}
ReviewStore::~ReviewStore() = default;

Result<std::unique_ptr<ReviewStore>> ReviewStore::Open(const StoreOptions& options) {
  NAGAME_ASSIGN_OR_RETURN(auto db, internal::OpenConnection(options, "review store"));
  return std::unique_ptr<ReviewStore>(new ReviewStore(std::move(db)));
}

Result<rules::Ack> ReviewStore::AddAck(rules::Ack ack) {
  NAGAME_ASSIGN_OR_RETURN(ack.id,
                          Insert(*db_,
                                 "INSERT INTO acks (source, rule, episode_id, user_name, note, at) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                 "record ack", [&](SQLite::Statement& s) {
                                   s.bind(1, ack.source);
                                   s.bind(2, ack.rule);
                                   BindOptionalId(s, 3, ack.episode_id);
                                   s.bind(4, ack.user);
                                   s.bind(5, ack.note);
                                   BindTime(s, 6, ack.at);
                                 }));
  return ack;
}

Result<rules::Feedback> ReviewStore::AddFeedback(rules::Feedback f) {
  NAGAME_ASSIGN_OR_RETURN(f.id, Insert(*db_,
                                       "INSERT INTO feedback (rule, verdict, user_name, note, at) "
                                       "VALUES (?1, ?2, ?3, ?4, ?5)",
                                       "record feedback", [&](SQLite::Statement& s) {
                                         s.bind(1, f.rule);
                                         s.bind(2, rules::VerdictName(f.verdict));
                                         s.bind(3, f.user);
                                         s.bind(4, f.note);
                                         BindTime(s, 5, f.at);
                                       }));
  return f;
}

Result<rules::Decision> ReviewStore::AddDecision(rules::Decision d) {
  NAGAME_ASSIGN_OR_RETURN(d.id, Insert(*db_,
                                       "INSERT INTO decisions (rule, action, note, author, at) "
                                       "VALUES (?1, ?2, ?3, ?4, ?5)",
                                       "record decision", [&](SQLite::Statement& s) {
                                         s.bind(1, d.rule);
                                         s.bind(2, rules::DecisionActionName(d.action));
                                         s.bind(3, d.note);
                                         s.bind(4, d.author);
                                         BindTime(s, 5, d.at);
                                       }));
  return d;
}

Result<rules::Incident> ReviewStore::AddIncident(rules::Incident i) {
  NAGAME_ASSIGN_OR_RETURN(
      i.id, Insert(*db_,
                   "INSERT INTO incidents (service, text, author, started_at, episode_id) "
                   "VALUES (?1, ?2, ?3, ?4, ?5)",
                   "record incident", [&](SQLite::Statement& s) {
                     s.bind(1, i.service);
                     s.bind(2, i.text);
                     s.bind(3, i.author);
                     BindTime(s, 4, i.started_at);
                     BindOptionalId(s, 5, i.episode_id);
                   }));
  return i;
}

Result<std::vector<rules::Ack>> ReviewStore::Acks(const RecordQuery& query) {
  return ReadRange<rules::Ack>(*db_, kAcks, query, AckRow);
}

Result<std::vector<rules::Feedback>> ReviewStore::FeedbackIn(const RecordQuery& query) {
  return ReadRange<rules::Feedback>(*db_, kFeedback, query, FeedbackRow);
}

Result<std::vector<rules::Decision>> ReviewStore::Decisions(const RecordQuery& query) {
  return ReadRange<rules::Decision>(*db_, kDecisions, query, DecisionRow);
}

Result<std::vector<rules::Incident>> ReviewStore::Incidents(const RecordQuery& query) {
  return ReadRange<rules::Incident>(*db_, kIncidents, query, IncidentRow);
}

Result<std::string> ReviewStore::ExplainAcks(const RecordQuery& query) {
  return internal::ExplainQueryPlan(*db_, RangeSql(kAcks, query));
}

Result<std::string> ReviewStore::ExplainDecisions(const RecordQuery& query) {
  return internal::ExplainQueryPlan(*db_, RangeSql(kDecisions, query));
}

}  // namespace nagame::storage
