// Where a platform posts a message (the weekly summary, through the outbox): an HTTP POST of
// the platform's JSON body, and what the platform's answer means. Each platform makes its own
// (ConfiguredPlatform::SummaryDestination); the outbox only sends them.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "bot/chat/answer.h"
#include "bot/config.h"
#include "bot/net/http_client.h"
#include "rules/time.h"

namespace nagame::bot::chat {

// What one attempt's answer means.
struct AttemptOutcome {
  enum class Kind { kDelivered, kRetry, kFail };
  Kind kind = Kind::kFail;
  std::optional<Duration> retry_after;  // kRetry: the server's Retry-After
  std::string error;                    // kRetry/kFail: short, without secrets
};

struct Destination {
  std::string name;          // the platform's name: the outbox key's part
  std::string url;           // secret: never logged, never stored in the outbox
  std::string bearer_token;  // secret; sent as `Authorization: Bearer` when set
  // The body that posts `answer` here, within the platform's limits. REQUIRES: set.
  std::function<std::string(const Answer& answer)> render;
  // What a 2xx answer means, for an API that answers 2xx also when it did not post (Slack's
  // chat.postMessage). Null: a 2xx answer is a delivery.
  AttemptOutcome (*read_2xx)(const net::HttpResponse& response, Time now) = nullptr;
};

// The destinations of config.summary.post_to, in order: each platform's SummaryDestination.
// A platform with nothing to post to is left out.
std::vector<Destination> SummaryDestinations(const Config& config);

// `body` as JSON text; invalid UTF-8 (from rule names, notes) is replaced, never thrown.
std::string DumpJson(const nlohmann::json& body);

}  // namespace nagame::bot::chat
