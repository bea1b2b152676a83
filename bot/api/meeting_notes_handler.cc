// MakeMeetingNotesHandler.
#include "bot/api/meeting_notes_handler.h"

#include "bot/api/off_thread.h"
#include "bot/api/week_frame.h"
#include "bot/http/response.h"
#include "bot/report/meeting_notes.h"

namespace nagame::bot {

http::Handler MakeMeetingNotesHandler(ReviewApiDeps deps) {
  return [deps](http::RequestContext& ctx) -> boost::asio::awaitable<http::Response> {
    const auto format = ctx.query.find("format");
    const bool confluence = format != ctx.query.end() && format->second == "confluence";
    if (format != ctx.query.end() && !confluence && format->second != "markdown") {
      co_return http::ErrorResponse(InvalidArgument("must be markdown or confluence", "format"),
                                    ctx.request);
    }
    auto frame = WeekFrameOf(ctx, deps.service->zone(), deps.service->Now(), "/review");
    if (!frame.ok()) co_return http::ErrorResponse(frame.status(), ctx.request);
    Result<std::string> md = co_await RunOffThread(*deps.pool, [&]() -> Result<std::string> {
      report::MeetingNotes notes{.week = frame->week, .window_label = frame->window_label};
      NAGAME_ASSIGN_OR_RETURN(notes.decisions, deps.service->Decisions(frame->window));
      NAGAME_ASSIGN_OR_RETURN(WindowReview review, deps.service->Review(frame->window));
      notes.findings = std::move(review.report.problems);
      return confluence ? report::RenderMeetingNotesConfluence(notes)
                        : report::RenderMeetingNotesMarkdown(notes);
    });
    if (!md.ok()) co_return http::ErrorResponse(md.status(), ctx.request);
    // Confluence's storage format as text, so a browser shows it to copy rather than parse it.
    co_return http::TextResponse(
        200, std::move(*md), ctx.request,
        confluence ? "text/plain; charset=utf-8" : "text/markdown; charset=utf-8");
  };
}

}  // namespace nagame::bot
