// Teams outgoing-webhook HMAC check.
#include "bot/chat/teams/teams_signature.h"

#include <strings.h>

#include "bot/auth/hmac.h"
#include "bot/auth/tokens.h"

namespace nagame::bot::chat {

std::string TeamsAuthorization(std::string_view base64_secret, std::string_view body) {
  std::string key;
  if (base64_secret.empty() || !Base64Decode(base64_secret, &key)) return "";
  return "HMAC " + Base64Encode(HmacSha256(key, body));
}

Status VerifyTeamsSignature(std::string_view base64_secret, std::string_view authorization_header,
                            std::string_view raw_body) {
  auto refused = [](const char* reason) { return Status(Code::kUnauthenticated, reason); };
  if (base64_secret.empty()) return refused("no outgoing webhook secret configured");
  const std::string expected = TeamsAuthorization(base64_secret, raw_body);
  if (expected.empty()) return refused("secret is not base64");
  if (authorization_header.empty()) return refused("missing Authorization");
  constexpr std::string_view kScheme = "HMAC ";
  if (authorization_header.size() <= kScheme.size() ||
      strncasecmp(authorization_header.data(), kScheme.data(), kScheme.size()) != 0) {
    return refused("not an HMAC authorization");
  }
  if (!ConstantTimeEquals(authorization_header.substr(kScheme.size()),
                          std::string_view(expected).substr(kScheme.size()))) {
    return refused("signature mismatch");
  }
  return Status::Ok();
}

}  // namespace nagame::bot::chat
