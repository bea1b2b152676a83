// POST /review/{week}/record: the meeting screen's form (issue 16). Records a decision (keep,
// tune, delete, add, ticket) or an ack on a rule, with a note, through the same
// ReviewService as the API and chat, the author being the page's identified user.
//
// Form fields (application/x-www-form-urlencoded): csrf, rule, action, note. Answers 303 to
// the week's meeting screen at the rule. Refuses (the API's JSON errors): 401 without an
// identified user (bot/api/page_auth.h), 415 for another body type, 400 for a missing or
// wrong CSRF token, a cross-site Origin or Sec-Fetch-Site, an unknown action, or what the
// service refuses (empty or over-long text), 404 for an unknown rule.
#pragma once

#include <memory>

#include "bot/api/page_auth.h"
#include "bot/api/review_handlers.h"
#include "bot/auth/csrf.h"
#include "bot/http/handler.h"

namespace nagame::bot {

http::Handler MakeReviewRecordHandler(ReviewApiDeps deps, const PageAuthConfig& auth,
                                      std::shared_ptr<const CsrfTokens> csrf);

}  // namespace nagame::bot
