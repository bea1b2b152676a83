// noisy/co-firing: the pairing edges (fraction, distance, minimum, chance), which rule is the
// target, and the inhibit or group_by fix.
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

constexpr char kCheck[] = "noisy/co-firing";

TEST(NoisyCoFiring, Table) {  // flagged: the rule to inhibit
  const Time t0 = Week("2026-11-23").from + 1h;
  auto eight_minutes_apart = [t0](HistoryBuilder& h) {
    h.Rule("A").StartingAt(t0).Every(24h).Times(3);
    h.Rule("B").StartingAt(t0 + 8min).Every(24h).Times(3);
  };
  const testing::CheckCase cases[] = {
      {"no history", [](HistoryBuilder&) {}, {}},
      {"4 of 5 episodes of A start 2 min after B's: 80%, and B's are mostly alone",
       [t0](HistoryBuilder& h) {
         h.Rule("A").StartingAt(t0).Every(24h).Times(5);
         h.Rule("B").StartingAt(t0 - 2min).Every(24h).Times(4);
         h.Rule("B").StartingAt(t0 + 12h).Every(24h).Times(3);
       },
       {"A"}},
      {"3 of 5 is below 80%",
       [t0](HistoryBuilder& h) {
         h.Rule("A").StartingAt(t0).Every(24h).Times(5);
         h.Rule("B").StartingAt(t0 - 2min).Every(24h).Times(3);
         h.Rule("B").StartingAt(t0 + 12h).Every(24h).Times(4);
       },
       {}},
      {"exactly 5 min apart still counts",
       [t0](HistoryBuilder& h) {
         h.Rule("A").StartingAt(t0).Every(24h).Times(3);
         h.Rule("B").StartingAt(t0 + 5min).Every(24h).Times(3);
         h.Rule("B").StartingAt(t0 + 12h).Every(24h).Times(3);
       },
       {"A"}},
      {"6 min apart does not",
       [t0](HistoryBuilder& h) {
         h.Rule("A").StartingAt(t0).Every(24h).Times(3);
         h.Rule("B").StartingAt(t0 + 6min).Every(24h).Times(3);
       },
       {}},
      {"8 min apart is beyond the default 5m", eight_minutes_apart, {}},
      {"within is configurable", eight_minutes_apart, {"B"}, {{"within", "10m"}}},
      {"2 episodes together are below min_episodes",
       [t0](HistoryBuilder& h) {
         h.Rule("A").StartingAt(t0).Every(24h).Times(2);
         h.Rule("B").StartingAt(t0).Every(24h).Times(2);
       },
       {}},
      {"both directions: one finding, on the rule with more episodes",
       [t0](HistoryBuilder& h) {
         h.Rule("A").StartingAt(t0).Every(24h).Times(4);
         h.Rule("B").StartingAt(t0 + 1min).Every(24h).OnInstances(2).Times(4);
       },
       {"B"}},
      {"both directions with as many episodes: one finding",
       [t0](HistoryBuilder& h) {
         h.Rule("A").StartingAt(t0).Every(24h).Times(4);
         h.Rule("B").StartingAt(t0 + 1min).Every(24h).Times(4);
       },
       {"B"}},
      {"a rule starting every 5 min is near everything: chance, not co-firing",
       [t0](HistoryBuilder& h) {
         h.Rule("A").StartingAt(t0).Every(24h).Times(5);
         h.Rule("Busy").StartingAt(t0 - 3min).Every(5min).For(1min).Times(2000);
       },
       {}},
  };
  testing::ExpectTable({kCheck}, cases);
}

TEST(NoisyCoFiring, WithoutASharedInstanceItGroupsByTheSharedLabels) {
  const Time t0 = Week("2026-11-23").from + 1h;
  HistoryBuilder h(Week("2026-11-23"));
  h.Rule("CheckoutErrors").Label("cluster", "tokyo-1").StartingAt(t0).Every(24h).Times(4);
  h.Rule("DbConnectionsHigh")
      .Label("cluster", "tokyo-1")
      .StartingAt(t0 + 1min)
      .Every(24h)
      .OnInstances(2)
      .Times(4);
  // host-0 of the second rule shares the instance name too; host-1 does not: the instance is
  // shared on 4 of 8 matched episodes only.
  std::vector<Problem> found = testing::Findings(kCheck, h.Build());
  ASSERT_EQ(found.size(), 1u);
  const Problem& p = found[0];
  EXPECT_EQ(p.rule, "DbConnectionsHigh");
  EXPECT_EQ(p.evidence["same_instance"], false);
  EXPECT_EQ(p.fix.yaml,
            "route:\n  routes:\n"
            "    - matchers: ['alertname=~\"CheckoutErrors|DbConnectionsHigh\"']\n"
            "      group_by: [cluster]\n");
}

TEST(NoisyCoFiring, NoAlertmanagerSnippetForOtherSources) {
  const Time t0 = Week("2026-11-23").from + 1h;
  HistoryBuilder h(Week("2026-11-23"));
  h.Rule("A", "grafana").StartingAt(t0).Every(24h).Times(4);
  h.Rule("B", "grafana").StartingAt(t0).Every(24h).Times(4);
  h.Rule("B", "grafana").StartingAt(t0 + 12h).Every(24h).Times(3);
  std::vector<Problem> found = testing::Findings(kCheck, h.Build());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].fix.yaml, "");
  EXPECT_NE(found[0].fix.text.find("inhibit A while B fires"), std::string::npos);
}

TEST(NoisyCoFiring, RendersAnInhibitRuleForTheSameInstance) {
  const Time t0 = Week("2026-11-23").from + 9h;
  HistoryBuilder h(Week("2026-11-23"));
  h.Rule("HighCPU").StartingAt(t0).Every(11h).For(20min).OnInstances(2).Times(7);
  h.Rule("LoadAverageHigh").StartingAt(t0 + 2min).Every(11h).For(15min).OnInstances(2).Times(5);
  h.Rule("LoadAverageHigh").Episode(t0 + 30h, 10min, "host-0");
  CheckReport report = testing::RunOnly(kCheck, h.Build());
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_NE(report.problems[0].fix.yaml.find("equal: [instance]"), std::string::npos);
  testing::ExpectGolden("checks/noisy_co_firing.json", testing::RenderProblems(report));
}

}  // namespace
}  // namespace nagame::rules
