// Credentials in front of the review API and the report (config `api`): the same bearer or
// basic check as the webhooks (bot/auth/tokens.h, constant time). A refused request gets 401
// with a WWW-Authenticate challenge and an "api_unauthenticated" log line naming the path and
// the remote address, never a credential.
#pragma once

#include <optional>

#include "bot/auth/tokens.h"
#include "bot/http/handler.h"

namespace nagame::bot {

// `inner` behind `auth`; unchanged when `auth` is unset or `auth: none`.
http::Handler RequireCredentials(const std::optional<AuthConfig>& auth, http::Handler inner);

}  // namespace nagame::bot
