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

constexpr char kCheck[] = "missing/watchdog";

// `configured` sources; each source in `silent_for` last delivered that long before now.
std::function<void(HistoryBuilder&)> Sources(std::set<std::string> configured,
                                             std::map<std::string, Duration> silent_for) {
  return [configured, silent_for](HistoryBuilder& h) {
    CheckInput& in = h.input();
    in.configured_sources = configured;
    for (const auto& [source, ago] : silent_for) in.last_delivery_by_source[source] = in.now - ago;
  };
}

TEST(MissingWatchdog, Table) {
  const testing::CheckCase cases[] = {
      {"delivered an hour ago", Sources({"alertmanager"}, {{"alertmanager", 1h}}), {}},
      {"quiet for 23h59m", Sources({"alertmanager"}, {{"alertmanager", 24h - 1min}}), {}},
      {"quiet for exactly 24h",
       Sources({"alertmanager"}, {{"alertmanager", 24h}}),
       {"alertmanager"}},
      {"never delivered",
       Sources({"alertmanager", "grafana"}, {{"alertmanager", 1h}}),
       {"grafana"}},
      {"a source that is not configured is not judged", Sources({}, {{"grafana", 72h}}), {}},
      {"silent_for is configurable",
       Sources({"grafana"}, {{"grafana", 7h}}),
       {"grafana"},
       {{"silent_for", "6h"}}},
  };
  testing::ExpectTable({kCheck, testing::SourceOf}, cases);
}

TEST(MissingWatchdog, SaysSoWhenAWatchdogRuleIsAlreadyDefined) {
  HistoryBuilder h(Week("2026-11-23"));
  h.Rule("AlwaysOn").Defined("vector( 1 )");
  CheckInput in = h.Build();
  in.configured_sources = {"alertmanager"};
  CheckReport report = testing::RunOnly(kCheck, in);
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0].evidence["watchdog_rule_defined"], true);
  EXPECT_NE(report.problems[0].fix.text.find("a Watchdog rule is defined"), std::string::npos);
}

TEST(MissingWatchdog, RendersEvidenceAndFix) {
  HistoryBuilder h(Week("2026-11-23"));
  CheckInput in = h.Build();
  in.configured_sources = {"alertmanager", "grafana"};
  in.last_delivery_by_source["alertmanager"] = in.now - 76h - 20min;
  CheckReport report = testing::RunOnly(kCheck, in);
  ASSERT_EQ(report.problems.size(), 2u);
  testing::ExpectGolden("checks/missing_watchdog.json", testing::RenderProblems(report));
}

}  // namespace
}  // namespace nagame::rules
