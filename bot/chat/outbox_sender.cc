// Outbox delivery with the shared retry policy.
#include "bot/chat/outbox_sender.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "bot/log.h"

namespace nagame::bot::chat {
namespace {

using Kind = AttemptOutcome::Kind;

AttemptOutcome Retry(std::string error, std::optional<Duration> after = std::nullopt) {
  return {Kind::kRetry, after, std::move(error)};
}
AttemptOutcome Fail(std::string error) { return {Kind::kFail, std::nullopt, std::move(error)}; }

}  // namespace

Duration RetryPolicy::Backoff(int attempts, std::optional<Duration> retry_after) const {
  Duration wait = initial_backoff;
  for (int i = 1; i < attempts && wait < max_backoff; ++i) wait *= 2;
  wait = std::min(wait, max_backoff);
  if (retry_after && *retry_after > wait) wait = *retry_after;
  return wait;
}

AttemptOutcome ClassifyAttempt(const Destination& destination,
                               const Result<net::HttpResponse>& result, Time now) {
  if (!result.ok()) {
    const Status& st = result.status();
    const std::string cause = st.field().empty() ? CodeName(st.code()) : st.field();
    // A bad URL or request never gets better; a refused certificate is a configuration
    // problem too, but the receiver may fix it, so it is retried until max_attempts.
    if (st.code() == Code::kInvalidArgument) return Fail("request refused: " + cause);
    return Retry("network: " + cause);
  }
  const net::HttpResponse& res = *result;
  const std::string status = "HTTP " + std::to_string(res.status);
  if (res.status == 429) return Retry(status, res.RetryAfter(now));
  if (res.status == 408 || res.status >= 500) return Retry(status, res.RetryAfter(now));
  if (res.status < 200 || res.status >= 300) return Fail(status);
  if (destination.read_2xx != nullptr) return destination.read_2xx(res, now);
  return {Kind::kDelivered, std::nullopt, ""};
}

OutboxSender::OutboxSender(storage::OutboxStore* store, const net::HttpClient* client,
                           std::vector<Destination> destinations, RetryPolicy policy, Clock clock)
    : store_(store), client_(client), policy_(policy), clock_(std::move(clock)) {
  for (Destination& d : destinations) {
    std::string name = d.name;
    destinations_.emplace(std::move(name), std::move(d));
  }
}

AttemptOutcome OutboxSender::Attempt(const storage::OutboxMessage& message) const {
  auto it = destinations_.find(message.destination);
  if (it == destinations_.end()) return Fail("destination not configured");
  const Destination& d = it->second;
  net::HttpRequest request;
  request.method = "POST";
  request.url = d.url;
  request.body = message.payload;
  request.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  if (!d.bearer_token.empty()) {
    request.headers.push_back({"Authorization", "Bearer " + d.bearer_token});
  }
  return ClassifyAttempt(d, client_->Send(request), clock_());
}

Result<int> OutboxSender::SendDue() {
  NAGAME_ASSIGN_OR_RETURN(auto due, store_->Due(clock_()));
  int delivered = 0;
  for (const storage::OutboxMessage& m : due) {
    const AttemptOutcome outcome = Attempt(m);
    const Time now = clock_();
    Status recorded;
    nlohmann::json log = {{"id", m.id},
                          {"destination", m.destination},
                          {"attempt", m.attempts + 1},
                          {"error", outcome.error}};
    if (outcome.kind == Kind::kDelivered) {
      recorded = store_->MarkDelivered(m.id, now);
      ++delivered;
      log.erase("error");
      LogInfo("outbox_delivered", log);
    } else if (outcome.kind == Kind::kRetry && m.attempts + 1 < policy_.max_attempts) {
      const Duration wait = policy_.Backoff(m.attempts + 1, outcome.retry_after);
      recorded = store_->MarkRetry(m.id, now + wait, outcome.error);
      log["retry_in_seconds"] = ToSeconds(wait);
      LogWarn("outbox_retry", log);
    } else {
      recorded = store_->MarkFailed(m.id, outcome.error);
      LogError("outbox_failed", log);
    }
    NAGAME_RETURN_IF_ERROR(recorded);
  }
  return delivered;
}

}  // namespace nagame::bot::chat
