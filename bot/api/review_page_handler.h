// The meeting screen (issue 16), HTML over bot::ReviewService's agenda:
//   GET /review         this ISO week in the configured zone, so far
//   GET /review/{week}  ISO week "2026-W47"; 400 for anything else or a week not yet begun
//   GET /review/{week}.md  the week's meeting notes (bot/api/meeting_notes_handler.h)
// Behind `auth` (bot/api/page_auth.h); an identified user gets a form per rule carrying
// `csrf`'s token for them (POST /review/{week}/record, bot/api/review_record_handler.h).
// Errors are the API's JSON errors (400, 401, 503 when the store is unavailable).
#pragma once

#include <memory>

#include "bot/api/page_auth.h"
#include "bot/api/review_handlers.h"
#include "bot/auth/csrf.h"
#include "bot/http/handler.h"

namespace nagame::bot {

http::Handler MakeReviewPageHandler(ReviewApiDeps deps, const PageAuthConfig& auth,
                                    std::shared_ptr<const CsrfTokens> csrf);

}  // namespace nagame::bot
