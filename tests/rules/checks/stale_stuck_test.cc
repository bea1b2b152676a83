// stale/stuck: one instance firing without a break for 7 days, at the edge, open or resolved.
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

constexpr char kCheck[] = "stale/stuck";

TEST(StaleStuck, Table) {
  const Window week = Week("2026-11-23");
  const Time now = week.to;
  const testing::CheckCase cases[] = {
      {"open for 9 days",
       [&](HistoryBuilder& h) { h.Rule("A").OpenEpisode(now - 9 * 24h); },
       {"A"}},
      {"open for exactly 7 days",
       [&](HistoryBuilder& h) { h.Rule("A").OpenEpisode(now - 7 * 24h); },
       {"A"}},
      {"open for 7 days minus a minute",
       [&](HistoryBuilder& h) { h.Rule("A").OpenEpisode(now - 7 * 24h + 1min); },
       {}},
      {"resolved in the window after 8 days",
       [&](HistoryBuilder& h) { h.Rule("A").Episode(week.from - 5 * 24h, 8 * 24h); },
       {"A"}},
      {"resolved before the window after 8 days",
       [&](HistoryBuilder& h) { h.Rule("A").Episode(week.from - 10 * 24h, 8 * 24h); },
       {}},
      {"many short episodes are not one continuous firing",
       [](HistoryBuilder& h) { h.Rule("A").Every(1h).For(59min).Times(7 * 24); },
       {}},
      {"min_duration is configurable",
       [&](HistoryBuilder& h) { h.Rule("A").OpenEpisode(now - 3 * 24h); },
       {"A"},
       {{"min_duration", "2d"}}},
  };
  testing::ExpectTable({kCheck}, cases);
}

TEST(StaleStuck, AnAckedEpisodeIsNotCalledUnacked) {
  const Window week = Week("2026-11-23");
  HistoryBuilder h(week);
  h.Rule("DiskWillFillIn4h").OpenEpisode(week.to - 9 * 24h, "nfs-1");
  CheckInput in = h.Build();
  in.acks.push_back({1, "", "DiskWillFillIn4h", in.episodes[0].id, "mori", "", week.from});
  CheckReport report = testing::RunOnly(kCheck, in);
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0].summary, "nfs-1 firing for 9d (still firing)");
}

TEST(StaleStuck, RendersEvidenceAndFix) {
  const Window week = Week("2026-11-23");
  HistoryBuilder h(week);
  h.Rule("DiskWillFillIn4h").OpenEpisode(week.to - 9 * 24h - 5h, "nfs-1");
  h.Rule("DiskWillFillIn4h").Episode(week.from - 2 * 24h, 7 * 24h + 3h, "nfs-2");
  h.Rule("DiskWillFillIn4h").Episode(week.from, 2h, "nfs-3");  // short: not stuck
  CheckReport report = testing::RunOnly(kCheck, h.Build());
  ASSERT_EQ(report.problems.size(), 1u);
  testing::ExpectGolden("checks/stale_stuck.json", testing::RenderProblems(report));
}

}  // namespace
}  // namespace nagame::rules
