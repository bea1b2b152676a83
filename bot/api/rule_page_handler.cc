// GET /rules/{name}[/{week}]: the rule's page.
#include "bot/api/rule_page_handler.h"

#include "bot/api/off_thread.h"
#include "bot/api/week_frame.h"
#include "bot/http/response.h"
#include "bot/report/page_shell.h"
#include "bot/report/rule_html.h"
#include "bot/report/rule_sections.h"

namespace nagame::bot {

http::Handler MakeRulePageHandler(ReviewApiDeps deps, const PageAuthConfig& auth) {
  return RequirePageAuth(
      auth, [deps](http::RequestContext& ctx) -> boost::asio::awaitable<http::Response> {
        const std::string name = ctx.path_params["name"];
        auto frame =
            WeekFrameOf(ctx, deps.service->zone(), deps.service->Now(), report::RuleHref(name));
        if (!frame.ok()) co_return http::ErrorResponse(frame.status(), ctx.request);
        Result<std::string> html = co_await RunOffThread(*deps.pool, [&]() -> Result<std::string> {
          NAGAME_ASSIGN_OR_RETURN(rules::RulePageFacts facts,
                                  deps.service->RulePage(name, frame->window));
          report::RulePage page;
          static_cast<report::WeekHeading&>(page) = *frame;
          page.facts = std::move(facts);
          page.from = frame->window.from;
          page.to = frame->window.to;
          page.review_href = "/review/" + frame->week;
          return report::RenderRuleHtml(page);
        });
        if (!html.ok() && html.status().code() == Code::kNotFound) {
          co_return http::HtmlResponse(404, report::RenderUnknownRuleHtml(name), ctx.request,
                                       report::DocumentCsp());
        }
        if (!html.ok()) co_return http::ErrorResponse(html.status(), ctx.request);
        co_return http::HtmlResponse(200, std::move(*html), ctx.request, report::DocumentCsp());
      });
}

}  // namespace nagame::bot
