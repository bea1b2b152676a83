// stale/never-fired: the quiet period and the definition's age at their edges; unable to run
// without rule definitions.
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

constexpr char kCheck[] = "stale/never-fired";

TEST(StaleNeverFired, Table) {
  const Window week = Week("2026-11-23");
  const Time now = week.to;
  const testing::CheckCase cases[] = {
      {"defined 200 days, never fired",
       [&](HistoryBuilder& h) { h.Rule("A").Defined("up == 0", 0s, now - 200 * 24h); },
       {"A"}},
      {"defined exactly 90 days ago, never fired",
       [&](HistoryBuilder& h) { h.Rule("A").Defined("up == 0", 0s, now - 90 * 24h); },
       {"A"}},
      {"defined 89 days ago is too new to judge",
       [&](HistoryBuilder& h) { h.Rule("A").Defined("up == 0", 0s, now - 89 * 24h); },
       {}},
      {"defined 3 days ago is not stale",
       [&](HistoryBuilder& h) { h.Rule("A").Defined("up == 0", 0s, now - 3 * 24h); },
       {}},
      {"unknown definition date counts as old",
       [&](HistoryBuilder& h) { h.Rule("A").Defined("up == 0"); },
       {"A"}},
      {"fired 91 days ago",
       [&](HistoryBuilder& h) {
         h.Rule("A").Defined("up == 0", 0s, now - 200 * 24h);
         h.input().last_episode_start[{"alertmanager", "A"}] = now - 91 * 24h;
       },
       {"A"}},
      {"fired 89 days ago",
       [&](HistoryBuilder& h) {
         h.Rule("A").Defined("up == 0", 0s, now - 200 * 24h);
         h.input().last_episode_start[{"alertmanager", "A"}] = now - 89 * 24h;
       },
       {}},
      {"an episode that started 100 days ago and is still firing",
       [&](HistoryBuilder& h) {
         h.Rule("A").Defined("up == 0", 0s, now - 200 * 24h).OpenEpisode(now - 100 * 24h);
       },
       {}},
      {"fired this week through another source, name unique",
       [&](HistoryBuilder& h) {
         h.Rule("A").Defined("up == 0", 0s, now - 200 * 24h);
         h.Rule("A", "grafana").Every(1h).Times(1);
       },
       {}},
      {"another rule's episodes do not count",
       [&](HistoryBuilder& h) {
         h.Rule("A").Defined("up == 0", 0s, now - 200 * 24h);
         h.Rule("B").Every(1h).Times(3);
       },
       {"A"}},
      {"quiet_for is configurable",
       [&](HistoryBuilder& h) {
         h.Rule("A").Defined("up == 0", 0s, now - 200 * 24h);
         h.input().last_episode_start[{"alertmanager", "A"}] = now - 40 * 24h;
       },
       {"A"},
       {{"quiet_for", "30d"}}},
  };
  testing::ExpectTable({kCheck}, cases);
}

TEST(StaleNeverFired, UnableToRunWithoutRuleDefinitions) {
  HistoryBuilder h(Week("2026-11-23"));
  h.Rule("A").Every(1h).Times(3);
  CheckReport report = testing::RunOnly(kCheck, h.Build());
  EXPECT_TRUE(report.problems.empty());
  ASSERT_EQ(report.unable.size(), 1u);
  EXPECT_EQ(report.unable[0].reason, "rule definitions unavailable: not configured");
}

TEST(StaleNeverFired, RendersEvidenceAndFix) {
  const Window week = Week("2026-11-23");
  HistoryBuilder h(week);
  h.Rule("CephOSDFlapping").Defined("changes(ceph_osd_up[10m]) > 2", 5min, week.to - 214 * 24h);
  h.Rule("DiskFull").Defined("node_filesystem_avail_bytes == 0", 0s, week.to - 400 * 24h);
  CheckInput in = h.Build();
  in.rules[0].definition.line = 17;
  in.last_episode_start[{"alertmanager", "DiskFull"}] = week.to - 150 * 24h;
  CheckReport report = testing::RunOnly(kCheck, in);
  ASSERT_EQ(report.problems.size(), 2u);
  testing::ExpectGolden("checks/stale_never_fired.json", testing::RenderProblems(report));
}

}  // namespace
}  // namespace nagame::rules
