// stale/silence-no-owner: what counts as a ticket or a reason in a silence comment.
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

TEST(StaleSilenceNoOwner, Table) {
  struct Case {
    const char* comment;
    bool flagged;
    nlohmann::json options = nlohmann::json::object();
  };
  const Case cases[] = {
      {"", true},
      {"tmp", true},
      {"silence test", true},
      {"silencing noisy alert for now", true},
      {"silence HighCPU on web-1", true},  // says only what the matchers say
      {"OPS-1234", false},
      {"ops-1234", true},  // lower case is not a ticket key (and two words are too few)
      {"https://tickets.example.com/browse/X", false},
      {"waiting for vendor", true},       // "for" is boilerplate: 2 words
      {"waiting for vendor fix", false},  // exactly 3 words
      {"vendor firmware bug", false},
      {"vendor firmware", true},                // 2 words
      {"DBメンテナンスのため一時停止", false},  // Japanese: one word per two characters
      {"テスト", true},
      {"needs vendor firmware", true, {{"min_words", 4}}},
      {"INC#77 disk swap", false, {{"ticket_pattern", "INC#[0-9]+"}}},
  };
  const Time now = Week("2026-11-23").to;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.comment);
    HistoryBuilder h(Week("2026-11-23"));
    h.Silence("s", {"alertname=HighCPU", "instance=web-1"}, now - 24h, now + 24h, c.comment);
    CheckReport report = testing::RunOnly("stale/silence-no-owner", h.Build(), c.options);
    EXPECT_TRUE(report.unable.empty());
    EXPECT_EQ(report.problems.size(), c.flagged ? 1u : 0u);
  }
}

TEST(StaleSilenceNoOwner, OnlyActiveSilencesAreJudged) {
  const Time now = Week("2026-11-23").to;
  HistoryBuilder h(Week("2026-11-23"));
  h.Silence("expired", {"alertname=A"}, now - 48h, now - 24h, "tmp");
  h.Silence("pending", {"alertname=A"}, now + 24h, now + 48h, "tmp");
  EXPECT_TRUE(testing::RunOnly("stale/silence-no-owner", h.Build()).problems.empty());
}

TEST(StaleSilenceNoOwner, AnInvalidTicketPatternIsUnableToRun) {
  HistoryBuilder h(Week("2026-11-23"));
  h.Silence("s", {"alertname=A"}, h.input().now - 1h, h.input().now + 1h, "tmp");
  CheckReport report =
      testing::RunOnly("stale/silence-no-owner", h.Build(), {{"ticket_pattern", "(OPS"}});
  ASSERT_EQ(report.unable.size(), 1u);
  EXPECT_TRUE(report.problems.empty());
}

TEST(StaleSilenceNoOwner, UnableToRunWithoutSilences) {
  HistoryBuilder h(Week("2026-11-23"));
  EXPECT_EQ(testing::RunOnly("stale/silence-no-owner", h.Build()).unable.size(), 1u);
}

TEST(StaleSilenceNoOwner, RendersEvidenceAndFix) {
  const Time now = Week("2026-11-23").to;
  HistoryBuilder h(Week("2026-11-23"));
  h.Silence("9c8b7a6d-1e2f-4a3b-8c7d-6e5f4a3b2c1d", {"alertname=PodRestartsHigh", "namespace=shop"},
            now - 5 * 24h, now + 2 * 24h, "silence for now", "ken");
  CheckReport report = testing::RunOnly("stale/silence-no-owner", h.Build());
  ASSERT_EQ(report.problems.size(), 1u);
  testing::ExpectGolden("checks/stale_silence_no_owner.json", testing::RenderProblems(report));
}

}  // namespace
}  // namespace nagame::rules
