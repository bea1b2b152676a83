// Bearer and basic authentication with constant-time comparison (OpenSSL).
#include "bot/auth/tokens.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <strings.h>

namespace nagame::bot {
namespace {

Status Unauthenticated(std::string message) {
  return Status(Code::kUnauthenticated, std::move(message));
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && strncasecmp(s.data(), prefix.data(), prefix.size()) == 0;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  unsigned char ha[SHA256_DIGEST_LENGTH], hb[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(a.data()), a.size(), ha);
  SHA256(reinterpret_cast<const unsigned char*>(b.data()), b.size(), hb);
  return CRYPTO_memcmp(ha, hb, SHA256_DIGEST_LENGTH) == 0;
}

bool Base64Decode(std::string_view in, std::string* out) {
  in = Trim(in);
  if (in.size() % 4 != 0) return false;
  std::string buf(in.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(buf.data()),
                          reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  if (n < 0) return false;
  size_t pad = 0;
  if (!in.empty() && in.back() == '=') ++pad;
  if (in.size() > 1 && in[in.size() - 2] == '=') ++pad;
  buf.resize(static_cast<size_t>(n) - pad);
  *out = std::move(buf);
  return true;
}

std::string Base64Encode(std::string_view in) {
  std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

Status CheckAuthorization(std::string_view header, const AuthConfig& auth) {
  header = Trim(header);
  switch (auth.kind) {
    case AuthConfig::Kind::kNone:
      return Status::Ok();
    case AuthConfig::Kind::kBearer: {
      if (!StartsWithNoCase(header, "Bearer ")) {
        return Unauthenticated("missing bearer token");
      }
      if (!ConstantTimeEquals(Trim(header.substr(7)), auth.bearer_token)) {
        return Unauthenticated("invalid bearer token");
      }
      return Status::Ok();
    }
    case AuthConfig::Kind::kBasic: {
      if (!StartsWithNoCase(header, "Basic ")) return Unauthenticated("missing basic credentials");
      std::string decoded;
      if (!Base64Decode(header.substr(6), &decoded)) {
        return Unauthenticated("malformed basic credentials");
      }
      auto colon = decoded.find(':');
      if (colon == std::string::npos) return Unauthenticated("malformed basic credentials");
      // Evaluate both comparisons so timing does not reveal which part was wrong.
      bool user_ok = ConstantTimeEquals(std::string_view(decoded).substr(0, colon), auth.username);
      bool pass_ok = ConstantTimeEquals(std::string_view(decoded).substr(colon + 1), auth.password);
      if (!(user_ok & pass_ok)) return Unauthenticated("invalid basic credentials");
      return Status::Ok();
    }
  }
  return Unauthenticated("unsupported authentication");
}

std::string AuthChallenge(const AuthConfig& auth) {
  return auth.kind == AuthConfig::kBasic ? "Basic realm=\"nagame\"" : "Bearer realm=\"nagame\"";
}

}  // namespace nagame::bot
