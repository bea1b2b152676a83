// missing/uncaught-incident: which alerts count as "for the service" and "in the hour before".
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

TEST(MissingUncaughtIncident, Table) {
  struct Case {
    const char* name;
    std::function<void(HistoryBuilder&, Time)> history;  // gets the incident's start
    nlohmann::json options;
    bool flagged;
  };
  const Case cases[] = {
      {"no alerts at all", [](HistoryBuilder&, Time) {}, {}, true},
      {"an alert for the service 30 min before",
       [](HistoryBuilder& h, Time t) {
         h.Rule("A").Label("service", "checkout").StartingAt(t - 30min).Times(1);
       },
       {},
       false},
      {"an alert that resolved exactly 60 min before",
       [](HistoryBuilder& h, Time t) {
         h.Rule("A").Label("service", "checkout").Episode(t - 90min, 30min);
       },
       {},
       false},
      {"an alert that resolved 61 min before",
       [](HistoryBuilder& h, Time t) {
         h.Rule("A").Label("service", "checkout").Episode(t - 91min, 30min);
       },
       {},
       true},
      {"an alert firing since yesterday",
       [](HistoryBuilder& h, Time t) { h.Rule("A").Label("job", "checkout").OpenEpisode(t - 24h); },
       {},
       false},
      {"an alert only after it started is late, not caught",
       [](HistoryBuilder& h, Time t) {
         h.Rule("A").Label("service", "checkout").StartingAt(t + 5min).Times(1);
       },
       {},
       true},
      {"an alert for another service",
       [](HistoryBuilder& h, Time t) {
         h.Rule("A").Label("service", "search").StartingAt(t - 10min).Times(1);
       },
       {},
       true},
      {"service names compare case-insensitively",
       [](HistoryBuilder& h, Time t) {
         h.Rule("A").Label("app", "Checkout").StartingAt(t - 10min).Times(1);
       },
       {},
       false},
      {"namespace counts by default",
       [](HistoryBuilder& h, Time t) {
         h.Rule("A").Label("namespace", "checkout").StartingAt(t - 10min).Times(1);
       },
       {},
       false},
      {"service_labels is configurable",
       [](HistoryBuilder& h, Time t) {
         h.Rule("A").Label("namespace", "checkout").StartingAt(t - 10min).Times(1);
       },
       {{"service_labels", {"service"}}},
       true},
      {"lookback is configurable",
       [](HistoryBuilder& h, Time t) {
         h.Rule("A").Label("service", "checkout").Episode(t - 3h, 1min);
       },
       {{"lookback", "4h"}},
       false},
  };
  const Window week = Week("2026-11-23");
  const Time started = week.from + 50h;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    HistoryBuilder h(week);
    c.history(h, started);
    CheckInput in = h.Build();
    in.incidents.push_back({7, "checkout", "checkout slow", "mori", started, std::nullopt});
    CheckReport report = testing::RunOnly("missing/uncaught-incident", in, c.options);
    EXPECT_TRUE(report.unable.empty());
    EXPECT_EQ(report.problems.size(), c.flagged ? 1u : 0u);
  }
}

TEST(MissingUncaughtIncident, ALinkedEpisodeCountsWhateverItsLabels) {
  const Window week = Week("2026-11-23");
  const Time started = week.from + 50h;
  HistoryBuilder h(week);
  h.Rule("LatencyHigh").StartingAt(started - 5min).Times(1);
  CheckInput in = h.Build();
  in.incidents.push_back({7, "checkout", "checkout slow", "mori", started, in.episodes[0].id});
  EXPECT_TRUE(testing::RunOnly("missing/uncaught-incident", in).problems.empty());
  in.incidents[0].episode_id.reset();
  EXPECT_EQ(testing::RunOnly("missing/uncaught-incident", in).problems.size(), 1u);
}

TEST(MissingUncaughtIncident, OnlyIncidentsInTheWindowWithAService) {
  const Window week = Week("2026-11-23");
  HistoryBuilder h(week);
  CheckInput in = h.Build();
  in.incidents.push_back({1, "checkout", "last week", "", week.from - 1h, std::nullopt});
  in.incidents.push_back({2, "", "no service", "", week.from + 1h, std::nullopt});
  EXPECT_TRUE(testing::RunOnly("missing/uncaught-incident", in).problems.empty());
}

TEST(MissingUncaughtIncident, RendersEvidenceAndFix) {
  const Window week = Week("2026-11-23");
  const Time started = week.from + 62h + 10min;
  HistoryBuilder h(week);
  h.Rule("CheckoutErrors").Label("service", "checkout").StartingAt(started + 25min).Times(1);
  h.Rule("CheckoutErrors").Label("service", "checkout").StartingAt(started - 5h).Times(1);
  CheckInput in = h.Build();
  in.incidents.push_back({12, "checkout", "checkout slow", "mori", started, std::nullopt});
  CheckReport report = testing::RunOnly("missing/uncaught-incident", in);
  ASSERT_EQ(report.problems.size(), 1u);
  testing::ExpectGolden("checks/missing_uncaught_incident.json", testing::RenderProblems(report));
}

}  // namespace
}  // namespace nagame::rules
