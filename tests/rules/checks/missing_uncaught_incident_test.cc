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

constexpr char kCheck[] = "missing/uncaught-incident";

// Incident 7 on service "checkout", started 50 h into the week, after `alerts` (given its
// start) were added.
std::function<void(HistoryBuilder&)> Incident(std::function<void(HistoryBuilder&, Time)> alerts) {
  return [alerts](HistoryBuilder& h) {
    const Time started = h.input().window.from + 50h;
    alerts(h, started);
    h.input().incidents.push_back({7, "checkout", "checkout slow", "mori", started, std::nullopt});
  };
}

TEST(MissingUncaughtIncident, Table) {
  const std::vector<std::string> kUncaught = {"7"};  // the incident's id
  const testing::CheckCase cases[] = {
      {"no alerts at all", Incident([](HistoryBuilder&, Time) {}), kUncaught},
      {"an alert for the service 30 min before",
       Incident([](HistoryBuilder& h, Time t) {
         h.Rule("A").Label("service", "checkout").StartingAt(t - 30min).Times(1);
       }),
       {}},
      {"an alert that resolved exactly 60 min before",
       Incident([](HistoryBuilder& h, Time t) {
         h.Rule("A").Label("service", "checkout").Episode(t - 90min, 30min);
       }),
       {}},
      {"an alert that resolved 61 min before", Incident([](HistoryBuilder& h, Time t) {
         h.Rule("A").Label("service", "checkout").Episode(t - 91min, 30min);
       }),
       kUncaught},
      {"an alert firing since yesterday",
       Incident([](HistoryBuilder& h, Time t) {
         h.Rule("A").Label("job", "checkout").OpenEpisode(t - 24h);
       }),
       {}},
      {"an alert only after it started is late, not caught",
       Incident([](HistoryBuilder& h, Time t) {
         h.Rule("A").Label("service", "checkout").StartingAt(t + 5min).Times(1);
       }),
       kUncaught},
      {"an alert for another service", Incident([](HistoryBuilder& h, Time t) {
         h.Rule("A").Label("service", "search").StartingAt(t - 10min).Times(1);
       }),
       kUncaught},
      {"service names compare case-insensitively",
       Incident([](HistoryBuilder& h, Time t) {
         h.Rule("A").Label("app", "Checkout").StartingAt(t - 10min).Times(1);
       }),
       {}},
      {"namespace counts by default",
       Incident([](HistoryBuilder& h, Time t) {
         h.Rule("A").Label("namespace", "checkout").StartingAt(t - 10min).Times(1);
       }),
       {}},
      {"service_labels is configurable",
       Incident([](HistoryBuilder& h, Time t) {
         h.Rule("A").Label("namespace", "checkout").StartingAt(t - 10min).Times(1);
       }),
       kUncaught,
       {{"service_labels", {"service"}}}},
      {"lookback is configurable",
       Incident([](HistoryBuilder& h, Time t) {
         h.Rule("A").Label("service", "checkout").Episode(t - 3h, 1min);
       }),
       {},
       {{"lookback", "4h"}}},
  };
  testing::ExpectTable({kCheck, testing::EvidenceOf("incident_id")}, cases);
}

TEST(MissingUncaughtIncident, ALinkedEpisodeCountsWhateverItsLabels) {
  const Window week = Week("2026-11-23");
  const Time started = week.from + 50h;
  HistoryBuilder h(week);
  h.Rule("LatencyHigh").StartingAt(started - 5min).Times(1);
  CheckInput in = h.Build();
  in.incidents.push_back({7, "checkout", "checkout slow", "mori", started, in.episodes[0].id});
  EXPECT_TRUE(testing::RunOnly(kCheck, in).problems.empty());
  in.incidents[0].episode_id.reset();
  EXPECT_EQ(testing::RunOnly(kCheck, in).problems.size(), 1u);
}

TEST(MissingUncaughtIncident, OnlyIncidentsInTheWindowWithAService) {
  const Window week = Week("2026-11-23");
  HistoryBuilder h(week);
  CheckInput in = h.Build();
  in.incidents.push_back({1, "checkout", "last week", "", week.from - 1h, std::nullopt});
  in.incidents.push_back({2, "", "no service", "", week.from + 1h, std::nullopt});
  EXPECT_TRUE(testing::RunOnly(kCheck, in).problems.empty());
}

TEST(MissingUncaughtIncident, RendersEvidenceAndFix) {
  const Window week = Week("2026-11-23");
  const Time started = week.from + 62h + 10min;
  HistoryBuilder h(week);
  h.Rule("CheckoutErrors").Label("service", "checkout").StartingAt(started + 25min).Times(1);
  h.Rule("CheckoutErrors").Label("service", "checkout").StartingAt(started - 5h).Times(1);
  CheckInput in = h.Build();
  in.incidents.push_back({12, "checkout", "checkout slow", "mori", started, std::nullopt});
  CheckReport report = testing::RunOnly(kCheck, in);
  ASSERT_EQ(report.problems.size(), 1u);
  testing::ExpectGolden("checks/missing_uncaught_incident.json", testing::RenderProblems(report));
}

}  // namespace
}  // namespace nagame::rules
