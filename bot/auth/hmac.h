// HMAC-SHA256 and hex encoding, the primitives of request signatures (chat, webhook sources)
// (OpenSSL).
#pragma once

#include <string>
#include <string_view>

namespace nagame::bot {

// The raw 32-byte HMAC-SHA256 of `message` under `key`.
std::string HmacSha256(std::string_view key, std::string_view message);

// Lower-case hex of `bytes`: "\x0a\xff" -> "0aff".
std::string HexLower(std::string_view bytes);

}  // namespace nagame::bot
