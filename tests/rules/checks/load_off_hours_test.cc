// load/off-hours: nights and weekend days, teams, local time, options, and the demotion fix.
#include <gtest/gtest.h>

#include "rules/check_runner.h"
#include "tests/support/check_harness.h"
#include "tests/support/golden.h"
#include "tests/support/history_builder.h"

namespace nagame::rules {
namespace {

using namespace std::chrono_literals;
using testing::HistoryBuilder;
using testing::RuleBuilder;
using testing::Week;

constexpr char kCheck[] = "load/off-hours";

// The teams flagged (findings name no rule: evidence.team says whose load it is).
std::vector<std::string> FlaggedTeams(const CheckInput& in) {
  std::vector<std::string> out;
  for (const Problem& p : testing::Findings(kCheck, in)) out.push_back(p.evidence["team"]);
  return out;
}

// Rule A's alerts for team shop, the first `at` after the window's start.
RuleBuilder& ShopAt(HistoryBuilder& h, Duration at) {
  return h.Rule("A").Label("team", "shop").StartingAt(h.input().window.from + at);
}

// Week("2026-11-23") is Monday 00:00 UTC: 5 nights (Mon–Fri) and 2 weekend days.
TEST(LoadOffHours, Table) {
  const Time mon = Week("2026-11-23").from;
  const testing::CheckCase cases[] = {
      {"no history", [](HistoryBuilder&) {}, {}},
      {"15 alerts at 22:00 over 7 periods is 2.1 each",
       [](HistoryBuilder& h) { ShopAt(h, 22h).Every(24h).OnInstances(3).Times(5); },
       {"shop"}},
      {"14 is exactly 2 each: not more than 2",
       [](HistoryBuilder& h) { ShopAt(h, 22h).Every(24h).OnInstances(2).Times(7); },
       {}},
      {"30 alerts in working hours",
       [](HistoryBuilder& h) { ShopAt(h, 10h).Every(24h).OnInstances(6).Times(5); },
       {}},
      {"weekend days are off hours all day",
       [](HistoryBuilder& h) { ShopAt(h, 5 * 24h + 12h).Every(1h).Times(15); },
       {"shop"}},
      {"unless work_days says they are work days",
       [](HistoryBuilder& h) { ShopAt(h, 5 * 24h + 9h).Every(30min).Times(15); },
       {},
       {{"work_days", {"Monday", "tue", "wed", "thu", "fri", "sat", "sun"}}}},
      {"working hours are configurable",
       [](HistoryBuilder& h) { ShopAt(h, 7h).Every(24h).OnInstances(3).Times(5); },
       {},
       {{"work_start", "07:00"}}},
      {"each team has its own load",
       [mon](HistoryBuilder& h) {
         ShopAt(h, 22h).Every(24h).OnInstances(2).Times(5);
         h.Rule("B").StartingAt(mon + 22h).Every(24h).OnInstances(2).Times(5);
       },
       {}},
      {"the owner label stands in for team; no label is unowned",
       [mon](HistoryBuilder& h) {
         h.Rule("A").Label("owner", "aki").StartingAt(mon + 22h).Every(24h).OnInstances(3).Times(5);
         h.Rule("B").StartingAt(mon + 23h).Every(24h).OnInstances(3).Times(5);
       },
       {"aki", "unowned"}},
  };
  testing::ExpectTable({kCheck, testing::EvidenceOf("team")}, cases);
}

TEST(LoadOffHours, WorkingHoursAreLocal) {
  const Time mon = Week("2026-11-23").from;
  HistoryBuilder h(Week("2026-11-23"));
  // Mon–Thu 23:30 UTC is Tue–Fri 08:30 in Tokyo.
  h.Rule("A")
      .Label("team", "shop")
      .StartingAt(mon + 23h + 30min)
      .Every(24h)
      .OnInstances(4)
      .Times(4);
  EXPECT_EQ(FlaggedTeams(h.Build()), std::vector<std::string>{"shop"});  // 16 at night in UTC
  h.input().zone = {"Asia/Tokyo", [](Time) -> Duration { return 9h; }};
  EXPECT_EQ(FlaggedTeams(h.Build()), std::vector<std::string>{});  // 08:30 Tue–Fri in Tokyo
}

TEST(LoadOffHours, BadOptionsMeanUnableToRun) {
  HistoryBuilder h(Week("2026-11-23"));
  for (const nlohmann::json& bad :
       {nlohmann::json{{"work_start", "25:00"}}, nlohmann::json{{"work_end", "6pm"}},
        nlohmann::json{{"work_days", {"funday"}}},
        nlohmann::json{{"work_start", "18:00"}, {"work_end", "08:00"}}}) {
    SCOPED_TRACE(bad.dump());
    const Check& check = *FindCheck(kCheck);
    auto found = check.Run(h.Build(), check.Options(bad));
    ASSERT_FALSE(found.ok());
    EXPECT_EQ(found.status().code(), Code::kInvalidArgument);
  }
}

TEST(LoadOffHours, RendersTheTopContributorsAndDemotesTheNonUrgentOnes) {
  const Time mon = Week("2026-11-23").from;
  HistoryBuilder h(Week("2026-11-23"));
  h.Rule("DiskSpaceLow")
      .Label("team", "shop")
      .Label("severity", "warning")
      .StartingAt(mon + 20h)
      .Every(24h)
      .For(30min)
      .OnInstances(2)
      .Times(4);
  h.Rule("NodeDown")
      .Label("team", "shop")
      .Label("severity", "critical")
      .StartingAt(mon + 5 * 24h + 3h)
      .Every(6h)
      .For(10min)
      .Times(5);
  h.Rule("CertExpiring")
      .Label("team", "shop")
      .Label("severity", "info")
      .StartingAt(mon + 6h)
      .Every(24h)
      .For(1h)
      .Times(4);
  h.Rule("ReplicaLag")
      .Label("team", "shop")
      .Label("severity", "warning")
      .StartingAt(mon + 21h)
      .Every(24h)
      .For(1h)
      .Times(1);
  h.Rule("SlowQueries").Label("team", "db").StartingAt(mon + 2h).Every(24h).Times(3);
  CheckReport report = testing::RunOnly(kCheck, h.Build());
  ASSERT_EQ(report.problems.size(), 1u);
  const Problem& p = report.problems[0];
  EXPECT_EQ(p.summary,
            "team shop: 18 alerts off hours over 5 nights and 2 weekend days, 2.6 each (limit 2)");
  EXPECT_NE(p.fix.yaml.find("alertname=~\"CertExpiring|DiskSpaceLow\""), std::string::npos);
  EXPECT_EQ(p.fix.yaml.find("NodeDown"), std::string::npos);
  testing::ExpectGolden("checks/load_off_hours.json", testing::RenderProblems(report));
}

}  // namespace
}  // namespace nagame::rules
