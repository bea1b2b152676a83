// Tests for percent-decoding, query-string parsing and target splitting.
#include "bot/http/query.h"

#include <gtest/gtest.h>

namespace nagame::bot::http {
namespace {

TEST(PercentDecode, TableOfInputs) {
  struct Case {
    std::string_view text;
    bool plus_is_space;
    std::optional<std::string> want;
  };
  const Case cases[] = {
      {"", true, ""},
      {"plain", true, "plain"},
      {"a%20b", true, "a b"},
      {"a+b", true, "a b"},
      {"a+b", false, "a+b"},
      {"%2B", true, "+"},
      {"%e3%81%aa", true, "\xe3\x81\xaa"},  // lower-case hex, UTF-8 "な"
      {"%E3%81%AA", true, "\xe3\x81\xaa"},
      {"100%25", true, "100%"},
      {"%00", true, std::string(1, '\0')},
      {"%2f", false, "/"},
      {"%zz", true, std::nullopt},
      {"%4", true, std::nullopt},
      {"%", true, std::nullopt},
      {"abc%", true, std::nullopt},
      {"abc%g1", true, std::nullopt},
      {"%1g", true, std::nullopt},
      {"ok%20then%", true, std::nullopt},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(PercentDecode(c.text, c.plus_is_space), c.want)
        << "'" << c.text << "' plus_is_space=" << c.plus_is_space;
  }
}

TEST(ParseQuery, TableOfInputs) {
  struct Case {
    std::string_view query;
    QueryMap want;
  };
  const Case cases[] = {
      {"", {}},
      {"a=1", {{"a", "1"}}},
      {"a=1&b=2", {{"a", "1"}, {"b", "2"}}},
      {"a=1&a=2", {{"a", "2"}}},  // last wins
      {"flag", {{"flag", ""}}},
      {"empty=", {{"empty", ""}}},
      {"&&a=1&&", {{"a", "1"}}},
      {"q=x%20y+z", {{"q", "x y z"}}},
      {"k%3Dey=v%26al", {{"k=ey", "v&al"}}},
      {"eq=a=b", {{"eq", "a=b"}}},
      {"from=2026-11-28T20%3A03%3A46Z&to=7d", {{"from", "2026-11-28T20:03:46Z"}, {"to", "7d"}}},
      {"=v", {{"", "v"}}},
  };
  for (const Case& c : cases) {
    auto got = ParseQuery(c.query);
    ASSERT_TRUE(got.ok()) << c.query << ": " << got.status().ToString();
    EXPECT_EQ(*got, c.want) << c.query;
  }
}

TEST(ParseQuery, MalformedEscapeIsInvalidArgumentNamingTheQuery) {
  for (std::string_view bad : {"a=%zz", "%zz=1", "a=1&b=%", "a=%4"}) {
    auto got = ParseQuery(bad);
    ASSERT_FALSE(got.ok()) << bad;
    EXPECT_EQ(got.status().code(), Code::kInvalidArgument) << bad;
    EXPECT_EQ(got.status().field(), "query") << bad;
  }
}

TEST(ParseQuery, ParsesSlackFormBody) {
  auto got = ParseQuery(
      "token=gIkuvaNzQIHg97ATvDxqgjtO&team_domain=example&command=%2Fnagame"
      "&text=decide+HighCPU+tune+raise+to+90%25");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->at("command"), "/nagame");
  EXPECT_EQ(got->at("text"), "decide HighCPU tune raise to 90%");
}

TEST(EncodeQuery, RoundTripsThroughParseQuery) {
  QueryMap params = {
      {"a b", "c&d=e"}, {"name", "\xe3\x81\xaa/x+y"}, {"empty", ""}, {"pct", "100%"}};
  std::string encoded = EncodeQuery(params);
  EXPECT_EQ(encoded, "a%20b=c%26d%3De&empty=&name=%E3%81%AA%2Fx%2By&pct=100%25");
  auto back = ParseQuery(encoded);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, params);
  EXPECT_EQ(PercentEncode("a-b_c.d~e f/g"), "a-b_c.d~e%20f%2Fg");
}

TEST(SplitTarget, PathQueryAndFragment) {
  struct Case {
    std::string_view target, path, query;
  };
  const Case cases[] = {
      {"/a/b", "/a/b", ""},
      {"/a/b?", "/a/b", ""},
      {"/a/b?x=1", "/a/b", "x=1"},
      {"/a?x=1?y=2", "/a", "x=1?y=2"},
      {"/a?x=1#frag", "/a", "x=1"},
      {"/a#frag?x", "/a", ""},
      {"", "", ""},
  };
  for (const Case& c : cases) {
    TargetParts parts = SplitTarget(c.target);
    EXPECT_EQ(parts.path, c.path) << c.target;
    EXPECT_EQ(parts.query, c.query) << c.target;
  }
}

}  // namespace
}  // namespace nagame::bot::http
