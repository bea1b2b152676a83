// missing/trend: robust trends that reach the threshold within the horizon, the link to rules
// that alert on the same metrics, and watch queries that failed.
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

const char* kQuery = "sum(rate(search_errors_total[5m])) / sum(rate(search_requests_total[5m]))";

// Hourly samples over the review week (168 points, the last at hour 167).
WatchSeries Hourly(std::function<double(int)> value, std::optional<double> threshold = 1.0,
                   int n = 168) {
  return {"search error ratio", kQuery, threshold, Status::Ok(),
          Samples(Week("2026-11-23").from, 1h, n, value)};
}

// `w` with configured bounds.
WatchSeries Bounded(WatchSeries w, std::optional<double> min, std::optional<double> max) {
  w.min = min;
  w.max = max;
  return w;
}

// A version's share of pods: 0 until hour 24, rolled out by hour 72, then flat at 0.92.
double RollOut(int i) { return i < 24 ? 0.0 : i < 72 ? 0.92 * (i - 24) / 48 : 0.92; }

constexpr char kCheck[] = "missing/trend";

// A history with one watch query: `series`.
std::function<void(HistoryBuilder&)> Watching(WatchSeries series) {
  return [series](HistoryBuilder& h) { h.input().watch.push_back(series); };
}

TEST(MissingTrend, Table) {
  const std::vector<std::string> kFlagged = {"search error ratio"};
  const testing::CheckCase cases[] = {
      {"rising, crosses in about a week", Watching(Hourly([](int i) { return 0.5 + 0.0015 * i; })),
       kFlagged},
      {"rising, crosses 13.5 days after the last point",
       Watching(Hourly([](int i) { return 0.5 + 0.5 / 491 * i; })), kFlagged},
      {"rising, crosses 14.5 days after the last point",
       Watching(Hourly([](int i) { return 0.5 + 0.5 / 515 * i; })),
       {}},
      {"a longer horizon reaches it",
       Watching(Hourly([](int i) { return 0.5 + 0.5 / 515 * i; })),
       kFlagged,
       {{"horizon", "15d"}}},
      {"already crossed inside the window", Watching(Hourly([](int i) { return 0.5 + 0.005 * i; })),
       kFlagged},
      {"falling towards a floor", Watching(Hourly([](int i) { return 100 - 0.2 * i; }, 50.0)),
       kFlagged},
      {"moving away from the threshold",
       Watching(Hourly([](int i) { return 0.5 + 0.0015 * i; }, 0.1)),
       {}},
      {"flat with spikes: the robust slope is zero",
       Watching(Hourly([](int i) { return i % 40 == 7 ? 5.0 : 0.5; })),
       {}},
      {"a roll-out that levelled off is not heading anywhere", Watching(Hourly(RollOut, 1.5)), {}},
      {"rising over the week but flat over its last quarter",
       Watching(
           Hourly([](int i) { return i < 126 ? 0.5 + 0.004 * i : 1.0 + (i % 2) * 0.001; }, 1.2)),
       {}},
      {"still rising at half the rate", Watching(Hourly([](int i) {
         return i < 126 ? 0.5 + 0.002 * i : 0.752 + 0.0012 * (i - 126);
       })),
       kFlagged},
      {"the last samples repeated (a late scrape) do not hide a trend",
       Watching(Hourly([](int i) { return 0.5 + 0.0015 * std::min(i, 160); })), kFlagged},
      {"ten points at the window's end, the last four repeated: the recent part is by time",
       [](HistoryBuilder& h) {
         h.input().watch.push_back({"search error ratio", kQuery, 1.0, Status::Ok(),
                                    Samples(Week("2026-11-23").from + 158h, 1h, 10,
                                            [](int i) { return 0.5 + 0.02 * std::min(i, 5); })});
       },
       kFlagged,
       {{"min_points", 5}}},
      {"a share rising towards 1.2", Watching(Hourly([](int i) { return 0.5 + 0.002 * i; }, 1.2)),
       kFlagged},
      {"a share (max 1) never reaches 1.2",
       Watching(Bounded(Hourly([](int i) { return 0.5 + 0.002 * i; }, 1.2), 0.0, 1.0)),
       {}},
      {"min bounds a falling series",
       Watching(Bounded(Hourly([](int i) { return 100 - 0.2 * i; }, 50.0), 60.0, std::nullopt)),
       {}},
      {"no threshold", Watching(Hourly([](int i) { return 0.5 + 0.005 * i; }, std::nullopt)), {}},
      {"9 points are too few", Watching(Hourly([](int i) { return 0.5 + 0.1 * i; }, 1.0, 9)), {}},
      {"min_points is configurable",
       Watching(Hourly([](int i) { return 0.5 + 0.1 * i; }, 1.0, 9)),
       kFlagged,
       {{"min_points", 5}}},
  };
  testing::ExpectTable({kCheck, testing::EvidenceOf("watch")}, cases);
}

TEST(MissingTrend, AnAlertOnTheSameMetricsThatFiredMeansItWasCaught) {
  HistoryBuilder h(Week("2026-11-23"));
  // Selects both metrics of the query, written differently.
  h.Rule("SearchErrors")
      .Defined(
          "sum(rate(search_errors_total{env=\"prod\"}[10m]))\n  / "
          "sum(rate(search_requests_total[10m])) > 0.9");
  h.Rule("Unrelated").Defined("up == 0").Every(1h).Times(3);
  CheckInput in = h.Build();
  in.watch.push_back(Hourly([](int i) { return 0.5 + 0.0015 * i; }));

  CheckReport quiet = testing::RunOnly(kCheck, in);
  ASSERT_EQ(quiet.problems.size(), 1u);  // the linked rule did not fire
  EXPECT_EQ(quiet.problems[0].evidence["linked_rules"], nlohmann::json({"SearchErrors"}));

  HistoryBuilder fired(Week("2026-11-23"));
  fired.input() = in;
  fired.Rule("SearchErrors").StartingAt(in.window.from + 100h).Times(1);
  EXPECT_TRUE(testing::RunOnly(kCheck, fired.Build()).problems.empty());
}

TEST(MissingTrend, TheSummaryPrintsWhatWasObservedAndTheFitIsEvidence) {
  HistoryBuilder h(Week("2026-11-23"));
  CheckInput in = h.Build();
  // Rising by 0.0015 an hour; the last point is a low outlier the fit ignores.
  in.watch.push_back(Hourly([](int i) { return i == 167 ? 0.6 : 0.5 + 0.0015 * i; }));
  std::vector<Problem> found = testing::Findings(kCheck, in);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].summary.find("(now 0.6)"), std::string::npos) << found[0].summary;
  EXPECT_EQ(found[0].evidence["last_value"], 0.6);
  EXPECT_NEAR(found[0].evidence["fitted_now"].get<double>(), 0.5 + 0.0015 * 167, 1e-6);
}

TEST(MissingTrend, AFailedWatchQueryIsUnableToRun) {
  HistoryBuilder h(Week("2026-11-23"));
  CheckInput in = h.Build();
  in.watch.push_back(Hourly([](int i) { return 0.5 + 0.0015 * i; }));
  in.watch[0].status = InvalidArgument("bad_data: 1:5: parse error");
  CheckReport report = testing::RunOnly(kCheck, in);
  ASSERT_EQ(report.unable.size(), 1u);
  EXPECT_EQ(report.unable[0].reason,
            "watch query \"search error ratio\": invalid_argument: bad_data: 1:5: parse error");
}

TEST(MissingTrend, RendersEvidenceAndFix) {
  HistoryBuilder h(Week("2026-11-23"));
  CheckInput in = h.Build();
  in.rules_availability.status = Status::Ok();
  in.watch.push_back(Hourly([](int i) { return 0.6 + 0.0012 * i + (i % 24 == 3 ? 0.3 : 0.0); }));
  CheckReport report = testing::RunOnly(kCheck, in);
  ASSERT_EQ(report.problems.size(), 1u);
  testing::ExpectGolden("checks/missing_trend.json", testing::RenderProblems(report));
}

}  // namespace
}  // namespace nagame::rules
