// The rule page's facts: the rule's item even when it is quiet, its window's episodes in time
// order, and each decision's follow-up counted from the history around it.
#include "rules/rule_page.h"

#include <gtest/gtest.h>

#include "rules/inventory.h"
#include "tests/support/history_builder.h"

namespace nagame::rules {
namespace {

using namespace std::chrono_literals;
using testing::HistoryBuilder;
using testing::Week;

RulePageFacts Facts(const CheckInput& in, const std::string& rule) {
  const CheckReport report;
  return BuildRulePage(in, BuildInventory(in, &report), report, rule);
}

Decision At(const std::string& rule, Time at) {
  return {.id = 1, .rule = rule, .action = DecisionAction::kTune, .author = "ana", .at = at};
}

// Loud fires every 6 h for the four weeks the input holds until a decision halfway through
// this week, then every 24 h.
CheckInput Loud(const Window& week) {
  HistoryBuilder h(week);
  const Time decided = week.from + 84h;
  h.Rule("Loud").StartingAt(week.from - 21 * 24h).Every(6h).For(5min).Times((21 * 24 + 84) / 6);
  h.Rule("Loud").StartingAt(decided + 1h).Every(24h).For(5min).Times(3);
  h.Rule("Quiet").Defined("vector(0) > 1");
  h.Rule("Other").StartingAt(week.from + 1h).Every(1h).For(1min).Times(5);
  CheckInput in = h.Build();
  in.decisions = {At("Loud", decided), At("Loud", week.from - 25 * 24h), At("Other", decided)};
  return in;
}

TEST(RulePage, FollowUpCountsTheWeekBeforeAndAfter) {
  const Window week = Week("2026-11-16");
  const RulePageFacts f = Facts(Loud(week), "Loud");
  ASSERT_EQ(f.follow_ups.size(), 2u);  // Other's decision is not Loud's
  const struct {
    Time at;
    bool before_complete;
    int64_t before;
    int64_t after;
    Duration after_span;
  } want[] = {
      // Before the history starts: nothing known before it, the first week after it counted.
      {week.from - 25 * 24h, false, 0, 4 * (7 - 4), 7 * 24h},
      // Halfway through: 28 starts in the week before, 3 in the 3.5 days left of the window.
      {week.from + 84h, true, 28, 3, 84h},
  };
  for (size_t i = 0; i < 2; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(f.follow_ups[i].decision.at, want[i].at);
    EXPECT_EQ(f.follow_ups[i].before_complete, want[i].before_complete);
    EXPECT_EQ(f.follow_ups[i].before, want[i].before);
    EXPECT_EQ(f.follow_ups[i].after, want[i].after);
    EXPECT_EQ(f.follow_ups[i].after_span, want[i].after_span);
  }
}

TEST(RulePage, EpisodesAreTheWindowsOldestFirst) {
  const Window week = Week("2026-11-16");
  const RulePageFacts f = Facts(Loud(week), "Loud");
  ASSERT_EQ(f.episodes.size(), 14u + 3u);  // every 6 h for 84 h, then 3 daily
  for (size_t i = 1; i < f.episodes.size(); ++i) {
    EXPECT_LT(f.episodes[i - 1].starts_at, f.episodes[i].starts_at);
  }
  EXPECT_GE(f.episodes.front().starts_at, week.from);
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].row.rule, "Loud");
  EXPECT_EQ(f.items[0].row.episodes, 17);
}

TEST(RulePage, AQuietDefinedRuleStillHasItsItem) {
  const RulePageFacts f = Facts(Loud(Week("2026-11-16")), "Quiet");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].row.episodes, 0);
  ASSERT_TRUE(f.items[0].definition.has_value());
  EXPECT_TRUE(f.episodes.empty());
  EXPECT_TRUE(f.follow_ups.empty());
}

TEST(RulePage, AnUnknownRuleHasNothing) {
  const RulePageFacts f = Facts(Loud(Week("2026-11-16")), "Nobody");
  EXPECT_TRUE(f.items.empty());
  EXPECT_TRUE(f.episodes.empty());
  EXPECT_EQ(f.rule, "Nobody");
}

}  // namespace
}  // namespace nagame::rules
