// Mattermost token check.
#include "bot/chat/mattermost/mattermost_token.h"

#include <strings.h>

#include "bot/auth/tokens.h"

namespace nagame::bot::chat {

Status VerifyMattermostToken(std::string_view expected, std::string_view authorization_header,
                             std::string_view body_token) {
  auto refused = [](const char* reason) { return Status(Code::kUnauthenticated, reason); };
  if (expected.empty()) return refused("no command token configured");
  constexpr std::string_view kScheme = "Token ";
  if (authorization_header.size() > kScheme.size() &&
      strncasecmp(authorization_header.data(), kScheme.data(), kScheme.size()) == 0 &&
      ConstantTimeEquals(authorization_header.substr(kScheme.size()), expected)) {
    return Status::Ok();
  }
  if (authorization_header.empty() && body_token.empty()) return refused("missing token");
  if (!body_token.empty() && ConstantTimeEquals(body_token, expected)) return Status::Ok();
  return refused("token mismatch");
}

}  // namespace nagame::bot::chat
