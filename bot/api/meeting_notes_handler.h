// GET /review/{week}.md: the week's meeting notes as Markdown (bot/report/meeting_notes.h),
// from the decisions recorded in the week and its findings; `?format=confluence` answers them
// in Confluence's storage format (as text/plain, to copy), `?format=markdown` is the default,
// any other format 400. Reached through the meeting
// screen's route (bot/api/review_page_handler.h), behind the same page auth. Errors are the
// API's JSON errors (400 for a malformed or future week, 503 when the store is unavailable).
#pragma once

#include "bot/api/review_handlers.h"
#include "bot/http/handler.h"

namespace nagame::bot {

// REQUIRES: ctx.path_params["week"] is the week without ".md".
http::Handler MakeMeetingNotesHandler(ReviewApiDeps deps);

}  // namespace nagame::bot
