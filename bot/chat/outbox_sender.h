// Durable delivery of chat messages (issue #4 §6): messages wait in the outbox (SQLite) and
// are posted through the one outgoing HTTP client (bot/net, certificate and host verification).
// One shared retry policy: 2xx delivered; network errors, timeouts, 408, 429 and 5xx retried
// with exponential backoff (at least Retry-After when the server sends one); any other answer
// fails the message for good. A destination whose API answers 2xx also on failure reads the
// body itself (Slack's chat.postMessage: its `ok` decides, a "ratelimited" error is retried).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bot/chat/destination.h"
#include "bot/net/http_client.h"
#include "rules/clock.h"
#include "rules/status.h"
#include "rules/time.h"
#include "storage/outbox_store.h"

namespace nagame::bot::chat {

struct RetryPolicy {
  Duration initial_backoff = std::chrono::seconds(30);
  Duration max_backoff = std::chrono::hours(1);
  int max_attempts = 12;  // then the message is marked failed
  // The wait before attempt `attempts + 1` after `attempts` failed ones: initial × 2^(n-1),
  // capped at max_backoff, and never less than `retry_after`.
  Duration Backoff(int attempts, std::optional<Duration> retry_after) const;
};

// Classifies the result of posting to `destination` (pure): a 2xx answer is a delivery unless
// the destination reads it otherwise (Destination::read_2xx).
AttemptOutcome ClassifyAttempt(const Destination& destination,
                               const Result<net::HttpResponse>& result, Time now);

// Posts due outbox messages. Not thread-safe: one sender per store, used from one thread.
class OutboxSender {
 public:
  // `store` and `client` must outlive the sender. Destinations are looked up by name; a
  // message whose destination is no longer configured fails.
  OutboxSender(storage::OutboxStore* store, const net::HttpClient* client,
               std::vector<Destination> destinations, RetryPolicy policy, Clock clock);

  // Attempts every message due now, once each, oldest first, and records each outcome.
  // Returns how many were delivered. Errors: kUnavailable when the outbox cannot be read or
  // an outcome cannot be recorded (the message is then tried again later).
  Result<int> SendDue();

 private:
  AttemptOutcome Attempt(const storage::OutboxMessage& message) const;

  storage::OutboxStore* store_;
  const net::HttpClient* client_;
  std::map<std::string, Destination> destinations_;
  RetryPolicy policy_;
  Clock clock_;
};

}  // namespace nagame::bot::chat
