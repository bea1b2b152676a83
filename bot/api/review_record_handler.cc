// MakeReviewRecordHandler.
#include "bot/api/review_record_handler.h"

#include "bot/api/off_thread.h"
#include "bot/http/query.h"
#include "bot/http/response.h"

namespace nagame::bot {
namespace {

namespace bhttp = boost::beast::http;

// Whether the browser says the form was sent from this site: Sec-Fetch-Site, when sent, is
// same-origin (or none: typed by the user); Origin, when sent, names the Host we were asked as.
bool SameSite(const http::Request& req) {
  auto site = req.find("Sec-Fetch-Site");
  if (site != req.end() && site->value() != "same-origin" && site->value() != "none") {
    return false;
  }
  auto origin = req.find(bhttp::field::origin);
  if (origin == req.end()) return true;
  const std::string_view host = req[bhttp::field::host];
  std::string_view o = origin->value();
  for (std::string_view scheme : {"http://", "https://"}) {
    if (o.substr(0, scheme.size()) == scheme)
      return !host.empty() && o.substr(scheme.size()) == host;
  }
  return false;
}

}  // namespace

http::Handler MakeReviewRecordHandler(ReviewApiDeps deps, const PageAuthConfig& auth,
                                      std::shared_ptr<const CsrfTokens> csrf) {
  return RequirePageAuth(
      auth,
      [deps, csrf](http::RequestContext& ctx,
                   std::string user) -> boost::asio::awaitable<http::Response> {
        if (user.empty()) {
          co_return http::ErrorResponse(
              Status(Code::kUnauthenticated,
                     "recording needs an identified user: basic_auth, or a trusted proxy's header"),
              ctx.request);
        }
        const std::string_view type = ctx.request[bhttp::field::content_type];
        if (type.substr(0, 33) != "application/x-www-form-urlencoded") {
          co_return http::ErrorResponse(
              Status(Code::kUnsupportedMediaType,
                     "send the form as application/x-www-form-urlencoded"),
              ctx.request);
        }
        Result<http::QueryMap> form = http::ParseQuery(ctx.request.body());
        if (!form.ok()) co_return http::ErrorResponse(form.status(), ctx.request);
        auto field = [&form](const char* name) {
          auto it = form->find(name);
          return it == form->end() ? std::string() : it->second;
        };
        if (!SameSite(ctx.request) || !csrf->Valid(user, field("csrf"))) {
          co_return http::ErrorResponse(
              InvalidArgument("the form is stale or was not sent from this site: reload the page",
                              "csrf"),
              ctx.request);
        }
        const std::string rule = field("rule"), action = field("action"), note = field("note");
        const std::optional<rules::DecisionAction> decision = rules::ParseDecisionAction(action);
        if (action != "ack" && !decision) {
          co_return http::ErrorResponse(
              InvalidArgument("action must be keep, tune, delete, add, ticket or ack", "action"),
              ctx.request);
        }
        Status recorded = co_await RunOffThread(*deps.pool, [&]() -> Status {
          if (!decision) {
            return deps.service->RecordAck({.rule = rule, .user = user, .note = note}).status();
          }
          return deps.service
              ->RecordDecision({.rule = rule, .action = *decision, .note = note, .author = user})
              .status();
        });
        if (!recorded.ok()) co_return http::ErrorResponse(recorded, ctx.request);
        http::Response res = http::TextResponse(303, "recorded\n", ctx.request);
        auto week = ctx.path_params.find("week");
        res.set(bhttp::field::location,
                "/review/" + (week == ctx.path_params.end() ? std::string() : week->second) +
                    "?recorded=" + http::PercentEncode(rule));
        co_return res;
      });
}

}  // namespace nagame::bot
