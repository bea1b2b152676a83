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

std::vector<std::string> SilenceIds(const CheckReport& report) {
  std::vector<std::string> out;
  for (const Problem& p : report.problems) out.push_back(p.evidence["id"]);
  return out;
}

TEST(StaleLongSilence, Table) {
  struct Case {
    const char* name;
    std::function<void(HistoryBuilder&)> history;
    nlohmann::json options;
    std::vector<std::string> flagged;  // silence ids
  };
  const Time now = Week("2026-11-23").to;
  const Case cases[] = {
      {"active 45 days",
       [&](HistoryBuilder& h) { h.Silence("s1", {"alertname=A"}, now - 45 * 24h, now + 24h); },
       {},
       {"s1"}},
      {"active exactly 30 days",
       [&](HistoryBuilder& h) { h.Silence("s1", {"alertname=A"}, now - 30 * 24h, now + 24h); },
       {},
       {"s1"}},
      {"active 29 days",
       [&](HistoryBuilder& h) { h.Silence("s1", {"alertname=A"}, now - 29 * 24h, now + 24h); },
       {},
       {}},
      {"expired after 60 days",
       [&](HistoryBuilder& h) { h.Silence("s1", {"alertname=A"}, now - 60 * 24h, now - 1h); },
       {},
       {}},
      {"ends exactly now: no longer active",
       [&](HistoryBuilder& h) { h.Silence("s1", {"alertname=A"}, now - 60 * 24h, now); },
       {},
       {}},
      {"min_active is configurable",
       [&](HistoryBuilder& h) { h.Silence("s1", {"alertname=A"}, now - 8 * 24h, now + 24h); },
       {{"min_active", "7d"}},
       {"s1"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    HistoryBuilder h(Week("2026-11-23"));
    c.history(h);
    CheckReport report = testing::RunOnly("stale/long-silence", h.Build(), c.options);
    EXPECT_TRUE(report.unable.empty());
    EXPECT_EQ(SilenceIds(report), c.flagged);
  }
}

TEST(StaleLongSilence, UnableToRunWithoutSilences) {
  HistoryBuilder h(Week("2026-11-23"));
  CheckInput in = h.Build();
  in.silences_availability.status = Unavailable("GET /api/v2/silences: connection refused");
  CheckReport report = testing::RunOnly("stale/long-silence", in);
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
  CheckReport report = testing::RunOnly("stale/long-silence", h.Build());
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0].rule, "CephOSDFlapping");
  testing::ExpectGolden("checks/stale_long_silence.json", testing::RenderProblems(report));
}

}  // namespace
}  // namespace nagame::rules
