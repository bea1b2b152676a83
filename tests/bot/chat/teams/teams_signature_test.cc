// Teams outgoing-webhook HMAC: a vector computed independently (openssl dgst), tampering,
// wrong secret, malformed and missing headers.
#include "bot/chat/teams/teams_signature.h"

#include <gtest/gtest.h>

namespace nagame::bot::chat {
namespace {

// base64 of the 16 bytes "nagame-teams-key".
constexpr char kSecret[] = "bmFnYW1lLXRlYW1zLWtleQ==";
constexpr char kBody[] =
    R"({"type":"message","id":"1","text":"<at>Nagame</at> top 3","from":{"name":"Mori"}})";
// printf '%s' "$kBody" | openssl dgst -sha256 -hmac nagame-teams-key -binary | base64
constexpr char kExpected[] = "HMAC Wzf4MnZ6O8ts+9ASJu24J/hR5U0i3Wx8Rl4qTVdLRg4=";

TEST(TeamsSignature, IndependentVector) {
  EXPECT_EQ(TeamsAuthorization(kSecret, kBody), kExpected);
}

TEST(TeamsSignature, Table) {
  struct Case {
    const char* name;
    std::string secret, header, body;
    const char* error;
  };
  std::string tampered = kBody;
  tampered.back() = ']';
  const Case cases[] = {
      {"valid", kSecret, kExpected, kBody, nullptr},
      {"scheme lower-case", kSecret, std::string("hmac ") + (kExpected + 5), kBody, nullptr},
      {"tampered body", kSecret, kExpected, tampered, "signature mismatch"},
      {"wrong secret", "bmFnYW1lLXRlYW1zLWtleg==", kExpected, kBody, "signature mismatch"},
      {"missing header", kSecret, "", kBody, "missing Authorization"},
      {"bearer instead", kSecret, std::string("Bearer ") + (kExpected + 5), kBody,
       "not an HMAC authorization"},
      {"scheme only", kSecret, "HMAC ", kBody, "not an HMAC authorization"},
      {"secret not base64", "not base64!", kExpected, kBody, "secret is not base64"},
      {"no secret", "", kExpected, kBody, "no outgoing webhook secret configured"},
  };
  for (const Case& c : cases) {
    Status st = VerifyTeamsSignature(c.secret, c.header, c.body);
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
