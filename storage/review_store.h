// ReviewStore: what people record about alerts — acks, feedback, decisions, incidents — in
// SQLite (tables of migration 2). Validation of what a record may say is the caller's job
// (bot/review/review_service.h); the store keeps what it is given.
//
// Thread safety: a ReviewStore owns one SQLite connection and is NOT thread-safe; callers
// serialise access. Any number of stores may be open on the same file (WAL).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rules/review_records.h"
#include "rules/status.h"
#include "rules/time.h"
#include "storage/store_options.h"

namespace SQLite {
class Database;
}

namespace nagame::storage {

// Records whose time lies in [from, to), optionally of one rule only.
struct RecordQuery {
  Time from = Time::min();
  Time to = Time::max();
  std::optional<std::string> rule;
};

class ReviewStore {
 public:
  // Opens (creating and migrating if needed) the database as EventStore::Open does.
  // Errors: as EventStore::Open.
  static Result<std::unique_ptr<ReviewStore>> Open(const StoreOptions& options);
  ~ReviewStore();

  // Inserts the record (its `id` is ignored) and returns it with the id assigned.
  // Errors: kUnavailable when SQLite cannot write now (locked, read-only, I/O, disk full);
  // kInternal on a constraint failure (e.g. an episode_id that no episode has: callers
  // validate first).
  Result<rules::Ack> AddAck(rules::Ack ack);
  Result<rules::Feedback> AddFeedback(rules::Feedback feedback);
  Result<rules::Decision> AddDecision(rules::Decision decision);
  Result<rules::Incident> AddIncident(rules::Incident incident);

  // Records in the query's range, oldest first (ties: lower id first); an incident's time is
  // its started_at. Index searches over (at) or (rule, at). Errors: kUnavailable; kInternal
  // when a stored row cannot be decoded.
  Result<std::vector<rules::Ack>> Acks(const RecordQuery& query);
  Result<std::vector<rules::Feedback>> FeedbackIn(const RecordQuery& query);
  Result<std::vector<rules::Decision>> Decisions(const RecordQuery& query);
  // `query.rule` is ignored (incidents are about services).
  Result<std::vector<rules::Incident>> Incidents(const RecordQuery& query);

  // The query plan of the SQL that Acks(query) / Decisions(query) run (one line per step;
  // "SCAN <table>" is a full scan). For tests and diagnostics.
  Result<std::string> ExplainAcks(const RecordQuery& query);
  Result<std::string> ExplainDecisions(const RecordQuery& query);

 private:
  explicit ReviewStore(std::unique_ptr<SQLite::Database> db);
  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace nagame::storage
