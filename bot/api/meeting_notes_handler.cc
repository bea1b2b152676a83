// MakeMeetingNotesHandler.
#include "bot/api/meeting_notes_handler.h"

#include "bot/api/off_thread.h"
#include "bot/api/week_frame.h"
#include "bot/http/response.h"
#include "bot/report/meeting_notes.h"

namespace nagame::bot {

http::Handler MakeMeetingNotesHandler(ReviewApiDeps deps) {
  return [deps](http::RequestContext& ctx) -> boost::asio::awaitable<http::Response> {
    auto frame = WeekFrameOf(ctx, deps.service->zone(), deps.service->Now(), "/review");
    if (!frame.ok()) co_return http::ErrorResponse(frame.status(), ctx.request);
    Result<std::string> md = co_await RunOffThread(*deps.pool, [&]() -> Result<std::string> {
      report::MeetingNotes notes{.week = frame->week, .window_label = frame->window_label};
      NAGAME_ASSIGN_OR_RETURN(notes.decisions, deps.service->Decisions(frame->window));
      NAGAME_ASSIGN_OR_RETURN(WindowReview review, deps.service->Review(frame->window));
      notes.findings = std::move(review.report.problems);
      return report::RenderMeetingNotesMarkdown(notes);
    });
    if (!md.ok()) co_return http::ErrorResponse(md.status(), ctx.request);
    co_return http::TextResponse(200, std::move(*md), ctx.request, "text/markdown; charset=utf-8");
  };
}

}  // namespace nagame::bot
