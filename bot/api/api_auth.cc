// RequireCredentials.
#include "bot/api/api_auth.h"

#include "bot/http/response.h"
#include "bot/log.h"

namespace nagame::bot {

http::Handler RequireCredentials(const std::optional<AuthConfig>& auth, http::Handler inner) {
  if (!auth || auth->kind == AuthConfig::kNone) return inner;
  return [auth = *auth, inner = std::move(inner)](
             http::RequestContext& ctx) -> boost::asio::awaitable<http::Response> {
    Status st = CheckAuthorization(ctx.request[boost::beast::http::field::authorization], auth);
    if (!st.ok()) {
      LogWarn("api_unauthenticated",
              {{"path", std::string(ctx.path)}, {"remote", ctx.remote.to_string()}});
      co_return http::ErrorResponse(st, ctx.request, AuthChallenge(auth));
    }
    co_return co_await inner(ctx);
  };
}

}  // namespace nagame::bot
