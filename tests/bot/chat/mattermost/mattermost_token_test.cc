// Mattermost slash-command token: header or body, constant-time, never echoed.
#include "bot/chat/mattermost/mattermost_token.h"

#include <gtest/gtest.h>

#include "bot/http/query.h"
#include "tests/support/files.h"

namespace nagame::bot::chat {
namespace {

constexpr char kToken[] = "okwexkjpe7ygb8eq1ww58t483w";  // from the fixture

TEST(MattermostToken, FixtureRequestCarriesTokenInBothPlaces) {
  std::string request = nagame::testing::ReadFixture("mattermost/slash_command_request.txt");
  EXPECT_NE(request.find(std::string("Authorization: Token ") + kToken), std::string::npos);
  // The documented body, joined back into one form line as it travels on the wire.
  std::string body = request.substr(request.find("\n\n") + 2);
  std::string joined;
  for (char c : body.substr(0, body.find("\nchannel_mentions"))) {
    if (c != '\n') joined.push_back(c);
  }
  auto form = http::ParseQuery(joined);
  ASSERT_TRUE(form.ok()) << form.status().ToString();
  EXPECT_EQ((*form)["text"], "asd");
  EXPECT_TRUE(VerifyMattermostToken(kToken, "", (*form)["token"]).ok());
  EXPECT_TRUE(VerifyMattermostToken(kToken, std::string("Token ") + kToken, (*form)["token"]).ok());
}

TEST(MattermostToken, Table) {
  struct Case {
    const char* name;
    std::string expected, header, body_token;
    const char* error;
  };
  const std::string good = kToken;
  const Case cases[] = {
      {"header only", good, "Token " + good, "", nullptr},
      {"header scheme lower-case", good, "token " + good, "", nullptr},
      {"body only", good, "", good, nullptr},
      {"OAuth header replaced, body token good", good, "Bearer xyz", good, nullptr},
      {"wrong header, no body", good, "Token " + good + "x", "", "token mismatch"},
      {"wrong body", good, "", good.substr(1), "token mismatch"},
      {"both missing", good, "", "", "missing token"},
      {"bare token header", good, good, "", "token mismatch"},
      {"nothing configured", "", "Token " + good, good, "no command token configured"},
  };
  for (const Case& c : cases) {
    Status st = VerifyMattermostToken(c.expected, c.header, c.body_token);
    if (c.error == nullptr) {
      EXPECT_TRUE(st.ok()) << c.name << ": " << st.ToString();
    } else {
      EXPECT_EQ(st.code(), Code::kUnauthenticated) << c.name;
      EXPECT_EQ(st.message(), c.error) << c.name;
    }
  }
}

}  // namespace
}  // namespace nagame::bot::chat
