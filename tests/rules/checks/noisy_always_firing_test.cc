// noisy/always-firing: duty-cycle edges per instance, and the rendered finding.
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

constexpr char kCheck[] = "noisy/always-firing";

TEST(NoisyAlwaysFiring, Table) {
  const Window week = Week("2026-11-23");
  const testing::CheckCase cases[] = {
      {"no history", [](HistoryBuilder&) {}, {}},
      {"one instance firing exactly half the week",
       [](HistoryBuilder& h) { h.Rule("A").For(84h).Times(1); },
       {"A"}},
      {"a minute under half", [](HistoryBuilder& h) { h.Rule("A").For(84h - 1min).Times(1); }, {}},
      {"many short episodes add up to half",
       [](HistoryBuilder& h) { h.Rule("A").Every(2h).For(1h).Times(84); },
       {"A"}},
      {"two instances at 30% each, never together: 60% for the rule, not a state",
       [week](HistoryBuilder& h) {
         h.Rule("A").Episode(week.from, 50h + 24min, "host-0");
         h.Rule("A").Episode(week.from + 60h, 50h + 24min, "host-1");
       },
       {}},
      {"an episode still firing since mid-week runs until now",
       [week](HistoryBuilder& h) { h.Rule("A").OpenEpisode(week.from + 80h); },
       {"A"}},
      {"carried over from last week: only its part in this window counts",
       [week](HistoryBuilder& h) { h.Rule("A").Episode(week.from - 100h, 190h); },
       {"A"}},
      {"carried over, but mostly before this window",
       [week](HistoryBuilder& h) { h.Rule("A").Episode(week.from - 100h, 150h); },
       {}},
      {"threshold is configurable",
       [](HistoryBuilder& h) { h.Rule("A").For(51h).Times(1); },
       {"A"},
       {{"min_duty_cycle", 0.3}}},
  };
  testing::ExpectTable({kCheck}, cases);
}

TEST(NoisyAlwaysFiring, JudgesAWindowUnderWayOnItsElapsedPart) {
  const Window week = Week("2026-11-23");
  HistoryBuilder h(week, week.from + 48h);  // two days in
  h.Rule("A").Episode(week.from, 30h);      // 62% of the elapsed part, 18% of the week
  std::vector<Problem> found = testing::Findings(kCheck, h.Build());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].summary, "host-0 firing 63% of 2d (rule 63%; 1 of 1 instances ≥ 50%)");
}

TEST(NoisyAlwaysFiring, RendersTheWorstInstanceAndAnInfoRule) {
  const Window week = Week("2026-11-23");
  HistoryBuilder h(week);
  h.Rule("DiskAlmostFull")
      .Defined("node_filesystem_avail_bytes / node_filesystem_size_bytes < 0.1", 5min)
      .OpenEpisode(week.from + 20h, "nfs-1");
  h.Rule("DiskAlmostFull").Episode(week.from + 24h, 40h, "nfs-2");
  h.Rule("DiskAlmostFull").Episode(week.from + 100h, 2h, "db-1");
  CheckReport report = testing::RunOnly(kCheck, h.Build());
  ASSERT_EQ(report.problems.size(), 1u);
  const Problem& p = report.problems[0];
  EXPECT_EQ(p.evidence["worst_instance"], "nfs-1");
  EXPECT_NE(p.fix.yaml.find("severity: \"info\""), std::string::npos);
  testing::ExpectGolden("checks/noisy_always_firing.json", testing::RenderProblems(report));
}

}  // namespace
}  // namespace nagame::rules
