// noisy/repeat-spam: the average-notifications edge and the estimated repeat_interval replay.
#include <gtest/gtest.h>

#include "rules/check_runner.h"
#include "tests/support/check_harness.h"
#include "tests/support/golden.h"
#include "tests/support/history_builder.h"

namespace nagame::rules {
namespace {

using namespace std::chrono_literals;
using testing::HistoryBuilder;
using testing::Week;

constexpr char kCheck[] = "noisy/repeat-spam";

TEST(NoisyRepeatSpam, Table) {
  const Time week_from = Week("2026-11-23").from;
  const testing::CheckCase cases[] = {
      {"no history", [](HistoryBuilder&) {}, {}},
      {"10 notifications per episode is the threshold",
       [](HistoryBuilder& h) { h.Rule("A").Every(24h).For(10h).Notifications(10).Times(3); },
       {"A"}},
      {"9 is below",
       [](HistoryBuilder& h) { h.Rule("A").Every(24h).For(9h).Notifications(9).Times(3); },
       {}},
      {"it is an average: one loud episode among quiet ones",
       [week_from](HistoryBuilder& h) {
         h.Rule("A").Every(24h).For(10min).Times(2);
         h.Rule("A").StartingAt(week_from + 72h).For(28h).Notifications(28).Times(1);
       },
       {"A"}},
      {"threshold is configurable",
       [](HistoryBuilder& h) { h.Rule("A").Every(24h).For(5h).Notifications(5).Times(3); },
       {"A"},
       {{"min_average_notifications", 5}}},
  };
  testing::ExpectTable({kCheck}, cases);
}

// 4 episodes of 30 h notified hourly: under 12 h, 3 notifications each (at 0, 12 h, 24 h).
TEST(NoisyRepeatSpam, EstimatesALongerRepeatIntervalAndLosesNoAckedEpisode) {
  const Window week = Week("2026-11-23");
  HistoryBuilder h(week);
  h.Rule("QueueBacklog").Every(40h).For(30h).Notifications(30).Times(4);
  CheckInput in = h.Build();
  in.acks.push_back({1, "", "QueueBacklog", in.episodes[1].id, "mori", "", week.from + 41h});
  CheckReport report = testing::RunOnly(kCheck, in);
  ASSERT_EQ(report.problems.size(), 1u);
  const Problem& p = report.problems[0];
  ASSERT_TRUE(p.fix.replay.has_value());
  EXPECT_EQ(p.fix.replay->change, "repeat_interval: 12h");
  EXPECT_EQ(p.fix.replay->notifications_before, 120);
  EXPECT_EQ(p.fix.replay->notifications_after, 12);
  EXPECT_EQ(p.fix.replay->episodes_after, 4);
  EXPECT_EQ(p.fix.replay->acked_episodes, 1);
  EXPECT_EQ(p.fix.replay->acked_episodes_lost, 0);
  testing::ExpectGolden("checks/noisy_repeat_spam.json", testing::RenderProblems(report));

  // A 24 h interval: 2 each (at 0 and 24 h).
  auto longer = testing::Findings(kCheck, in, {{"repeat_interval", "24h"}});
  ASSERT_EQ(longer.size(), 1u);
  EXPECT_EQ(longer[0].fix.replay->notifications_after, 8);
}

TEST(NoisyRepeatSpam, EpisodesThatJustLastLongGetNoRepeatIntervalFix) {
  HistoryBuilder h(Week("2026-11-23"));
  h.Rule("A").Every(24h).For(6 * 24h).Notifications(12).Times(1);  // every 12 h already
  std::vector<Problem> found = testing::Findings(kCheck, h.Build());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_FALSE(found[0].fix.replay.has_value());
  EXPECT_EQ(found[0].fix.yaml, "");
  EXPECT_NE(found[0].fix.text.find("fix what keeps it firing"), std::string::npos);
}

TEST(NoisyRepeatSpam, ANonPositiveRepeatIntervalCannotRun) {
  HistoryBuilder h(Week("2026-11-23"));
  const Check& check = *FindCheck(kCheck);
  auto found = check.Run(h.Build(), check.Options({{"repeat_interval", 0}}));
  EXPECT_FALSE(found.ok());
}

}  // namespace
}  // namespace nagame::rules
