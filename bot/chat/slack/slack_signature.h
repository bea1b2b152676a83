// Slack request signing, version v0 (formats.md §5.2): HMAC-SHA256 over "v0:<ts>:<raw body>"
// with the app's signing secret, sent as `X-Slack-Signature: v0=<hex>` next to
// `X-Slack-Request-Timestamp: <unix seconds>`.
#pragma once

#include <string>
#include <string_view>

#include "rules/status.h"
#include "rules/time.h"

namespace nagame::bot::chat {

// Slack's replay window; requests older or newer than this relative to `now` are refused.
inline constexpr Duration kSlackReplayWindow = std::chrono::minutes(5);

// "v0=" + lower-case hex HMAC-SHA256(signing_secret, "v0:" + timestamp + ":" + body).
std::string SlackSignature(std::string_view signing_secret, std::string_view timestamp,
                           std::string_view body);

// Checks one request, in this order: both headers present, the timestamp an integer within
// `window` of `now` in either direction, and the signature equal (constant-time) to
// SlackSignature(signing_secret, timestamp, raw_body). `raw_body` must be the bytes as
// received, not re-encoded.
// Errors: kUnauthenticated, with a short reason that never contains the secret, the presented
// signature or the body ("missing X-Slack-Signature", "timestamp outside the replay window",
// "signature mismatch", …). An empty `signing_secret` refuses every request.
Status VerifySlackSignature(std::string_view signing_secret, std::string_view timestamp,
                            std::string_view signature, std::string_view raw_body, Time now,
                            Duration window = kSlackReplayWindow);

}  // namespace nagame::bot::chat
