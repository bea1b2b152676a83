// Slack v0 signature verification.
#include "bot/chat/slack/slack_signature.h"

#include <charconv>
#include <cstdint>

#include "bot/auth/hmac.h"
#include "bot/auth/tokens.h"

namespace nagame::bot::chat {
namespace {

Status Refused(std::string reason) { return Status(Code::kUnauthenticated, std::move(reason)); }

}  // namespace

std::string SlackSignature(std::string_view signing_secret, std::string_view timestamp,
                           std::string_view body) {
  std::string base;
  base.reserve(4 + timestamp.size() + body.size());
  base.append("v0:").append(timestamp).append(":").append(body);
  return "v0=" + HexLower(HmacSha256(signing_secret, base));
}

Status VerifySlackSignature(std::string_view signing_secret, std::string_view timestamp,
                            std::string_view signature, std::string_view raw_body, Time now,
                            Duration window) {
  if (signing_secret.empty()) return Refused("no signing secret configured");
  if (timestamp.empty()) return Refused("missing X-Slack-Request-Timestamp");
  if (signature.empty()) return Refused("missing X-Slack-Signature");
  int64_t seconds = 0;
  auto [end, ec] = std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), seconds);
  if (ec != std::errc() || end != timestamp.data() + timestamp.size() || seconds < 0) {
    return Refused("malformed X-Slack-Request-Timestamp");
  }
  const int64_t now_seconds =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const int64_t window_seconds = std::chrono::duration_cast<std::chrono::seconds>(window).count();
  // Compared as a difference of two in-range values: no overflow for absurd timestamps.
  if (seconds > now_seconds + window_seconds || seconds < now_seconds - window_seconds) {
    return Refused("timestamp outside the replay window");
  }
  if (!ConstantTimeEquals(signature, SlackSignature(signing_secret, timestamp, raw_body))) {
    return Refused("signature mismatch");
  }
  return Status::Ok();
}

}  // namespace nagame::bot::chat
