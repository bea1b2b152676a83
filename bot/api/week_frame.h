// Which ISO week a page shows (GET /report, /review and their /{week} forms): the week in the
// path or, without one, the current week in the review's zone, clipped to now while it runs,
// with the links to the week before and after under the same base path.
#pragma once

#include <string>

#include "bot/http/handler.h"
#include "bot/report/page_shell.h"
#include "bot/review/zone.h"
#include "rules/check.h"

namespace nagame::bot {

// The heading's links are "<base>/2026-W46" and "<base>" (the current week) or
// "<base>/2026-W48"; no next link when the week after has not begun.
struct WeekFrame : report::WeekHeading {
  rules::Window window;  // the week, `to` clipped to now while it runs
};

// The frame of the week named by path parameter "week" (the current one without) under
// `base` ("/report"). Errors: kInvalidArgument (field "week") for a malformed week or one that
// has not begun.
Result<WeekFrame> WeekFrameOf(const http::RequestContext& ctx, const Zone& zone, Time now,
                              const std::string& base);

}  // namespace nagame::bot
