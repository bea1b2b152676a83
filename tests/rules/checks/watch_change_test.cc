// watch/change: the median moving 25% either way, which way counts as worse, and failures.
#include <gtest/gtest.h>

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

// Two weeks of hourly samples around `before` (the previous window) then `after` (this one);
// every fifth sample is an outlier the median ignores.
WatchSeries TwoWeeks(double before, double after, std::optional<double> threshold = std::nullopt,
                     int per_week = 168) {
  const Window week = Week("2026-11-23");
  auto around = [](double m) {
    return [m](int i) { return i % 5 == 0 ? m * 10 : m * (1 + 0.01 * (i % 3 - 1)); };
  };
  WatchSeries w{"checkout p99", "histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m])))",
                threshold, Status::Ok(),
                Samples(week.Previous().from, 1h, per_week, around(before))};
  for (auto& point : Samples(week.from, 1h, per_week, around(after))) w.points.push_back(point);
  return w;
}

constexpr char kCheck[] = "watch/change";

// A history with one watch query: `series`.
std::function<void(HistoryBuilder&)> Watching(WatchSeries series) {
  return [series](HistoryBuilder& h) { h.input().watch.push_back(series); };
}

TEST(WatchChange, Table) {  // flagged: the severity of the one finding
  const testing::CheckCase cases[] = {
      {"halved: an improvement", Watching(TwoWeeks(420, 210)), {"info"}},
      {"up 43%: worse", Watching(TwoWeeks(420, 600)), {"warning"}},
      {"up 19%: not enough", Watching(TwoWeeks(420, 500)), {}},
      {"up exactly 25%", Watching(TwoWeeks(400, 500)), {"warning"}},
      {"down exactly 25%", Watching(TwoWeeks(400, 300)), {"info"}},
      {"down 24%", Watching(TwoWeeks(400, 304)), {}},
      {"lower is worse when it nears a threshold below",
       Watching(TwoWeeks(50, 30, /*threshold=*/10.0)),
       {"warning"}},
      {"higher is better when it leaves a threshold below",
       Watching(TwoWeeks(30, 50, 10.0)),
       {"info"}},
      {"higher_is_worse: false",
       Watching(TwoWeeks(420, 600)),
       {"info"},
       {{"higher_is_worse", false}}},
      {"min_change is configurable",
       Watching(TwoWeeks(420, 500)),
       {"warning"},
       {{"min_change", 0.1}}},
      {"from zero: any move is a change", Watching(TwoWeeks(0, 5)), {"warning"}},
      {"to zero: -100%", Watching(TwoWeeks(5, 0)), {"info"}},
      {"zero both weeks", Watching(TwoWeeks(0, 0)), {}},
      {"4 points a week are too few", Watching(TwoWeeks(420, 210, std::nullopt, 4)), {}},
  };
  testing::ExpectTable({kCheck, testing::SeverityOf}, cases);
}

TEST(WatchChange, FromZeroReportsTheAbsoluteMove) {
  HistoryBuilder h(Week("2026-11-23"));
  CheckInput in = h.Build();
  in.watch.push_back(TwoWeeks(0, 0.92));
  in.watch[0].name = "app 2.4 share";
  std::vector<Problem> found = testing::Findings(kCheck, in);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].summary, "app 2.4 share: 0 → 0.92 (from zero) vs the previous 7d — worse");
  EXPECT_TRUE(found[0].evidence["change"].is_null());
  EXPECT_EQ(found[0].evidence["absolute_change"], 0.92);
}

TEST(WatchChange, AFailedWatchQueryIsUnableToRun) {
  HistoryBuilder h(Week("2026-11-23"));
  CheckInput in = h.Build();
  in.watch.push_back(TwoWeeks(420, 210));
  in.watch[0].status = Unavailable("Prometheus: connection refused");
  CheckReport report = testing::RunOnly(kCheck, in);
  ASSERT_EQ(report.unable.size(), 1u);
  EXPECT_TRUE(report.problems.empty());
}

TEST(WatchChange, RendersEvidenceAndFix) {
  HistoryBuilder h(Week("2026-11-23"));
  CheckInput in = h.Build();
  in.watch.push_back(TwoWeeks(0.42, 0.21, 1.5));
  in.watch.push_back(TwoWeeks(0.02, 0.031));
  in.watch[1].name = "search error ratio";
  in.watch[1].query = "sum(rate(search_errors_total[5m])) / sum(rate(search_requests_total[5m]))";
  CheckReport report = testing::RunOnly(kCheck, in);
  ASSERT_EQ(report.problems.size(), 2u);
  testing::ExpectGolden("checks/watch_change.json", testing::RenderProblems(report));
}

}  // namespace
}  // namespace nagame::rules
