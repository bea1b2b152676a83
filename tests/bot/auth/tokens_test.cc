// Tests for bearer/basic credential checks.
#include "bot/auth/tokens.h"

#include <gtest/gtest.h>

namespace nagame::bot {
namespace {

AuthConfig Bearer(std::string token) {
  AuthConfig a;
  a.kind = AuthConfig::Kind::kBearer;
  a.bearer_token = std::move(token);
  return a;
}

AuthConfig Basic(std::string user, std::string pass) {
  AuthConfig a;
  a.kind = AuthConfig::Kind::kBasic;
  a.username = std::move(user);
  a.password = std::move(pass);
  return a;
}

TEST(CheckAuthorization, Table) {
  struct Case {
    AuthConfig auth;
    std::string header;
    bool ok;
  };
  const std::string alice = "Basic " + Base64Encode("alice:s3cret:with:colons");
  const Case cases[] = {
      {Bearer("acceptance-test-token"), "Bearer acceptance-test-token", true},
      {Bearer("acceptance-test-token"), "bearer acceptance-test-token", true},
      {Bearer("acceptance-test-token"), "Bearer  acceptance-test-token ", true},
      {Bearer("acceptance-test-token"), "Bearer acceptance-test-tokenX", false},
      {Bearer("acceptance-test-token"), "Bearer acceptance-test-toke", false},
      {Bearer("acceptance-test-token"), "Bearer ", false},
      {Bearer("acceptance-test-token"), "", false},
      {Bearer("acceptance-test-token"), "Token acceptance-test-token", false},
      {Bearer("acceptance-test-token"), "Basic " + Base64Encode("x:acceptance-test-token"), false},
      {Basic("alice", "s3cret:with:colons"), alice, true},
      {Basic("alice", "s3cret:with:colons"), "Basic " + Base64Encode("alice:wrong"), false},
      {Basic("alice", "s3cret:with:colons"), "Basic " + Base64Encode("bob:s3cret:with:colons"),
       false},
      {Basic("alice", "s3cret:with:colons"), "Basic !!!notbase64", false},
      {Basic("alice", "s3cret:with:colons"), "Basic " + Base64Encode("nocolon"), false},
      {Basic("alice", "s3cret:with:colons"), "Bearer s3cret:with:colons", false},
      {AuthConfig{AuthConfig::Kind::kNone}, "", true},
      {AuthConfig{AuthConfig::Kind::kNone}, "Bearer whatever", true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.header);
    Status st = CheckAuthorization(c.header, c.auth);
    EXPECT_EQ(st.ok(), c.ok) << st.ToString();
    if (!c.ok) EXPECT_EQ(st.code(), Code::kUnauthenticated);
  }
}

TEST(CheckAuthorization, ErrorsNeverContainCredentials) {
  const std::string secret = "super-secret-token-value";
  for (const std::string& presented :
       {std::string("Bearer wrong-") + secret, std::string("Bearer x")}) {
    Status st = CheckAuthorization(presented, Bearer(secret));
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.ToString().find(secret), std::string::npos);
    EXPECT_EQ(st.ToString().find("wrong-"), std::string::npos);
  }
  Status st = CheckAuthorization("Basic " + Base64Encode("alice:guess"), Basic("alice", secret));
  EXPECT_EQ(st.ToString().find(secret), std::string::npos);
  EXPECT_EQ(st.ToString().find("guess"), std::string::npos);
}

TEST(ConstantTimeEquals, ComparesContentOfAnyLength) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
}

TEST(Base64, RoundTripsAndRejectsGarbage) {
  for (std::string s : {"", "a", "ab", "abc", "abcd", "user:pa ss\xff"}) {
    std::string out;
    ASSERT_TRUE(Base64Decode(Base64Encode(s), &out)) << s;
    EXPECT_EQ(out, s);
  }
  std::string out;
  EXPECT_FALSE(Base64Decode("abc", &out));
  EXPECT_FALSE(Base64Decode("ab$=", &out));
}

}  // namespace
}  // namespace nagame::bot
