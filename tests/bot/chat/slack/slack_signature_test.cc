// Slack v0 request signing against Slack's published vector (tests/fixtures/slack/) with an
// injected clock, and every way a request must be refused.
#include "bot/chat/slack/slack_signature.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "tests/support/files.h"

namespace nagame::bot::chat {
namespace {

using nagame::testing::ReadFixture;

// The vector file's "name = value" and "Header: value" lines.
std::map<std::string, std::string> Vector() {
  std::map<std::string, std::string> v;
  std::istringstream in(ReadFixture("slack/signature_test_vector.txt"));
  for (std::string line; std::getline(in, line);) {
    auto eq = line.find(" = ");
    auto colon = line.find(": ");
    if (eq != std::string::npos && (colon == std::string::npos || eq < colon)) {
      v[line.substr(0, eq)] = line.substr(eq + 3);
    } else if (colon != std::string::npos) {
      v[line.substr(0, colon)] = line.substr(colon + 2);
    }
  }
  return v;
}

Time At(int64_t unix_seconds) { return Time(std::chrono::seconds(unix_seconds)); }

TEST(SlackSignature, PublishedVector) {
  auto v = Vector();
  ASSERT_EQ(v["body"], ReadFixture("slack/slash_command_body.txt"));
  EXPECT_EQ(SlackSignature(v["signing_secret"], v["X-Slack-Request-Timestamp"], v["body"]),
            v["X-Slack-Signature"]);
}

TEST(SlackSignature, VerifyTable) {
  auto v = Vector();
  const std::string secret = v["signing_secret"];
  const std::string ts = v["X-Slack-Request-Timestamp"];
  const std::string sig = v["X-Slack-Signature"];
  const std::string body = v["body"];
  const int64_t t0 = 1531420618;
  struct Case {
    const char* name;
    std::string secret, ts, sig, body;
    Time now;
    const char* error;  // nullptr: accepted
  };
  std::string tampered = body;
  tampered[tampered.find("text=") + 5] = 'x';
  const Case cases[] = {
      {"published vector, same second", secret, ts, sig, body, At(t0), nullptr},
      {"4m59s later", secret, ts, sig, body, At(t0 + 299), nullptr},
      {"exactly 5m later", secret, ts, sig, body, At(t0 + 300), nullptr},
      {"5m01s later (stale)", secret, ts, sig, body, At(t0 + 301),
       "timestamp outside the replay window"},
      {"5m01s earlier (future)", secret, ts, sig, body, At(t0 - 301),
       "timestamp outside the replay window"},
      {"real time today", secret, ts, sig, body, At(1795000000),
       "timestamp outside the replay window"},
      {"tampered body", secret, ts, sig, tampered, At(t0), "signature mismatch"},
      {"wrong secret", "8f742231b10e8888abcd99yyyzzz85a6", ts, sig, body, At(t0),
       "signature mismatch"},
      {"upper-case hex", secret, ts,
       "v0=A2114D57B48EAC39B9AD189DD8316235A7B4A8D21A10BD27519666489C69B503", body, At(t0),
       "signature mismatch"},
      {"v1 scheme", secret, ts, "v1=" + sig.substr(3), body, At(t0), "signature mismatch"},
      {"timestamp re-signed later is a different base string", secret, "1531420619", sig, body,
       At(t0), "signature mismatch"},
      {"missing signature", secret, ts, "", body, At(t0), "missing X-Slack-Signature"},
      {"missing timestamp", secret, "", sig, body, At(t0), "missing X-Slack-Request-Timestamp"},
      {"non-numeric timestamp", secret, "15314x0618", sig, body, At(t0),
       "malformed X-Slack-Request-Timestamp"},
      {"huge timestamp", secret, "99999999999999999999999", sig, body, At(t0),
       "malformed X-Slack-Request-Timestamp"},
      {"negative timestamp", secret, "-1", sig, body, At(t0),
       "malformed X-Slack-Request-Timestamp"},
      {"no secret configured", "", ts, sig, body, At(t0), "no signing secret configured"},
  };
  for (const Case& c : cases) {
    Status st = VerifySlackSignature(c.secret, c.ts, c.sig, c.body, c.now);
    if (c.error == nullptr) {
      EXPECT_TRUE(st.ok()) << c.name << ": " << st.ToString();
    } else {
      EXPECT_EQ(st.code(), Code::kUnauthenticated) << c.name;
      EXPECT_EQ(st.message(), c.error) << c.name;
      EXPECT_EQ(st.message().find(secret), std::string::npos) << c.name;
    }
  }
}

}  // namespace
}  // namespace nagame::bot::chat
