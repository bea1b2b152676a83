// stale/long-silence: silences active for 30 days, at the edge, and the expire command.
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

constexpr char kCheck[] = "stale/long-silence";

TEST(StaleLongSilence, Table) {  // flagged: silence ids
  const Time now = Week("2026-11-23").to;
  const testing::CheckCase cases[] = {
      {"active 45 days",
       [&](HistoryBuilder& h) { h.Silence("s1", {"alertname=A"}, now - 45 * 24h, now + 24h); },
       {"s1"}},
      {"active exactly 30 days",
       [&](HistoryBuilder& h) { h.Silence("s1", {"alertname=A"}, now - 30 * 24h, now + 24h); },
       {"s1"}},
      {"active 29 days",
       [&](HistoryBuilder& h) { h.Silence("s1", {"alertname=A"}, now - 29 * 24h, now + 24h); },
       {}},
      {"expired after 60 days",
       [&](HistoryBuilder& h) { h.Silence("s1", {"alertname=A"}, now - 60 * 24h, now - 1h); },
       {}},
      {"ends exactly now: no longer active",
       [&](HistoryBuilder& h) { h.Silence("s1", {"alertname=A"}, now - 60 * 24h, now); },
       {}},
      {"min_active is configurable",
       [&](HistoryBuilder& h) { h.Silence("s1", {"alertname=A"}, now - 8 * 24h, now + 24h); },
       {"s1"},
       {{"min_active", "7d"}}},
  };
  testing::ExpectTable({kCheck, testing::EvidenceOf("id")}, cases);
}

TEST(StaleLongSilence, UnableToRunWithoutSilences) {
  HistoryBuilder h(Week("2026-11-23"));
  CheckInput in = h.Build();
  in.silences_availability.status = Unavailable("GET /api/v2/silences: connection refused");
  CheckReport report = testing::RunOnly(kCheck, in);
  ASSERT_EQ(report.unable.size(), 1u);
  EXPECT_EQ(report.unable[0].reason,
            "Alertmanager silences unavailable: GET /api/v2/silences: connection refused");
}

TEST(StaleLongSilence, RendersEvidenceAndFix) {
  const Time now = Week("2026-11-23").to;
  HistoryBuilder h(Week("2026-11-23"));
  h.Silence("6f1c2a9e-0d43-4c8b-9a57-3f1e2d4c5b6a",
            {"alertname=CephOSDFlapping", "cluster=~ceph-(a|b)"}, now - 45 * 24h, now + 320 * 24h,
            "ceph migration", "mori");
  CheckReport report = testing::RunOnly(kCheck, h.Build());
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0].rule, "CephOSDFlapping");
  testing::ExpectGolden("checks/stale_long_silence.json", testing::RenderProblems(report));
}

}  // namespace
}  // namespace nagame::rules
