// OutboxStore: chat messages waiting to be posted (migration 3's `outbox` table). A message is
// stored before it is sent and marked delivered after; its dedup key ("<run>|<destination>")
// is unique, so enqueuing the same scheduled run twice — after a restart, or from two
// schedulers — stores (and posts) it once.
//
// Delivery is at-least-once at the HTTP level: a crash between a successful POST and
// MarkDelivered re-sends that one message after the restart. Everything before is exactly once.
//
// Thread safety: an OutboxStore owns one SQLite connection and is NOT thread-safe; callers
// serialise access. Any number of stores may be open on the same file (WAL).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rules/status.h"
#include "rules/time.h"
#include "storage/store_options.h"

namespace SQLite {
class Database;
}

namespace nagame::storage {

struct OutboxMessage {
  enum class State { kPending, kDelivered, kFailed };
  int64_t id = 0;
  std::string dedup_key;    // "<run>|<destination>"
  std::string destination;  // a configured destination name ("slack", …), never a URL
  std::string payload;      // the body to post
  State state = State::kPending;
  int attempts = 0;  // sends tried so far
  Time next_attempt_at;
  Time created_at;
  std::optional<Time> delivered_at;
  std::string last_error;  // why the last attempt failed (no secrets), or empty
};

const char* OutboxStateName(OutboxMessage::State s);  // "pending", "delivered", "failed"

// What Enqueue did.
struct Enqueued {
  OutboxMessage message;  // as stored (the earlier one when the key existed)
  bool created = false;   // false: a message with this dedup key was already stored
};

class OutboxStore {
 public:
  // Opens (creating and migrating if needed) the database as EventStore::Open does.
  // Errors: as EventStore::Open.
  static Result<std::unique_ptr<OutboxStore>> Open(const StoreOptions& options);
  ~OutboxStore();

  // Stores a pending message due at `now`, unless `dedup_key` is already stored (then returns
  // that one, unchanged, with created == false). Errors: kInvalidArgument (field "dedup_key"
  // or "destination") when empty; kUnavailable when SQLite cannot write now.
  Result<Enqueued> Enqueue(const std::string& dedup_key, const std::string& destination,
                           const std::string& payload, Time now);

  // Pending messages with next_attempt_at <= now, oldest first, at most `limit`.
  Result<std::vector<OutboxMessage>> Due(Time now, size_t limit = 100);
  // The earliest next_attempt_at among pending messages; nullopt when none is pending.
  Result<std::optional<Time>> NextDue();

  // State changes of message `id`; each counts one attempt. Errors: kNotFound for an unknown
  // id; kUnavailable.
  Status MarkDelivered(int64_t id, Time at);
  Status MarkRetry(int64_t id, Time next_attempt_at, const std::string& error);
  Status MarkFailed(int64_t id, const std::string& error);

  // The message with `dedup_key`, or nullopt.
  Result<std::optional<OutboxMessage>> Find(const std::string& dedup_key);
  // Every message, oldest first (diagnostics and tests).
  Result<std::vector<OutboxMessage>> All();

 private:
  explicit OutboxStore(std::unique_ptr<SQLite::Database> db);
  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace nagame::storage
