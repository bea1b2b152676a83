// stale/orphaned: alerts whose rule name no definition has, only for sources with known rules.
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

constexpr char kCheck[] = "stale/orphaned";

TEST(StaleOrphaned, Table) {
  const Window week = Week("2026-11-23");
  const testing::CheckCase cases[] = {
      {"one episode of an undefined rule is enough",
       [](HistoryBuilder& h) {
         h.Rule("Defined").Defined("up == 0");
         h.Rule("Gone").Times(1);
       },
       {"Gone"}},
      {"a defined rule's episodes are fine",
       [](HistoryBuilder& h) { h.Rule("Defined").Defined("up == 0").Every(1h).Times(5); },
       {}},
      {"a name defined for another source is not orphaned",
       [](HistoryBuilder& h) {
         h.Rule("Shared").Defined("up == 0");
         h.Rule("Other", "prometheus-2").Defined("up == 0");
         h.Rule("Shared", "prometheus-2").Times(2);
       },
       {}},
      {"a source with no known rules is not judged",
       [](HistoryBuilder& h) {
         h.Rule("Defined").Defined("up == 0");
         h.Rule("GrafanaPanel", "grafana").Times(3);
       },
       {}},
      {"episodes that ended before the window do not count",
       [week](HistoryBuilder& h) {
         h.Rule("Defined").Defined("up == 0");
         h.Rule("Gone").StartingAt(week.from - 48h).Times(1);
       },
       {}},
      {"an episode carried into the window counts",
       [week](HistoryBuilder& h) {
         h.Rule("Defined").Defined("up == 0");
         h.Rule("Gone").OpenEpisode(week.from - 48h);
       },
       {"Gone"}},
  };
  testing::ExpectTable({kCheck}, cases);
}

TEST(StaleOrphaned, UnableToRunWithoutRuleDefinitions) {
  HistoryBuilder h(Week("2026-11-23"));
  h.Rule("Gone").Times(3);
  CheckInput in = h.Build();
  in.rules_availability.status = Unavailable("rule files: permission denied");
  CheckReport report = testing::RunOnly(kCheck, in);
  EXPECT_TRUE(report.problems.empty());
  ASSERT_EQ(report.unable.size(), 1u);
  EXPECT_EQ(report.unable[0].reason, "rule definitions unavailable: rule files: permission denied");
}

TEST(StaleOrphaned, RendersEvidenceAndFix) {
  HistoryBuilder h(Week("2026-11-23"));
  h.Rule("Defined").Defined("up == 0");
  h.Rule("OldQueueDepth").Label("job", "queue").Every(6h).For(20min).OnInstances(2).Times(3);
  CheckInput in = h.Build();
  for (Episode& e : in.episodes) {
    if (e.rule == "OldQueueDepth")
      e.generator_url = "http://prom-legacy:9090/graph?g0.expr=queue_depth";
  }
  CheckReport report = testing::RunOnly(kCheck, in);
  ASSERT_EQ(report.problems.size(), 1u);
  testing::ExpectGolden("checks/stale_orphaned.json", testing::RenderProblems(report));
}

}  // namespace
}  // namespace nagame::rules
