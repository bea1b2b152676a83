// Who a page request comes from: credentials, a trusted proxy's identity header, or nobody.
#include "bot/api/page_auth.h"

#include <gtest/gtest.h>

namespace nagame::bot {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

http::Request Get(const Headers& headers) {
  http::Request req{boost::beast::http::verb::get, "/report", 11};
  for (const auto& [k, v] : headers) req.set(k, v);
  return req;
}

PageAuthConfig Config(std::optional<AuthConfig> credentials) {
  PageAuthConfig c;
  c.credentials = std::move(credentials);
  c.proxies = TrustedProxies::Parse({"10.0.0.5"}).value();
  return c;
}

AuthConfig Basic() { return {.kind = AuthConfig::kBasic, .username = "ana", .password = "pw"}; }

const std::string kBasicAna = "Basic " + Base64Encode("ana:pw");
const std::string kBasicWrong = "Basic " + Base64Encode("ana:nope");

TEST(IdentifyPageUser, CredentialsOrTrustedProxy) {
  const AuthConfig bearer{.kind = AuthConfig::kBearer, .bearer_token = "tok"};
  const struct {
    const char* name;
    std::optional<AuthConfig> credentials;
    const char* peer;
    Headers headers;
    bool ok;
    const char* user;
  } cases[] = {
      {"basic names the user", Basic(), "127.0.0.1", {{"Authorization", kBasicAna}}, true, "ana"},
      {"wrong password", Basic(), "127.0.0.1", {{"Authorization", kBasicWrong}}, false, ""},
      {"no credentials", Basic(), "127.0.0.1", {}, false, ""},
      {"bearer reads anonymously",
       bearer,
       "127.0.0.1",
       {{"Authorization", "Bearer tok"}},
       true,
       ""},
      {"proxy user", Basic(), "10.0.0.5", {{"X-Forwarded-User", "bo"}}, true, "bo"},
      {"proxy email when no user",
       Basic(),
       "10.0.0.5",
       {{"X-Forwarded-Email", "bo@x.org"}},
       true,
       "bo@x.org"},
      {"proxy user wins over email",
       Basic(),
       "10.0.0.5",
       {{"X-Forwarded-Email", "bo@x.org"}, {"X-Forwarded-User", "bo"}},
       true,
       "bo"},
      {"header from an untrusted peer is ignored",
       Basic(),
       "10.0.0.6",
       {{"X-Forwarded-User", "mallory"}},
       false,
       ""},
      {"untrusted header with credentials: the credentials' user",
       Basic(),
       "10.0.0.6",
       {{"X-Forwarded-User", "mallory"}, {"Authorization", kBasicAna}},
       true,
       "ana"},
      {"proxy without the header needs credentials", Basic(), "10.0.0.5", {}, false, ""},
      {"control characters are not a user",
       Basic(),
       "10.0.0.5",
       {{"X-Forwarded-User", std::string("bo\x01")}},
       false,
       ""},
      {"too long is not a user",
       Basic(),
       "10.0.0.5",
       {{"X-Forwarded-User", std::string(kMaxForwardedUser + 1, 'a')}},
       false,
       ""},
      {"open reads anonymously", std::nullopt, "127.0.0.1", {}, true, ""},
      {"auth none reads anonymously", AuthConfig{}, "127.0.0.1", {}, true, ""},
      {"open with a proxy user",
       std::nullopt,
       "10.0.0.5",
       {{"X-Forwarded-User", "bo"}},
       true,
       "bo"},
      {"open ignores an untrusted user",
       std::nullopt,
       "10.0.0.6",
       {{"X-Forwarded-User", "mallory"}},
       true,
       ""},
  };
  for (const auto& c : cases) {
    Result<std::string> user = IdentifyPageUser(
        Get(c.headers), boost::asio::ip::make_address(c.peer), Config(c.credentials));
    ASSERT_EQ(user.ok(), c.ok) << c.name;
    if (c.ok) {
      EXPECT_EQ(*user, c.user) << c.name;
    } else {
      EXPECT_EQ(user.status().code(), Code::kUnauthenticated) << c.name;
      EXPECT_EQ(user.status().message().find("pw"), std::string::npos) << c.name;
    }
  }
}

}  // namespace
}  // namespace nagame::bot
