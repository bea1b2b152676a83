// The web report (design §7), HTML over bot::ReviewService — the same inventory and
// suggestions as /api/v1 and the weekly summary, whose link points here:
//   GET /report         this ISO week in the configured zone, so far
//   GET /report/{week}  ISO week "2026-W47"; 400 for anything else or a week not yet begun
// Errors are the API's JSON errors (400, 503 when the store is unavailable).
#pragma once

#include "bot/api/review_handlers.h"
#include "bot/http/handler.h"

namespace nagame::bot {

http::Handler MakeReportHandler(ReviewApiDeps deps);

}  // namespace nagame::bot
