// Which ISO week a page shows (GET /report, /review and their /{week} forms): the week in the
// path or, without one, the current week in the review's zone, clipped to now while it runs,
// with the links to the week before and after under the same base path.
#pragma once

#include <string>

#include "bot/http/handler.h"
#include "bot/review/zone.h"
#include "rules/check.h"

namespace nagame::bot {

struct WeekFrame {
  std::string week;           // "2026-W47"
  std::string label;          // "Mon 11-16 → Sun 11-22, Asia/Tokyo"
  rules::Window window;       // the week, `to` clipped to now while it runs
  bool partial = false;       // the week is still running
  std::string previous_href;  // "<base>/2026-W46"
  std::string next_href;      // "<base>" for the current week, "" when in the future
};

// The frame of the week named by path parameter "week" (the current one without) under
// `base` ("/report"). Errors: kInvalidArgument (field "week") for a malformed week or one that
// has not begun.
Result<WeekFrame> WeekFrameOf(const http::RequestContext& ctx, const Zone& zone, Time now,
                              const std::string& base);

}  // namespace nagame::bot
