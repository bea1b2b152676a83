// Tests for label-matcher regexes: RE2 syntax translated for std::regex, full-anchored.
#include "rules/promql/regex.h"

#include <gtest/gtest.h>

namespace nagame::rules::promql {
namespace {

TEST(Regex, MatchesWholeValuesLikePrometheus) {
  struct Case {
    const char* pattern;
    const char* text;
    bool matches;
  };
  const Case cases[] = {
      {"a|b", "a", true},
      {"a|b", "ab", false},  // anchored: ^(?:a|b)$
      {"node_.*", "node_load1", true},
      {"node_.*", "xnode_load1", false},
      {"5..", "503", true},
      {"5..", "5030", false},
      {".*", "", true},
      {".+", "", false},
      {"(?i)foo", "FoO", true},
      {"(?i:foo)bar", "FOObar", true},
      {"(?P<x>a)b", "ab", true},
      {"(?s).*", "a", true},
      {"[]a]+", "]a]", true},
      {"[^]a]", "b", true},
      {"a{2}", "aa", true},
      {"a{2,}", "aaaa", true},
      {"a{,2}", "a{,2}", true},  // not a repetition in RE2: literal braces
      {"{foo}", "{foo}", true},
      {"\\d+", "123", true},
      {"[[:alpha:]]+", "abc", true},
      {"\\Qa.b\\E", "a.b", true},
      {"\\Qa.b\\E", "axb", false},
      {"\\x41", "A", true},
      {"\\x{42}", "B", true},
      {"a\\z", "a", true},
      {"\\Aa", "a", true},
      {"up|node_.+_total", "node_cpu_seconds_total", true},
  };
  for (const Case& c : cases) {
    auto re = Regex::Compile(c.pattern);
    ASSERT_TRUE(re.ok()) << c.pattern << ": " << re.status().ToString();
    ASSERT_TRUE(re->evaluable()) << c.pattern;
    EXPECT_EQ(re->FullMatch(c.text), std::optional<bool>(c.matches))
        << c.pattern << " ~ " << c.text;
  }
}

TEST(Regex, RejectsWhatRe2Rejects) {
  const char* cases[] = {"(",   ")",     "a**",        "*a",    "[a",      "a{1001}",
                         "(a",  "\\1",   "(?=a)",      "(?!a)", "(?<=a)b", "\\",
                         "\\k", "[z-a]", "[[:nope:]]", "(?x)a"};
  for (const char* pattern : cases) {
    auto re = Regex::Compile(pattern);
    EXPECT_FALSE(re.ok()) << pattern;
    if (!re.ok()) {
      EXPECT_EQ(re.status().code(), Code::kInvalidArgument);
      EXPECT_TRUE(re.status().message().starts_with("invalid regular expression"))
          << re.status().message();
    }
  }
}

TEST(Regex, AcceptsButCannotEvaluateRe2OnlySyntax) {
  for (const char* pattern :
       {"\\pL+", "\\p{Greek}", "\\x{263a}", "é+", "[é]", "\\101", "((a{100}){100}){100}"}) {
    auto re = Regex::Compile(pattern);
    ASSERT_TRUE(re.ok()) << pattern << ": " << re.status().ToString();
    EXPECT_FALSE(re->evaluable()) << pattern;
    EXPECT_EQ(re->FullMatch("a"), std::nullopt) << pattern;
  }
  // Too long to compile safely: accepted, not evaluated.
  auto long_one = Regex::Compile(std::string(Regex::kMaxCompiledLength + 1, 'a'));
  ASSERT_TRUE(long_one.ok());
  EXPECT_FALSE(long_one->evaluable());
}

TEST(Regex, HostilePatternsAndInputsStayBounded) {
  // Exponential for a backtracking matcher; polynomial here.
  auto re = Regex::Compile("(a*)*b");
  ASSERT_TRUE(re.ok());
  EXPECT_EQ(re->FullMatch(std::string(2000, 'a')), std::optional<bool>(false));
  EXPECT_EQ(re->FullMatch(std::string(Regex::kMaxMatchedLength + 1, 'a')), std::nullopt);
  EXPECT_FALSE(Regex::Compile(std::string(5000, '(')).ok());
}

}  // namespace
}  // namespace nagame::rules::promql
