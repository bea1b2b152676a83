// Tests for label-matcher regexes: RE2 syntax and engine, full-anchored.
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
      {"\\pL+", "été", true},  // Unicode classes, runes rather than bytes
      {"\\pL+", "é1", false},
      {"\\p{Greek}", "λ", true},
      {"\\x{263a}", "☺", true},
      {"é+", "ééé", true},
      {"[é]", "é", true},
      {"\\101", "A", true},   // octal
      {"a.c", "aλc", true},   // . is one rune
      {"(?m)a$", "a", true},  // flags inside the pattern do not move the outer anchors
  };
  for (const Case& c : cases) {
    auto re = Regex::Compile(c.pattern);
    ASSERT_TRUE(re.ok()) << c.pattern << ": " << re.status().ToString();
    EXPECT_EQ(re->FullMatch(c.text), c.matches) << c.pattern << " ~ " << c.text;
  }
}

TEST(Regex, RejectsWhatRe2Rejects) {
  const char* cases[] = {"(",
                         ")",
                         "a**",
                         "*a",
                         "[a",
                         "a{1001}",
                         "(a",
                         "\\1",
                         "(?=a)",
                         "(?!a)",
                         "(?<=a)b",
                         "\\",
                         "\\k",
                         "[z-a]",
                         "[[:nope:]]",
                         "(?x)a",
                         "((a{100}){100}){100}"};
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

TEST(Regex, LongPatternsCompileAndMatch) {
  auto re = Regex::Compile(std::string(5000, 'a'));
  ASSERT_TRUE(re.ok()) << re.status().ToString();
  EXPECT_TRUE(re->FullMatch(std::string(5000, 'a')));
  EXPECT_FALSE(re->FullMatch(std::string(4999, 'a')));
}

TEST(Regex, HostilePatternsAndInputsAnswerCorrectly) {
  // Each would take exponential time, or exhaust the stack, in a backtracking matcher such as
  // std::regex's default one; RE2 is linear in the value's length.
  const std::string as(4000, 'a');
  auto nested = Regex::Compile("(a+)+$");
  ASSERT_TRUE(nested.ok());
  EXPECT_TRUE(nested->FullMatch(as));
  EXPECT_FALSE(nested->FullMatch(as + "!"));
  EXPECT_FALSE(nested->FullMatch(as.substr(1) + "b"));
  auto star = Regex::Compile("(a*)*b");
  ASSERT_TRUE(star.ok());
  EXPECT_FALSE(star->FullMatch(as));
  EXPECT_TRUE(star->FullMatch(as + "b"));
  auto alternation = Regex::Compile("(a|aa)+c");
  ASSERT_TRUE(alternation.ok());
  EXPECT_FALSE(alternation->FullMatch(as));
  // Values far longer than any label, and deep nesting, neither crash nor give up.
  auto any = Regex::Compile(".*z");
  ASSERT_TRUE(any.ok());
  EXPECT_TRUE(any->FullMatch(std::string(1 << 20, 'a') + "z"));
  EXPECT_TRUE(Regex::Compile(std::string(5000, '(') + "a" + std::string(5000, ')')).ok());
  EXPECT_FALSE(Regex::Compile(std::string(5000, '(')).ok());
}

TEST(Regex, CopiesShareTheProgram) {
  auto re = Regex::Compile("node_.*");
  ASSERT_TRUE(re.ok());
  Regex copy = *re;
  re = Regex::Compile("up");
  ASSERT_TRUE(re.ok());
  EXPECT_TRUE(copy.FullMatch("node_load1"));
  EXPECT_FALSE(re->FullMatch("node_load1"));
}

}  // namespace
}  // namespace nagame::rules::promql
