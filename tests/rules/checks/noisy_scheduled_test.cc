// noisy/scheduled: slot edges, the slot around midnight, local time, and the mute it suggests.
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

constexpr char kCheck[] = "noisy/scheduled";

ZoneClock Tokyo() {
  return {"Asia/Tokyo", [](Time) -> Duration { return 9h; }};
}

std::vector<Problem> Findings(const CheckInput& in) { return testing::Findings(kCheck, in); }

TEST(NoisyScheduled, Table) {
  const Time day0 = Week("2026-11-23").from;
  const testing::CheckCase cases[] = {
      {"no history", [](HistoryBuilder&) {}, {}},
      {"every day at 02:00",
       [day0](HistoryBuilder& h) { h.Rule("A").StartingAt(day0 + 2h).Every(24h).Times(7); },
       {"A"}},
      {"3 days at 02:00 are below min_episodes",
       [day0](HistoryBuilder& h) { h.Rule("A").StartingAt(day0 + 2h).Every(24h).Times(3); },
       {}},
      {"3 of 4 at 02:00 is 75%",
       [day0](HistoryBuilder& h) {
         h.Rule("A").StartingAt(day0 + 2h).Every(24h).Times(3);
         h.Rule("A").Episode(day0 + 24h * 5 + 14h, 10min);
       },
       {"A"}},
      {"7 of 10 is exactly 70%",
       [day0](HistoryBuilder& h) {
         h.Rule("A").StartingAt(day0 + 2h).Every(24h).Times(7);
         h.Rule("A").StartingAt(day0 + 14h).Every(24h).Times(3);
       },
       {"A"}},
      {"6 of 10 is below",
       [day0](HistoryBuilder& h) {
         h.Rule("A").StartingAt(day0 + 2h).Every(24h).Times(6);
         h.Rule("A").StartingAt(day0 + 14h).Every(24h).Times(4);
       },
       {}},
      {"a burst on one day is not a schedule",
       [day0](HistoryBuilder& h) { h.Rule("A").StartingAt(day0 + 2h).Every(4min).Times(6); },
       {}},
      {"02:00 and 02:29 fall in one 30-min slot",
       [day0](HistoryBuilder& h) {
         h.Rule("A").StartingAt(day0 + 2h).Every(24h).Times(4);
         h.Rule("A").StartingAt(day0 + 2h + 29min).Every(24h).Times(4);
       },
       {"A"}},
      {"02:00 and 02:31 do not: half each",
       [day0](HistoryBuilder& h) {
         h.Rule("A").StartingAt(day0 + 2h).Every(24h).Times(4);
         h.Rule("A").StartingAt(day0 + 2h + 31min).Every(24h).Times(4);
       },
       {}},
      {"the slot wraps midnight: 23:50, 23:55, 00:05, 00:10",
       [day0](HistoryBuilder& h) {
         h.Rule("A").Episode(day0 + 23h + 50min, 5min);
         h.Rule("A").Episode(day0 + 48h + 5min, 5min);
         h.Rule("A").Episode(day0 + 48h + 23h + 55min, 5min);
         h.Rule("A").Episode(day0 + 96h + 10min, 5min);
       },
       {"A"}},
  };
  testing::ExpectTable({kCheck}, cases);
}

TEST(NoisyScheduled, SlotsAreInLocalTime) {
  HistoryBuilder h(Week("2026-11-23"));
  h.input().zone = Tokyo();
  h.Rule("A").StartingAt(Week("2026-11-23").from + 17h).Every(24h).Times(5);  // 02:00 JST
  std::vector<Problem> found = Findings(h.Build());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].summary, "5 of 5 episodes start at 02:00 Asia/Tokyo, on 5 days");
}

TEST(NoisyScheduled, AMuteAroundMidnightIsSplitInTwo) {
  const Time day0 = Week("2026-11-23").from;
  HistoryBuilder h(Week("2026-11-23"));
  h.Rule("A").StartingAt(day0 + 23h + 50min).Every(24h).For(30min).Times(4);
  std::vector<Problem> found = Findings(h.Build());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].fix.text, "mute it 23:50–00:30 UTC every day, or fix the job that runs then");
  const std::string& y = found[0].fix.yaml;
  EXPECT_NE(y.find("start_time: \"23:50\"\n            end_time: \"24:00\""), std::string::npos)
      << y;
  EXPECT_NE(y.find("start_time: \"00:00\"\n            end_time: \"00:30\""), std::string::npos)
      << y;
}

TEST(NoisyScheduled, TooLongToMuteOnlyFixTheJob) {
  const Time day0 = Week("2026-11-23").from;
  HistoryBuilder h(Week("2026-11-23"));
  h.Rule("A").StartingAt(day0 + 2h).Every(24h).For(5h).Times(4);
  std::vector<Problem> found = Findings(h.Build());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].fix.yaml, "");
  EXPECT_EQ(found[0].fix.text,
            "fix the job that runs at 02:00 UTC: its alerts last too long to mute (p90 5h)");
}

TEST(NoisyScheduled, RendersTheSlotAndAMuteTimeInterval) {
  const Time day0 = Week("2026-11-23").from;
  HistoryBuilder h(Week("2026-11-23"));
  h.input().zone = Tokyo();
  for (int d = 0; d < 7; ++d) {  // 02:03–02:20 JST, 12 minutes each
    h.Rule("NightlyExportSlow")
        .Episode(day0 + 24h * d + 17h + std::chrono::minutes(3 + 3 * (d % 6)), 12min);
  }
  h.Rule("NightlyExportSlow").Episode(day0 + 24h * 3 + 5h, 40min);  // 14:00 JST, once
  CheckReport report = testing::RunOnly(kCheck, h.Build());
  ASSERT_EQ(report.problems.size(), 1u);
  testing::ExpectGolden("checks/noisy_scheduled.json", testing::RenderProblems(report));
}

}  // namespace
}  // namespace nagame::rules
