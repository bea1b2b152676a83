// Microsoft Teams outgoing-webhook verification: Teams sends
// `Authorization: HMAC <base64(HMAC-SHA256(base64-decoded shared secret, raw body))>`.
#pragma once

#include <string>
#include <string_view>

#include "rules/status.h"

namespace nagame::bot::chat {

// The Authorization value Teams would send for `body` under `base64_secret` ("HMAC …"), or
// "" when the secret is not valid base64.
std::string TeamsAuthorization(std::string_view base64_secret, std::string_view body);

// OK when `authorization_header` is "HMAC <b64>" (scheme case-insensitive) and <b64> equals,
// in constant time, the HMAC of `raw_body` under the base64-decoded `base64_secret`.
// Errors: kUnauthenticated with a reason that never holds the secret or the presented value
// ("missing Authorization", "not an HMAC authorization", "signature mismatch", "secret is not
// base64"); an empty secret refuses every request.
Status VerifyTeamsSignature(std::string_view base64_secret, std::string_view authorization_header,
                            std::string_view raw_body);

}  // namespace nagame::bot::chat
