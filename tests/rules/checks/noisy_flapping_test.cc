// noisy/flapping: threshold edges, the suggested `for:` and its replay.
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

constexpr char kCheck[] = "noisy/flapping";

TEST(NoisyFlapping, Table) {
  const Time week_from = Week("2026-11-23").from;
  const testing::CheckCase cases[] = {
      {"4 short episodes a day apart: half short, flagged",
       [](HistoryBuilder& h) { h.Rule("A").Every(24h).For(1min).Times(4); },
       {"A"}},
      {"3 short episodes: below min_episodes, and no quick re-fire",
       [](HistoryBuilder& h) { h.Rule("A").Every(24h).For(1min).Times(3); },
       {}},
      {"long episodes a day apart are not flapping",
       [](HistoryBuilder& h) { h.Rule("A").Every(24h).For(2h).Times(6); },
       {}},
      {"2 of 4 short is exactly the 50% threshold",
       [week_from](HistoryBuilder& h) {
         h.Rule("A").Every(24h).For(1min).Times(2);
         h.Rule("A").StartingAt(week_from + 72h).Every(24h).For(1h).Times(2);
       },
       {"A"}},
      {"1 of 4 short is below",
       [week_from](HistoryBuilder& h) {
         h.Rule("A").Every(24h).For(1min).Times(1);
         h.Rule("A").StartingAt(week_from + 48h).Every(24h).For(1h).Times(3);
       },
       {}},
      {"long episodes re-firing within 30 min, 3 times on one instance",
       [](HistoryBuilder& h) { h.Rule("A").Every(50min).For(30min).Times(4); },
       {"A"}},
      {"re-firing 2 times is below min_refires",
       [](HistoryBuilder& h) { h.Rule("A").Every(50min).For(30min).Times(3); },
       {}},
  };
  testing::ExpectTable({kCheck}, cases);
}

// The replay the issue asks for: a flapping rule whose suggested `for:` removes the short
// episodes and keeps the one someone acked.
TEST(NoisyFlapping, SuggestedForRemovesShortEpisodesAndKeepsTheAckedOne) {
  const Window week = Week("2026-11-23");
  HistoryBuilder h(week);
  h.Rule("PodRestartsHigh")
      .Defined("increase(kube_pod_container_status_restarts_total[5m]) > 0")
      .Every(2h)
      .For(90s)
      .OnInstances(2)
      .Times(10);                                                       // 20 short episodes
  h.Rule("PodRestartsHigh").Episode(week.from + 90h, 25min, "host-0");  // the real one
  CheckInput in = h.Build();
  int64_t acked_id = in.episodes.back().id;
  in.acks.push_back(
      {1, "", "PodRestartsHigh", acked_id, "mori", "real crash loop", week.from + 91h});

  CheckReport report = testing::RunOnly(kCheck, in);
  ASSERT_EQ(report.problems.size(), 1u);
  const Problem& p = report.problems[0];
  ASSERT_TRUE(p.fix.replay.has_value());
  const Replay& r = *p.fix.replay;
  EXPECT_EQ(r.change, "for: 2m");
  EXPECT_EQ(r.episodes_before, 21);
  EXPECT_EQ(r.episodes_after, 1);
  EXPECT_EQ(r.acked_episodes, 1);
  EXPECT_EQ(r.acked_episodes_lost, 0);
  EXPECT_NE(p.fix.yaml.find("for: 2m"), std::string::npos);
  EXPECT_NE(p.fix.yaml.find("kube_pod_container_status_restarts_total"), std::string::npos);
  testing::ExpectGolden("checks/noisy_flapping.json", testing::RenderProblems(report));
}

TEST(NoisyFlapping, WhenShortEpisodesWereAckedItSuggestsKeepFiringFor) {
  const Window week = Week("2026-11-23");
  HistoryBuilder h(week);
  h.Rule("Jittery").Every(20min).For(1min).Times(6);  // re-fires 19 min after each end
  CheckInput in = h.Build();
  in.acks.push_back({1, "", "Jittery", in.episodes.front().id, "aki", "", week.from});
  std::vector<Problem> found = testing::Findings(kCheck, in);
  ASSERT_EQ(found.size(), 1u);
  ASSERT_TRUE(found[0].fix.replay.has_value());
  const Replay& r = *found[0].fix.replay;
  EXPECT_EQ(r.change, "keep_firing_for: 19m");
  EXPECT_EQ(r.episodes_after, 1);
  EXPECT_EQ(r.acked_episodes_lost, 0);
}

}  // namespace
}  // namespace nagame::rules
