// Tests for Alertmanager silence semantics: activity, matcher evaluation, and how silences read.
#include "rules/silence_match.h"

#include <gtest/gtest.h>

#include "tests/support/history_builder.h"

namespace nagame::rules {
namespace {

using namespace std::chrono_literals;
using testing::AtTime;

SilenceMatcher M(std::string name, std::string value, bool is_regex = false, bool is_equal = true) {
  return {std::move(name), std::move(value), is_regex, is_equal};
}

TEST(SilenceMatchers, Table) {
  struct Case {
    const char* name;
    std::vector<SilenceMatcher> matchers;
    Labels labels;
    std::optional<bool> want;
  };
  const Labels web = {{"alertname", "HighCPU"}, {"instance", "web-1"}, {"env", "prod"}};
  const Case cases[] = {
      {"equal matches", {M("alertname", "HighCPU")}, web, true},
      {"equal is case-sensitive", {M("alertname", "highcpu")}, web, false},
      {"every matcher must match", {M("alertname", "HighCPU"), M("env", "dev")}, web, false},
      {"not-equal", {M("env", "dev", false, false)}, web, true},
      {"not-equal on the same value", {M("env", "prod", false, false)}, web, false},
      {"a missing label is the empty string", {M("team", "")}, web, true},
      {"a missing label does not equal a value", {M("team", "shop")}, web, false},
      {"a missing label differs from a value", {M("team", "shop", false, false)}, web, true},
      {"regex is anchored at both ends", {M("instance", "web", true)}, web, false},
      {"regex matching the whole value", {M("instance", "web-[0-9]+", true)}, web, true},
      {"regex alternation is anchored as a group", {M("env", "dev|prod", true)}, web, true},
      {"alternation does not leak out of the anchors", {M("env", "pro|staging", true)}, web, false},
      {"negative regex", {M("instance", "db-.*", true, false)}, web, true},
      {"negative regex that matches", {M("instance", "web-.*", true, false)}, web, false},
      {"regex on a missing label sees \"\"", {M("team", ".*", true)}, web, true},
      {"RE2 case-insensitive flag", {M("alertname", "(?i)highcpu", true)}, web, true},
      {"invalid regex cannot be evaluated", {M("env", "(prod", true)}, web, std::nullopt},
      {"a definite mismatch wins over an unknown",
       {M("env", "(prod", true), M("alertname", "Other")},
       web,
       false},
      {"no matchers match everything", {}, web, true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(SilenceMatchers(c.matchers).Matches(c.labels), c.want);
  }
}

TEST(IsActiveSilence, TimesAndState) {
  const Time now = AtTime("2026-11-30T00:00:00Z");
  Silence s;
  s.starts_at = now - 1h;
  s.ends_at = now + 1h;
  EXPECT_TRUE(IsActiveSilence(s, now));
  s.state = "active";
  EXPECT_TRUE(IsActiveSilence(s, now));
  s.state = "expired";
  EXPECT_FALSE(IsActiveSilence(s, now));
  s.state = "";
  s.ends_at = now;  // ends_at is exclusive
  EXPECT_FALSE(IsActiveSilence(s, now));
  s.ends_at = now + 1h;
  s.starts_at = now + 1s;
  EXPECT_FALSE(IsActiveSilence(s, now));
}

TEST(AlertLabels, FillsAlertnameFromTheRuleOnlyWhenMissing) {
  Episode e;
  e.rule = "HighCPU";
  e.labels = {{"instance", "web-1"}};
  EXPECT_EQ(AlertLabels(e).at("alertname"), "HighCPU");
  e.labels["alertname"] = "Sent";
  EXPECT_EQ(AlertLabels(e).at("alertname"), "Sent");
}

TEST(FormatMatchers, PrintsLikeAlertmanager) {
  Silence s;
  s.id = "0123456789abcdef";
  s.matchers = {M("alertname", "HighCPU"), M("env", "dev", false, false),
                M("job", "node|kube", true), M("pod", "db-\"x\"", true, false)};
  EXPECT_EQ(FormatMatchers(s.matchers),
            R"({alertname="HighCPU", env!="dev", job=~"node|kube", pod!~"db-\"x\""})");
  EXPECT_EQ(SilencedRule(s), "HighCPU");
  EXPECT_EQ(DescribeSilence(s).substr(0, 17), "silence 01234567 ");
  EXPECT_EQ(ExpireCommand(s), "amtool silence expire 0123456789abcdef");
  s.matchers = {M("alertname", "High.*", true)};
  EXPECT_EQ(SilencedRule(s), "");
}

}  // namespace
}  // namespace nagame::rules
