// load/budget: pages per 12 h shift at the edge, what a page is, teams, and the ranking.
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

constexpr char kCheck[] = "load/budget";

std::vector<std::string> FlaggedTeams(const CheckInput& in) {
  std::vector<std::string> out;
  for (const Problem& p : testing::Findings(kCheck, in)) out.push_back(p.evidence["team"]);
  return out;
}

// A week holds 14 shifts of 12 h: the budget of 2 per shift allows 28 pages.
TEST(LoadBudget, Table) {
  const testing::CheckCase cases[] = {
      {"no history", [](HistoryBuilder&) {}, {}},
      {"29 critical pages",
       [](HistoryBuilder& h) {
         h.Rule("A").Label("team", "shop").Label("severity", "critical").Every(5h).Times(29);
       },
       {"shop"}},
      {"28 is exactly the budget",
       [](HistoryBuilder& h) {
         h.Rule("A").Label("team", "shop").Label("severity", "critical").Every(5h).Times(28);
       },
       {}},
      {"severity page counts too",
       [](HistoryBuilder& h) {
         h.Rule("A").Label("team", "shop").Label("severity", "critical").Every(5h).Times(15);
         h.Rule("B").Label("team", "shop").Label("severity", "page").Every(5h).Times(15);
       },
       {"shop"}},
      {"warnings are not pages",
       [](HistoryBuilder& h) {
         h.Rule("A").Label("team", "shop").Label("severity", "warning").Every(1h).Times(100);
         h.Rule("B").Label("team", "shop").Every(1h).Times(100);
       },
       {}},
      {"unless page_severities says so",
       [](HistoryBuilder& h) {
         h.Rule("A").Label("team", "shop").Label("severity", "warning").Every(1h).Times(100);
       },
       {"shop"},
       {{"page_severities", {"warning"}}}},
      {"each team has its own budget",
       [](HistoryBuilder& h) {
         h.Rule("A").Label("team", "shop").Label("severity", "critical").Every(5h).Times(20);
         h.Rule("B").Label("team", "db").Label("severity", "critical").Every(5h).Times(20);
       },
       {}},
      {"6 h shifts: 28 of them allow 56 pages",
       [](HistoryBuilder& h) {
         h.Rule("A").Label("team", "shop").Label("severity", "critical").Every(5h).Times(29);
       },
       {},
       {{"shift", "6h"}}},
  };
  testing::ExpectTable({kCheck, testing::EvidenceOf("team")}, cases);
}

TEST(LoadBudget, PagesBeforeTheWindowDoNotCount) {
  const Window week = Week("2026-11-23");
  HistoryBuilder h(week);
  h.Rule("A").Label("severity", "critical").StartingAt(week.Previous().from).Every(1h).Times(100);
  h.Rule("A").Label("severity", "critical").Every(12h).Times(10);
  EXPECT_EQ(FlaggedTeams(h.Build()), std::vector<std::string>{});
}

TEST(LoadBudget, RendersTheContributorsRanked) {
  HistoryBuilder h(Week("2026-11-23"));
  h.Rule("NodeDown")
      .Label("team", "infra")
      .Label("severity", "critical")
      .Every(7h)
      .For(20min)
      .OnInstances(2)
      .Times(10);
  h.Rule("DiskFull").Label("team", "infra").Label("severity", "page").Every(13h).For(2h).Times(9);
  h.Rule("CertExpiry")
      .Label("team", "infra")
      .Label("severity", "critical")
      .Every(24h)
      .For(1h)
      .Times(6);
  h.Rule("HighLatency").Label("team", "infra").Label("severity", "warning").Every(1h).Times(50);
  CheckReport report = testing::RunOnly(kCheck, h.Build());
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0].fix.text,
            "cut the top pagers: NodeDown 20, DiskFull 9, CertExpiry 6 — fix their causes, or "
            "demote the ones that can wait to a ticket");
  testing::ExpectGolden("checks/load_budget.json", testing::RenderProblems(report));
}

}  // namespace
}  // namespace nagame::rules
