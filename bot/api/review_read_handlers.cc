// GET endpoints of the review API.
#include <nlohmann/json.hpp>
#include <string>

#include "bot/api/off_thread.h"
#include "bot/api/review_handlers.h"
#include "bot/http/response.h"
#include "bot/review/review_json.h"

namespace nagame::bot {
namespace {

std::string Param(const http::RequestContext& ctx, const char* name) {
  auto it = ctx.query.find(name);
  return it == ctx.query.end() ? std::string() : it->second;
}

Result<rules::Window> WindowOf(const http::RequestContext& ctx, const ReviewService& service) {
  return service.ParseWindow(Param(ctx, "from"), Param(ctx, "to"));
}

// A GET handler: `answer(ctx, window)` runs off the I/O threads and returns the JSON body or
// an error Status.
template <typename F>
http::Handler WindowedGet(ReviewApiDeps deps, F answer) {
  return [deps, answer](http::RequestContext& ctx) -> boost::asio::awaitable<http::Response> {
    auto window = WindowOf(ctx, *deps.service);
    if (!window.ok()) co_return http::ErrorResponse(window.status(), ctx.request);
    Result<nlohmann::json> body = co_await RunOffThread(
        *deps.pool, [&]() -> Result<nlohmann::json> { return answer(ctx, *window); });
    if (!body.ok()) co_return http::ErrorResponse(body.status(), ctx.request);
    co_return http::JsonResponse(200, *body, ctx.request);
  };
}

}  // namespace

http::Handler MakeInventoryHandler(ReviewApiDeps deps) {
  return WindowedGet(
      deps, [deps](const http::RequestContext&, const rules::Window& w) -> Result<nlohmann::json> {
        NAGAME_ASSIGN_OR_RETURN(rules::Inventory inv, deps.service->Inventory(w));
        return rules::ToJson(inv);
      });
}

http::Handler MakeSuggestionsHandler(ReviewApiDeps deps) {
  return WindowedGet(
      deps,
      [deps](const http::RequestContext& ctx, const rules::Window& w) -> Result<nlohmann::json> {
        std::optional<rules::Category> category;
        if (std::string name = Param(ctx, "category"); !name.empty()) {
          category = rules::ParseCategory(name);
          if (!category) {
            return InvalidArgument("must be one of noisy, stale, missing, watch, load, hygiene",
                                   "category");
          }
        }
        NAGAME_ASSIGN_OR_RETURN(rules::CheckReport report, deps.service->Suggestions(w, category));
        return SuggestionsJson(w, report);
      });
}

http::Handler MakeRulesHandler(ReviewApiDeps deps) {
  return [deps](http::RequestContext& ctx) -> boost::asio::awaitable<http::Response> {
    auto known = co_await RunOffThread(*deps.pool, [&] { return deps.service->KnownRules(); });
    if (!known.ok()) co_return http::ErrorResponse(known.status(), ctx.request);
    co_return http::JsonResponse(200, KnownRulesJson(*known), ctx.request);
  };
}

http::Handler MakeRuleHandler(ReviewApiDeps deps) {
  return WindowedGet(
      deps,
      [deps](const http::RequestContext& ctx, const rules::Window& w) -> Result<nlohmann::json> {
        NAGAME_ASSIGN_OR_RETURN(RuleDetail d, deps.service->Rule(ctx.path_params.at("name"), w));
        return RuleDetailJson(d);
      });
}

http::Handler MakeDecisionsListHandler(ReviewApiDeps deps) {
  return WindowedGet(
      deps, [deps](const http::RequestContext&, const rules::Window& w) -> Result<nlohmann::json> {
        NAGAME_ASSIGN_OR_RETURN(auto decisions, deps.service->Decisions(w));
        return DecisionsJson(w, decisions);
      });
}

}  // namespace nagame::bot
