// GET /report and /report/{week}: the week's report page.
#include "bot/api/report_handler.h"

#include <string>

#include "bot/api/off_thread.h"
#include "bot/api/week_frame.h"
#include "bot/http/response.h"
#include "bot/report/page_shell.h"
#include "bot/report/report_html.h"

namespace nagame::bot {
http::Handler MakeReportHandler(ReviewApiDeps deps) {
  return [deps](http::RequestContext& ctx) -> boost::asio::awaitable<http::Response> {
    auto frame = WeekFrameOf(ctx, deps.service->zone(), deps.service->Now(), "/report");
    if (!frame.ok()) co_return http::ErrorResponse(frame.status(), ctx.request);
    Result<std::string> html = co_await RunOffThread(*deps.pool, [&]() -> Result<std::string> {
      NAGAME_ASSIGN_OR_RETURN(WindowReview review, deps.service->Review(frame->window));
      report::ReportPage page;
      static_cast<report::WeekHeading&>(page) = *frame;
      page.review_href = "/review/" + frame->week;
      page.inventory = std::move(review.inventory);
      page.report = std::move(review.report);
      return report::RenderReportHtml(page);
    });
    if (!html.ok()) co_return http::ErrorResponse(html.status(), ctx.request);
    co_return http::HtmlResponse(200, std::move(*html), ctx.request, report::DocumentCsp());
  };
}

}  // namespace nagame::bot
