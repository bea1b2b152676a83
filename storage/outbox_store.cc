// OutboxStore on SQLite.
#include "storage/outbox_store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include "storage/connection.h"
#include "storage/sqlite_util.h"

namespace nagame::storage {
namespace {

using internal::BindTime;
using internal::OptionalTimeColumn;
using internal::StatusFromSqlite;
using internal::TimeColumn;

constexpr char kColumns[] =
    "id, dedup_key, destination, payload, state, attempts, next_attempt_at, created_at, "
    "delivered_at, last_error";

OutboxMessage::State ParseState(const std::string& s) {
  if (s == "delivered") return OutboxMessage::State::kDelivered;
  if (s == "failed") return OutboxMessage::State::kFailed;
  return OutboxMessage::State::kPending;
}

OutboxMessage Row(const SQLite::Statement& s) {
  OutboxMessage m;
  m.id = s.getColumn(0).getInt64();
  m.dedup_key = s.getColumn(1).getString();
  m.destination = s.getColumn(2).getString();
  m.payload = s.getColumn(3).getString();
  m.state = ParseState(s.getColumn(4).getString());
  m.attempts = s.getColumn(5).getInt();
  m.next_attempt_at = TimeColumn(s, 6);
  m.created_at = TimeColumn(s, 7);
  m.delivered_at = OptionalTimeColumn(s, 8);
  m.last_error = s.getColumn(9).getString();
  return m;
}

// Runs `sql` (bound by `bind`) and returns its rows.
template <typename Bind>
Result<std::vector<OutboxMessage>> Select(SQLite::Database& db, const std::string& sql, Bind bind,
                                          const char* what) {
  try {
    SQLite::Statement s(db, sql);
    bind(s);
    std::vector<OutboxMessage> out;
    while (s.executeStep()) out.push_back(Row(s));
    return out;
  } catch (const SQLite::Exception& e) {
    return StatusFromSqlite(e, what);
  }
}

}  // namespace

const char* OutboxStateName(OutboxMessage::State s) {
  switch (s) {
    case OutboxMessage::State::kDelivered:
      return "delivered";
    case OutboxMessage::State::kFailed:
      return "failed";
    case OutboxMessage::State::kPending:
    default:
      return "pending";
  }
}

OutboxStore::OutboxStore(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}
OutboxStore::~OutboxStore() = default;

Result<std::unique_ptr<OutboxStore>> OutboxStore::Open(const StoreOptions& options) {
  NAGAME_ASSIGN_OR_RETURN(auto db, internal::OpenConnection(options, "outbox store"));
  return std::unique_ptr<OutboxStore>(new OutboxStore(std::move(db)));
}

Result<Enqueued> OutboxStore::Enqueue(const std::string& dedup_key, const std::string& destination,
                                      const std::string& payload, Time now) {
  if (dedup_key.empty()) return InvalidArgument("must not be empty", "dedup_key");
  if (destination.empty()) return InvalidArgument("must not be empty", "destination");
  bool created = false;
  try {
    SQLite::Statement insert(
        *db_,
        "INSERT INTO outbox (dedup_key, destination, payload, state, attempts, next_attempt_at, "
        "created_at, last_error) VALUES (?1, ?2, ?3, 'pending', 0, ?4, ?4, '') "
        "ON CONFLICT (dedup_key) DO NOTHING");
    insert.bind(1, dedup_key);
    insert.bind(2, destination);
    insert.bind(3, payload);
    BindTime(insert, 4, now);
    created = insert.exec() == 1;
  } catch (const SQLite::Exception& e) {
    return StatusFromSqlite(e, "enqueue outbox message");
  }
  NAGAME_ASSIGN_OR_RETURN(auto stored, Find(dedup_key));
  if (!stored) return Internal("enqueue outbox message: row vanished");
  return Enqueued{std::move(*stored), created};
}

Result<std::vector<OutboxMessage>> OutboxStore::Due(Time now, size_t limit) {
  return Select(
      *db_,
      std::string("SELECT ") + kColumns +
          " FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?1 "
          "ORDER BY next_attempt_at, id LIMIT ?2",
      [&](SQLite::Statement& s) {
        BindTime(s, 1, now);
        s.bind(2, static_cast<int64_t>(limit));
      },
      "read due outbox messages");
}

Result<std::optional<Time>> OutboxStore::NextDue() {
  try {
    SQLite::Statement s(*db_, "SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'pending'");
    s.executeStep();
    return OptionalTimeColumn(s, 0);
  } catch (const SQLite::Exception& e) {
    return StatusFromSqlite(e, "read next outbox attempt");
  }
}

namespace {

// Runs an UPDATE of one message by id (?1); kNotFound when no row changed.
template <typename Bind>
Status UpdateOne(SQLite::Database& db, const char* sql, int64_t id, Bind bind, const char* what) {
  try {
    SQLite::Statement s(db, sql);
    s.bind(1, id);
    bind(s);
    if (s.exec() == 0) return NotFound("no outbox message " + std::to_string(id));
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return StatusFromSqlite(e, what);
  }
}

}  // namespace

Status OutboxStore::MarkDelivered(int64_t id, Time at) {
  return UpdateOne(
      *db_,
      "UPDATE outbox SET state = 'delivered', attempts = attempts + 1, delivered_at = ?2, "
      "last_error = '' WHERE id = ?1",
      id, [&](SQLite::Statement& s) { BindTime(s, 2, at); }, "mark outbox message delivered");
}

Status OutboxStore::MarkRetry(int64_t id, Time next_attempt_at, const std::string& error) {
  return UpdateOne(
      *db_,
      "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2, last_error = ?3 "
      "WHERE id = ?1",
      id,
      [&](SQLite::Statement& s) {
        BindTime(s, 2, next_attempt_at);
        s.bind(3, error);
      },
      "reschedule outbox message");
}

Status OutboxStore::MarkFailed(int64_t id, const std::string& error) {
  return UpdateOne(
      *db_,
      "UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ?2 WHERE id = ?1",
      id, [&](SQLite::Statement& s) { s.bind(2, error); }, "mark outbox message failed");
}

Result<std::optional<OutboxMessage>> OutboxStore::Find(const std::string& dedup_key) {
  NAGAME_ASSIGN_OR_RETURN(
      auto rows, Select(
                     *db_, std::string("SELECT ") + kColumns + " FROM outbox WHERE dedup_key = ?1",
                     [&](SQLite::Statement& s) { s.bind(1, dedup_key); }, "read outbox message"));
  if (rows.empty()) return std::optional<OutboxMessage>();
  return std::optional<OutboxMessage>(std::move(rows.front()));
}

Result<std::vector<OutboxMessage>> OutboxStore::All() {
  return Select(
      *db_, std::string("SELECT ") + kColumns + " FROM outbox ORDER BY id",
      [](SQLite::Statement&) {}, "read outbox");
}

}  // namespace nagame::storage
