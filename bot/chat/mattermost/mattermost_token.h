// Mattermost slash-command verification (formats.md §6.1): the command's token, sent both as
// the `token` form field and as `Authorization: Token <token>`. There is no signature.
#pragma once

#include <string_view>

#include "rules/status.h"

namespace nagame::bot::chat {

// OK when `authorization_header` is "Token <expected>" (scheme case-insensitive) or, failing
// that, `body_token` equals `expected`; both compared in constant time. A header with another
// value does not stop the body token from being checked (an OAuth connection may replace the
// header). Errors: kUnauthenticated with a reason that never holds a token; an empty
// `expected` refuses every request.
Status VerifyMattermostToken(std::string_view expected, std::string_view authorization_header,
                             std::string_view body_token);

}  // namespace nagame::bot::chat
