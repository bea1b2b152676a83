// Credential checks for incoming requests: bearer tokens and HTTP basic auth, compared in
// constant time.
#pragma once

#include <string>
#include <string_view>

#include "rules/status.h"

namespace nagame::bot {

// How a webhook or API caller must authenticate.
struct AuthConfig {
  enum Kind { kNone, kBearer, kBasic };
  Kind kind = kNone;
  std::string bearer_token;  // kBearer
  std::string username;      // kBasic
  std::string password;      // kBasic
};

// True when `a` and `b` are equal. Takes the same time for any two inputs of any lengths
// (both are hashed with SHA-256 first, then compared with CRYPTO_memcmp).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Checks an Authorization header value against `auth`. Errors: kUnauthenticated with a
// message that never contains the presented or the expected credential.
Status CheckAuthorization(std::string_view authorization_header, const AuthConfig& auth);

// The WWW-Authenticate challenge for a 401 under `auth` ("Bearer", "Basic realm=\"nagame\"").
std::string AuthChallenge(const AuthConfig& auth);

// Standard base64 decoding; nullopt-like empty result with ok=false on malformed input.
bool Base64Decode(std::string_view in, std::string* out);
std::string Base64Encode(std::string_view in);

}  // namespace nagame::bot
