// stale/silence-matches-nothing: matcher semantics against recent alerts, the lookback before
// the silence began, and the age a silence needs before it is judged.
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

constexpr char kCheck[] = "stale/silence-matches-nothing";

TEST(StaleSilenceMatchesNothing, Table) {
  const Window week = Week("2026-11-23");
  const Time now = week.to;
  const Time ten_days_ago = now - 10 * 24h;
  const testing::CheckCase cases[] = {
      {"matches an alert from this week",
       [&](HistoryBuilder& h) {
         h.Rule("A").StartingAt(now - 2 * 24h).Times(1);
         h.Silence("s", {"alertname=A"}, ten_days_ago, now + 24h);
       },
       {}},
      {"matches no alert at all",
       [&](HistoryBuilder& h) {
         h.Rule("A").StartingAt(now - 2 * 24h).Times(1);
         h.Silence("s", {"alertname=Gone"}, ten_days_ago, now + 24h);
       },
       {"s"}},
      {"the alert it was made for fired in the 7 days before it began",
       [&](HistoryBuilder& h) {
         h.Rule("A").StartingAt(ten_days_ago - 5 * 24h).Times(1);
         h.Silence("s", {"alertname=A"}, ten_days_ago, now + 24h);
       },
       {}},
      {"the alert last fired 8 days before it began",
       [&](HistoryBuilder& h) {
         h.Rule("A").StartingAt(ten_days_ago - 8 * 24h).Times(1);
         h.Silence("s", {"alertname=A"}, ten_days_ago, now + 24h);
       },
       {"s"}},
      {"an alert still firing from long ago is seen",
       [&](HistoryBuilder& h) {
         h.Rule("A").OpenEpisode(now - 20 * 24h);
         h.Silence("s", {"alertname=A"}, ten_days_ago, now + 24h);
       },
       {}},
      {"younger than min_age (1d) is not judged",
       [&](HistoryBuilder& h) { h.Silence("s", {"alertname=Gone"}, now - 23h, now + 24h); },
       {}},
      {"exactly min_age old is judged",
       [&](HistoryBuilder& h) { h.Silence("s", {"alertname=Gone"}, now - 24h, now + 24h); },
       {"s"}},
      {"an expired silence is not judged",
       [&](HistoryBuilder& h) { h.Silence("s", {"alertname=Gone"}, ten_days_ago, now - 1h); },
       {}},
      {"regex matchers are full-anchored: host-.* matches host-0",
       [&](HistoryBuilder& h) {
         h.Rule("A").StartingAt(now - 24h).Times(1);
         h.Silence("s", {"alertname=A", "instance=~host-.*"}, ten_days_ago, now + 24h);
       },
       {}},
      {"regex matchers are full-anchored: host matches nothing",
       [&](HistoryBuilder& h) {
         h.Rule("A").StartingAt(now - 24h).Times(1);
         h.Silence("s", {"alertname=A", "instance=~host"}, ten_days_ago, now + 24h);
       },
       {"s"}},
      {"a negative matcher that excludes the only instance",
       [&](HistoryBuilder& h) {
         h.Rule("A").StartingAt(now - 24h).Times(1);
         h.Silence("s", {"alertname=A", "instance!=host-0"}, ten_days_ago, now + 24h);
       },
       {"s"}},
      {"a label the alert lacks equals the empty string",
       [&](HistoryBuilder& h) {
         h.Rule("A").StartingAt(now - 24h).Times(1);
         h.Silence("s", {"alertname=A", "team="}, ten_days_ago, now + 24h);
       },
       {}},
      {"a regex that cannot be evaluated is not called idle",
       [&](HistoryBuilder& h) {
         h.Rule("A").StartingAt(now - 24h).Times(1);
         h.Silence("s", {"instance=~host-(0"}, ten_days_ago, now + 24h);
       },
       {}},
  };
  testing::ExpectTable({kCheck, testing::EvidenceOf("id")}, cases);
}

TEST(StaleSilenceMatchesNothing, UnableToRunWithoutSilences) {
  HistoryBuilder h(Week("2026-11-23"));
  CheckReport report = testing::RunOnly(kCheck, h.Build());
  ASSERT_EQ(report.unable.size(), 1u);
  EXPECT_EQ(report.unable[0].reason, "Alertmanager silences unavailable: not configured");
}

TEST(StaleSilenceMatchesNothing, RendersEvidenceAndFix) {
  const Window week = Week("2026-11-23");
  HistoryBuilder h(week);
  h.Rule("HighCPU").Every(6h).OnInstances(3).Times(20);
  h.Rule("DiskFull").Every(24h).Times(5);
  h.Silence("b2f0d6c4-5e1a-4f7b-8c3d-9a0e1b2c3d4e", {"alertname=HighCPU", "instance=web-9"},
            week.to - 3 * 24h, week.to + 4 * 24h, "noisy during migration", "aki");
  CheckReport report = testing::RunOnly(kCheck, h.Build());
  ASSERT_EQ(report.problems.size(), 1u);
  testing::ExpectGolden("checks/stale_silence_matches_nothing.json",
                        testing::RenderProblems(report));
}

}  // namespace
}  // namespace nagame::rules
