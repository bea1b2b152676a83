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

TEST(MissingTrend, Table) {
  struct Case {
    const char* name;
    WatchSeries series;
    nlohmann::json options;
    bool flagged;
  };
  const Case cases[] = {
      {"rising, crosses in about a week", Hourly([](int i) { return 0.5 + 0.0015 * i; }), {}, true},
      {"rising, crosses 13.5 days after the last point",
       Hourly([](int i) { return 0.5 + 0.5 / 491 * i; }),
       {},
       true},
      {"rising, crosses 14.5 days after the last point",
       Hourly([](int i) { return 0.5 + 0.5 / 515 * i; }),
       {},
       false},
      {"a longer horizon reaches it",
       Hourly([](int i) { return 0.5 + 0.5 / 515 * i; }),
       {{"horizon", "15d"}},
       true},
      {"already crossed inside the window",
       Hourly([](int i) { return 0.5 + 0.005 * i; }),
       {},
       true},
      {"falling towards a floor", Hourly([](int i) { return 100 - 0.2 * i; }, 50.0), {}, true},
      {"moving away from the threshold",
       Hourly([](int i) { return 0.5 + 0.0015 * i; }, 0.1),
       {},
       false},
      {"flat with spikes: the robust slope is zero",
       Hourly([](int i) { return i % 40 == 7 ? 5.0 : 0.5; }),
       {},
       false},
      {"no threshold", Hourly([](int i) { return 0.5 + 0.005 * i; }, std::nullopt), {}, false},
      {"9 points are too few", Hourly([](int i) { return 0.5 + 0.1 * i; }, 1.0, 9), {}, false},
      {"min_points is configurable",
       Hourly([](int i) { return 0.5 + 0.1 * i; }, 1.0, 9),
       {{"min_points", 5}},
       true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    HistoryBuilder h(Week("2026-11-23"));
    CheckInput in = h.Build();
    in.watch.push_back(c.series);
    CheckReport report = testing::RunOnly("missing/trend", in, c.options);
    EXPECT_TRUE(report.unable.empty());
    EXPECT_EQ(report.problems.size(), c.flagged ? 1u : 0u);
  }
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

  CheckReport quiet = testing::RunOnly("missing/trend", in);
  ASSERT_EQ(quiet.problems.size(), 1u);  // the linked rule did not fire
  EXPECT_EQ(quiet.problems[0].evidence["linked_rules"], nlohmann::json({"SearchErrors"}));

  HistoryBuilder fired(Week("2026-11-23"));
  fired.input() = in;
  fired.Rule("SearchErrors").StartingAt(in.window.from + 100h).Times(1);
  EXPECT_TRUE(testing::RunOnly("missing/trend", fired.Build()).problems.empty());
}

TEST(MissingTrend, AFailedWatchQueryIsUnableToRun) {
  HistoryBuilder h(Week("2026-11-23"));
  CheckInput in = h.Build();
  in.watch.push_back(Hourly([](int i) { return 0.5 + 0.0015 * i; }));
  in.watch[0].status = InvalidArgument("bad_data: 1:5: parse error");
  CheckReport report = testing::RunOnly("missing/trend", in);
  ASSERT_EQ(report.unable.size(), 1u);
  EXPECT_EQ(report.unable[0].reason,
            "watch query \"search error ratio\": invalid_argument: bad_data: 1:5: parse error");
}

TEST(MissingTrend, RendersEvidenceAndFix) {
  HistoryBuilder h(Week("2026-11-23"));
  CheckInput in = h.Build();
  in.rules_availability.status = Status::Ok();
  in.watch.push_back(Hourly([](int i) { return 0.6 + 0.0012 * i + (i % 24 == 3 ? 0.3 : 0.0); }));
  CheckReport report = testing::RunOnly("missing/trend", in);
  ASSERT_EQ(report.problems.size(), 1u);
  testing::ExpectGolden("checks/missing_trend.json", testing::RenderProblems(report));
}

}  // namespace
}  // namespace nagame::rules
