// The page CSP: inline texts allowed by their SHA-256 only, never 'unsafe-inline'.
#include "bot/http/content_security.h"

#include <gtest/gtest.h>

namespace nagame::bot::http {
namespace {

TEST(ContentSecurity, Sha256SourceIsTheBrowsersHash) {
  // SHA-256 of "" and of "abc", base64 (as `openssl dgst -sha256 -binary | base64` prints).
  EXPECT_EQ(Sha256Source(""), "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
  EXPECT_EQ(Sha256Source("abc"), "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='");
}

TEST(ContentSecurity, PageCspAllowsExactlyTheNamedInlineTexts) {
  const std::string csp = PageCsp({"body{}"}, {"go()"});
  EXPECT_EQ(csp.rfind(std::string(kDefaultCsp), 0), 0u) << csp;
  EXPECT_NE(csp.find("style-src " + Sha256Source("body{}")), std::string::npos) << csp;
  EXPECT_NE(csp.find("script-src " + Sha256Source("go()")), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("*"), std::string::npos) << csp;
}

TEST(ContentSecurity, NoScriptsMeansNoScriptSource) {
  const std::string csp = PageCsp({"body{}"});
  EXPECT_EQ(csp.find("script-src"), std::string::npos) << csp;
  EXPECT_NE(PageCsp({}, {}, true).find("script-src 'self'"), std::string::npos);
}

}  // namespace
}  // namespace nagame::bot::http
