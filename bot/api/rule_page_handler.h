// The rule's page (issue 16), HTML over bot::ReviewService::RulePage:
//   GET /rules/{name}         the current ISO week in the configured zone, so far
//   GET /rules/{name}/{week}  ISO week "2026-W47"; 400 for anything else or a week not begun
// Behind the page auth (bot/api/page_auth.h); a rule Nagame does not know answers 404 with an
// HTML page naming it (escaped). Other errors are the API's JSON errors (400, 401, 503).
#pragma once

#include "bot/api/page_auth.h"
#include "bot/api/review_handlers.h"
#include "bot/http/handler.h"

namespace nagame::bot {

http::Handler MakeRulePageHandler(ReviewApiDeps deps, const PageAuthConfig& auth);

}  // namespace nagame::bot
