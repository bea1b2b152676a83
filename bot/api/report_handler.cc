// GET /report and /report/{week}: the week's report page.
#include "bot/api/report_handler.h"

#include <string>

#include "bot/api/off_thread.h"
#include "bot/http/response.h"
#include "bot/report/report_html.h"
#include "bot/review/window_spec.h"

namespace nagame::bot {
namespace {

constexpr auto kDay = std::chrono::hours(24);

// The week named in the path (the current one without), clipped to `now` while it runs.
Result<report::ReportPage> PageFrame(const http::RequestContext& ctx, const ReviewService& review,
                                     Time now) {
  auto it = ctx.path_params.find("week");
  const std::string week =
      it == ctx.path_params.end() ? IsoWeekName(now, review.zone()) : it->second;
  auto window = IsoWeekWindowOf(week, review.zone());
  if (!window.ok()) return InvalidArgument(window.status().message(), "week");
  if (window->from > now) return InvalidArgument("week " + week + " has not begun", "week");
  report::ReportPage page;
  page.week = IsoWeekName(window->from, review.zone());
  page.window_label = WindowLabel(*window, review.zone());
  page.previous_href = "/report/" + IsoWeekName(window->from - kDay, review.zone());
  if (window->to <= now) {
    const std::string next = IsoWeekName(window->to + kDay, review.zone());
    page.next_href = next == IsoWeekName(now, review.zone()) ? "/report" : "/report/" + next;
  } else {
    page.partial = true;
    window->to = now;
  }
  page.inventory.window = *window;
  return page;
}

}  // namespace

http::Handler MakeReportHandler(ReviewApiDeps deps) {
  return [deps](http::RequestContext& ctx) -> boost::asio::awaitable<http::Response> {
    auto page = PageFrame(ctx, *deps.service, deps.service->Now());
    if (!page.ok()) co_return http::ErrorResponse(page.status(), ctx.request);
    Result<std::string> html = co_await RunOffThread(*deps.pool, [&]() -> Result<std::string> {
      const rules::Window window = page->inventory.window;
      NAGAME_ASSIGN_OR_RETURN(WindowReview review, deps.service->Review(window));
      page->inventory = std::move(review.inventory);
      page->report = std::move(review.report);
      return report::RenderReportHtml(*page);
    });
    if (!html.ok()) co_return http::ErrorResponse(html.status(), ctx.request);
    co_return http::HtmlResponse(200, std::move(*html), ctx.request, report::ReportCsp());
  };
}

}  // namespace nagame::bot
