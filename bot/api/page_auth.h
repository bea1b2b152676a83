// Who is looking at a web page (/report, later /review and /rules): the `api` credentials, or
// a trusted reverse proxy that names the user in X-Forwarded-User / X-Forwarded-Email. Pages
// show internal data and record decisions, so a refused request gets the API's 401 (with its
// challenge and an "api_unauthenticated" log line, never a credential); a request that would
// write needs an identified user, not just a valid shared token.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "bot/auth/tokens.h"
#include "bot/auth/trusted_proxy.h"
#include "bot/http/handler.h"

namespace nagame::bot {

struct PageAuthConfig {
  std::optional<AuthConfig> credentials;  // config `api`; unset or `auth: none`: open
  TrustedProxies proxies;                 // config `api.trusted_proxies`
};

// The longest identity header value accepted, in bytes.
inline constexpr size_t kMaxForwardedUser = 200;

// The user making `request` from `peer`, or "" when it may read but is not identified:
//  - from a trusted proxy carrying a non-empty X-Forwarded-User (else X-Forwarded-Email) of at
//    most kMaxForwardedUser printable bytes: that value, whatever the credentials say;
//  - else with valid credentials: basic_auth's username; "" for the (shared) bearer token;
//  - else, when the credentials are unset or `auth: none`: "".
// Identity headers from any other address are ignored. Errors: kUnauthenticated when the
// credentials are required and missing or wrong (message names no credential).
Result<std::string> IdentifyPageUser(const http::Request& request,
                                     const boost::asio::ip::address& peer,
                                     const PageAuthConfig& config);

// A page handler: the request and its user as IdentifyPageUser found them.
using PageHandler =
    std::function<boost::asio::awaitable<http::Response>(http::RequestContext&, std::string user)>;

// `inner` behind IdentifyPageUser, or 401. The plain-Handler overload ignores the user.
http::Handler RequirePageAuth(const PageAuthConfig& config, PageHandler inner);
http::Handler RequirePageAuth(const PageAuthConfig& config, http::Handler inner);

}  // namespace nagame::bot
