// GET /static/review.js: the meeting screen's script (bot/report/review_script.h), open to
// anyone (it holds no data), as text/javascript with the default CSP and nosniff.
#pragma once

#include "bot/http/handler.h"

namespace nagame::bot {

http::Handler MakeReviewScriptHandler();

}  // namespace nagame::bot
