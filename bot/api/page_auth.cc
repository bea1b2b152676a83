// IdentifyPageUser and RequirePageAuth.
#include "bot/api/page_auth.h"

#include "bot/http/response.h"
#include "bot/log.h"

namespace nagame::bot {
namespace {

// The value of a proxy identity header, or "" when absent or not acceptable.
std::string_view ForwardedUser(const http::Request& request) {
  for (std::string_view name : {"X-Forwarded-User", "X-Forwarded-Email"}) {
    auto it = request.find(name);
    if (it == request.end()) continue;
    std::string_view v = it->value();
    if (v.empty() || v.size() > kMaxForwardedUser) return {};
    for (char c : v) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return {};
    }
    return v;
  }
  return {};
}

}  // namespace

Result<std::string> IdentifyPageUser(const http::Request& request,
                                     const boost::asio::ip::address& peer,
                                     const PageAuthConfig& config) {
  if (config.proxies.Contains(peer)) {
    std::string_view user = ForwardedUser(request);
    if (!user.empty()) return std::string(user);
  }
  if (!config.credentials || config.credentials->kind == AuthConfig::kNone) return std::string();
  NAGAME_RETURN_IF_ERROR(
      CheckAuthorization(request[boost::beast::http::field::authorization], *config.credentials));
  return config.credentials->kind == AuthConfig::kBasic ? config.credentials->username
                                                        : std::string();
}

http::Handler RequirePageAuth(const PageAuthConfig& config, PageHandler inner) {
  return [config, inner = std::move(inner)](
             http::RequestContext& ctx) -> boost::asio::awaitable<http::Response> {
    Result<std::string> user = IdentifyPageUser(ctx.request, ctx.remote, config);
    if (!user.ok()) {
      LogWarn("api_unauthenticated",
              {{"path", std::string(ctx.path)}, {"remote", ctx.remote.to_string()}});
      co_return http::ErrorResponse(
          user.status(), ctx.request,
          config.credentials ? AuthChallenge(*config.credentials) : "Bearer realm=\"nagame\"");
    }
    co_return co_await inner(ctx, std::move(*user));
  };
}

http::Handler RequirePageAuth(const PageAuthConfig& config, http::Handler inner) {
  return RequirePageAuth(
      config,
      [inner = std::move(inner)](http::RequestContext& ctx, std::string)
          -> boost::asio::awaitable<http::Response> { co_return co_await inner(ctx); });
}

}  // namespace nagame::bot
