// CsrfTokens.
#include "bot/auth/csrf.h"

#include <openssl/rand.h>

#include "bot/auth/hmac.h"
#include "bot/auth/tokens.h"

namespace nagame::bot {

CsrfTokens CsrfTokens::Random() {
  std::string key(32, '\0');
  RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), static_cast<int>(key.size()));
  return CsrfTokens(std::move(key));
}

std::string CsrfTokens::For(std::string_view user) const {
  return HexLower(HmacSha256(key_, std::string("nagame-csrf:") + std::string(user)));
}

bool CsrfTokens::Valid(std::string_view user, std::string_view token) const {
  return !user.empty() && ConstantTimeEquals(For(user), token);
}

}  // namespace nagame::bot
