// GET /review and /review/{week}: the meeting screen.
#include "bot/api/review_page_handler.h"

#include "bot/api/meeting_notes_handler.h"
#include "bot/api/off_thread.h"
#include "bot/api/week_frame.h"
#include "bot/http/response.h"
#include "bot/report/page_shell.h"
#include "bot/report/review_html.h"

namespace nagame::bot {

http::Handler MakeReviewPageHandler(ReviewApiDeps deps, const PageAuthConfig& auth,
                                    std::shared_ptr<const CsrfTokens> csrf) {
  http::Handler notes = MakeMeetingNotesHandler(deps);
  return RequirePageAuth(
      auth,
      [deps, csrf, notes](http::RequestContext& ctx,
                          std::string user) -> boost::asio::awaitable<http::Response> {
        if (auto week = ctx.path_params.find("week");
            week != ctx.path_params.end() && week->second.ends_with(".md")) {
          week->second.resize(week->second.size() - 3);
          co_return co_await notes(ctx);
        }
        auto frame = WeekFrameOf(ctx, deps.service->zone(), deps.service->Now(), "/review");
        if (!frame.ok()) co_return http::ErrorResponse(frame.status(), ctx.request);
        Result<std::string> html = co_await RunOffThread(*deps.pool, [&]() -> Result<std::string> {
          NAGAME_ASSIGN_OR_RETURN(MeetingAgenda agenda, deps.service->Agenda(frame->window));
          report::ReviewPage page;
          static_cast<report::WeekHeading&>(page) = *frame;
          page.report_href = "/report/" + frame->week;
          page.first_day = agenda.first_day;
          page.agenda = std::move(agenda.items);
          page.window = agenda.window;
          page.zone = std::move(agenda.zone);
          page.watch = std::move(agenda.watch);
          page.watch_findings = std::move(agenda.watch_findings);
          if (!user.empty()) {
            page.csrf_token = csrf->For(user);
            page.record_href = "/review/" + frame->week + "/record";
          }
          page.user = std::move(user);
          return report::RenderReviewHtml(page);
        });
        if (!html.ok()) co_return http::ErrorResponse(html.status(), ctx.request);
        co_return http::HtmlResponse(200, std::move(*html), ctx.request,
                                     report::ScriptedDocumentCsp());
      });
}

}  // namespace nagame::bot
