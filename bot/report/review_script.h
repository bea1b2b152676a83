// The meeting screen's one script, served as a file (GET /static/review.js) so the pages' CSP
// allows scripts from 'self' only and never inline: `j` / `k` move the focus to the next /
// previous rule section. The page works fully without it.
#pragma once

#include <string_view>

namespace nagame::bot::report {

inline constexpr std::string_view kReviewScriptPath = "/static/review.js";

// The script's text (plain JavaScript, no dependencies).
std::string_view ReviewScript();

}  // namespace nagame::bot::report
