// watch/anomaly: bursts beyond the previous weeks (restarts together for half an hour, a dip to
// zero), and what is not one (a daily cycle, a level shift, one odd point, a value the baseline
// already had), whether an alert fired in it, and failures.
#include <gtest/gtest.h>

#include <cmath>

#include "rules/check_runner.h"
#include "tests/support/check_harness.h"
#include "tests/support/golden.h"
#include "tests/support/history_builder.h"

namespace nagame::rules {
namespace {

using namespace std::chrono_literals;
using testing::HistoryBuilder;
using testing::Samples;
using testing::Week;

constexpr char kCheck[] = "watch/anomaly";
constexpr int kPerWeek = 7 * 24 * 6;  // 10-minute samples

// Four weeks of 10-minute samples ending with the review week: `value(i)` for sample i, where
// the review week's first sample is i = 0 and the baseline weeks' are negative.
WatchSeries FourWeeks(const std::function<double(int)>& value, int baseline_weeks = 3) {
  const Window week = Week("2026-11-23");
  const int n = kPerWeek * (baseline_weeks + 1);
  return {"pod restarts", "sum(increase(kube_pod_container_status_restarts_total[10m]))",
          std::nullopt, Status::Ok(),
          Samples(week.from - baseline_weeks * 7 * 24h, 10min, n,
                  [&](int i) { return value(i - kPerWeek * baseline_weeks); })};
}

// A restart now and then (at most 2 at once) — and, in the review week from sample `at`,
// `length` samples of `burst` restarts.
std::function<double(int)> Restarts(int at = -1, int length = 0, double burst = 30) {
  return [=](int i) {
    if (i >= at && i < at + length) return burst;
    if (i % 97 == 0) return 1.0;
    if (i % 389 == 0) return 2.0;
    return 0.0;
  };
}

// A daily cycle between about 80 and 120 with a little noise.
double Daily(int i) { return 100 + 20 * std::sin(i * 2 * M_PI / 144) + (i % 7) * 0.3; }

std::function<void(HistoryBuilder&)> Watching(WatchSeries series) {
  return [series](HistoryBuilder& h) { h.input().watch.push_back(series); };
}

TEST(WatchAnomaly, Table) {  // flagged: the severity of the one finding
  const testing::CheckCase cases[] = {
      {"restarts together for 30 minutes, nobody alerted",
       Watching(FourWeeks(Restarts(300, 3))),
       {"warning"}},
      {"the same burst while an alert fired",
       [](HistoryBuilder& h) {
         h.input().watch.push_back(FourWeeks(Restarts(300, 3)));
         h.Rule("KubePodCrashLooping")
             .StartingAt(h.input().window.from + 3010min)
             .For(20min)
             .Times(1);
       },
       {"info"}},
      {"an alert long before it is not in it",
       [](HistoryBuilder& h) {
         h.input().watch.push_back(FourWeeks(Restarts(300, 3)));
         h.Rule("KubePodCrashLooping").StartingAt(h.input().window.from + 10h).For(20min).Times(1);
       },
       {"warning"}},
      {"a dip below everything the weeks before had",
       Watching(FourWeeks([](int i) { return i >= 500 && i < 506 ? 0.0 : Daily(i); })),
       {"warning"}},
      {"a daily cycle is not a burst", Watching(FourWeeks(Daily)), {}},
      {"a level shift for days is not a burst (watch/change names it)",
       Watching(FourWeeks([](int i) { return i >= 144 ? 0.92 : 0.0; })),
       {}},
      {"a creeping series flickering across the baseline's edge is one long run",
       Watching(FourWeeks([](int i) {
         return 0.40 + (i > 0 ? 0.025 * i / 144 : 0.0) + 0.005 * std::sin(i * 12.9898);
       })),
       {}},
      {"bursts an hour apart are one (4 points, not 2 and 2)",
       Watching(FourWeeks([](int i) { return Restarts(300, 2)(i) + Restarts(307, 2)(i); })),
       {"warning"},
       {{"min_points", 3}}},
      {"bursts more than merge_gap apart are two",
       Watching(FourWeeks([](int i) { return Restarts(300, 2)(i) + Restarts(307, 2)(i); })),
       {},
       {{"min_points", 3}, {"merge_gap", "50m"}}},
      {"one odd point is too short", Watching(FourWeeks(Restarts(300, 1))), {}},
      {"min_points is configurable",
       Watching(FourWeeks(Restarts(300, 1))),
       {"warning"},
       {{"min_points", 1}}},
      {"2 restarts at once: the baseline had that", Watching(FourWeeks(Restarts(300, 3, 2))), {}},
      {"7 hours is longer than max_duration", Watching(FourWeeks(Restarts(300, 42))), {}},
      {"max_duration is configurable",
       Watching(FourWeeks(Restarts(300, 42))),
       {"warning"},
       {{"max_duration", "8h"}}},
      {"still going at the end of the window",
       Watching(FourWeeks(Restarts(kPerWeek - 2, 2))),
       {"warning"}},
      {"a week of baseline is enough", Watching(FourWeeks(Restarts(300, 3), 1)), {"warning"}},
      {"no baseline: nothing to compare with", Watching(FourWeeks(Restarts(300, 3), 0)), {}},
  };
  testing::ExpectTable({kCheck, testing::SeverityOf}, cases);
}

TEST(WatchAnomaly, NamesWhenHowFarAndTheStrongestBurstFirst) {
  HistoryBuilder h(Week("2026-11-23"));
  CheckInput in = h.Build();
  // 30 restarts from sample 300 (Wed 2026-11-25 02:00 UTC), 12 from sample 700.
  in.watch.push_back(FourWeeks([](int i) {
    if (i >= 700 && i < 703) return 12.0;
    return Restarts(300, 3)(i);
  }));
  CheckReport report = testing::RunOnly(kCheck, in);
  ASSERT_EQ(report.problems.size(), 1u);
  const Problem& p = report.problems[0];
  EXPECT_EQ(p.summary,
            "\"pod restarts\": burst 2026-11-25 02:00–02:30 (30m), peak 30 vs a usual 0 (at most "
            "2 in the 21d before), no alert fired in it; 1 more");
  ASSERT_EQ(p.evidence["bursts"].size(), 2u);
  EXPECT_EQ(p.evidence["bursts"][1]["peak"], 12.0);
  EXPECT_EQ(p.evidence["how_far"], "the baseline never moved");
  testing::ExpectGolden("checks/watch_anomaly.json", testing::RenderProblems(report));
}

TEST(WatchAnomaly, AFailedWatchQueryIsUnableToRun) {
  HistoryBuilder h(Week("2026-11-23"));
  CheckInput in = h.Build();
  in.watch.push_back(FourWeeks(Restarts(300, 3)));
  in.watch[0].status = Unavailable("Prometheus: connection refused");
  CheckReport report = testing::RunOnly(kCheck, in);
  ASSERT_EQ(report.unable.size(), 1u);
  EXPECT_TRUE(report.problems.empty());
}

}  // namespace
}  // namespace nagame::rules
