// Tokens that tie a page's form to the user it was rendered for, so another site cannot make
// a signed-in browser record something (CSRF): HMAC-SHA256 of the user under a key that never
// leaves the process. Immutable; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace nagame::bot {

class CsrfTokens {
 public:
  explicit CsrfTokens(std::string key) : key_(std::move(key)) {}
  // Under 32 random bytes (OpenSSL RAND_bytes): tokens stop working when the process restarts.
  static CsrfTokens Random();

  // The token for `user`: 64 lower-case hex digits.
  std::string For(std::string_view user) const;
  // Whether `token` is For(user), compared in constant time. False for an empty user.
  bool Valid(std::string_view user, std::string_view token) const;

 private:
  std::string key_;
};

}  // namespace nagame::bot
