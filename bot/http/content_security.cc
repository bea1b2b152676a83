// Sha256Source and PageCsp (OpenSSL for the digest and base64).
#include "bot/http/content_security.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

namespace nagame::bot::http {

std::string Sha256Source(std::string_view text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  std::string b64(4 * ((sizeof digest + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()), digest,
                                static_cast<int>(sizeof digest));
  b64.resize(static_cast<size_t>(n));
  return "'sha256-" + b64 + "'";
}

std::string PageCsp(std::initializer_list<std::string_view> inline_styles,
                    std::initializer_list<std::string_view> inline_scripts, bool self_scripts) {
  std::string csp(kDefaultCsp);
  csp += "; img-src data:";
  if (inline_styles.size() > 0) {
    csp += "; style-src";
    for (std::string_view s : inline_styles) csp += " " + Sha256Source(s);
  }
  if (inline_scripts.size() > 0 || self_scripts) {
    csp += "; script-src";
    if (self_scripts) csp += " 'self'";
    for (std::string_view s : inline_scripts) csp += " " + Sha256Source(s);
  }
  return csp;
}

}  // namespace nagame::bot::http
