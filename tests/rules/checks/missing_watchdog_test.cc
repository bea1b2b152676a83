// missing/watchdog: configured sources that went quiet for 24 h, or never spoke.
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

std::vector<std::string> Sources(const CheckReport& report) {
  std::vector<std::string> out;
  for (const Problem& p : report.problems) out.push_back(p.source);
  return out;
}

TEST(MissingWatchdog, Table) {
  struct Case {
    const char* name;
    std::set<std::string> configured;
    std::map<std::string, Duration> silent_for;  // source → time since its last delivery
    nlohmann::json options;
    std::vector<std::string> flagged;
  };
  const Case cases[] = {
      {"delivered an hour ago", {"alertmanager"}, {{"alertmanager", 1h}}, {}, {}},
      {"quiet for 23h59m", {"alertmanager"}, {{"alertmanager", 24h - 1min}}, {}, {}},
      {"quiet for exactly 24h", {"alertmanager"}, {{"alertmanager", 24h}}, {}, {"alertmanager"}},
      {"never delivered", {"alertmanager", "grafana"}, {{"alertmanager", 1h}}, {}, {"grafana"}},
      {"a source that is not configured is not judged", {}, {{"grafana", 72h}}, {}, {}},
      {"silent_for is configurable",
       {"grafana"},
       {{"grafana", 7h}},
       {{"silent_for", "6h"}},
       {"grafana"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    HistoryBuilder h(Week("2026-11-23"));
    CheckInput in = h.Build();
    in.configured_sources = c.configured;
    for (const auto& [source, ago] : c.silent_for)
      in.last_delivery_by_source[source] = in.now - ago;
    CheckReport report = testing::RunOnly("missing/watchdog", in, c.options);
    EXPECT_TRUE(report.unable.empty());
    EXPECT_EQ(Sources(report), c.flagged);
  }
}

TEST(MissingWatchdog, SaysSoWhenAWatchdogRuleIsAlreadyDefined) {
  HistoryBuilder h(Week("2026-11-23"));
  h.Rule("AlwaysOn").Defined("vector( 1 )");
  CheckInput in = h.Build();
  in.configured_sources = {"alertmanager"};
  CheckReport report = testing::RunOnly("missing/watchdog", in);
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0].evidence["watchdog_rule_defined"], true);
  EXPECT_NE(report.problems[0].fix.text.find("a Watchdog rule is defined"), std::string::npos);
}

TEST(MissingWatchdog, RendersEvidenceAndFix) {
  HistoryBuilder h(Week("2026-11-23"));
  CheckInput in = h.Build();
  in.configured_sources = {"alertmanager", "grafana"};
  in.last_delivery_by_source["alertmanager"] = in.now - 76h - 20min;
  CheckReport report = testing::RunOnly("missing/watchdog", in);
  ASSERT_EQ(report.problems.size(), 2u);
  testing::ExpectGolden("checks/missing_watchdog.json", testing::RenderProblems(report));
}

}  // namespace
}  // namespace nagame::rules
