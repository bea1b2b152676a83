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

constexpr char kCheck[] = "stale/silence-no-owner";

// A case named for its comment: silence "s", active since a day, says `comment`.
testing::CheckCase Comment(const char* comment, bool flagged,
                           nlohmann::json options = nlohmann::json::object()) {
  return {comment,
          [comment](HistoryBuilder& h) {
            const Time now = h.input().now;
            h.Silence("s", {"alertname=HighCPU", "instance=web-1"}, now - 24h, now + 24h, comment);
          },
          flagged ? std::vector<std::string>{"s"} : std::vector<std::string>{}, std::move(options)};
}

TEST(StaleSilenceNoOwner, Table) {
  const testing::CheckCase cases[] = {
      Comment("", true),
      Comment("tmp", true),
      Comment("silence test", true),
      Comment("silencing noisy alert for now", true),
      Comment("silence HighCPU on web-1", true),  // says only what the matchers say
      Comment("OPS-1234", false),
      Comment("ops-1234", true),  // lower case is not a ticket key (and two words are too few)
      Comment("https://tickets.example.com/browse/X", false),
      Comment("waiting for vendor", true),       // "for" is boilerplate: 2 words
      Comment("waiting for vendor fix", false),  // exactly 3 words
      Comment("vendor firmware bug", false),
      Comment("vendor firmware", true),                // 2 words
      Comment("DBメンテナンスのため一時停止", false),  // Japanese: one word per two characters
      Comment("テスト", true),
      Comment("needs vendor firmware", true, {{"min_words", 4}}),
      Comment("INC#77 disk swap", false, {{"ticket_pattern", "INC#[0-9]+"}}),
  };
  testing::ExpectTable({kCheck, testing::EvidenceOf("id")}, cases);
}

TEST(StaleSilenceNoOwner, OnlyActiveSilencesAreJudged) {
  const Time now = Week("2026-11-23").to;
  HistoryBuilder h(Week("2026-11-23"));
  h.Silence("expired", {"alertname=A"}, now - 48h, now - 24h, "tmp");
  h.Silence("pending", {"alertname=A"}, now + 24h, now + 48h, "tmp");
  EXPECT_TRUE(testing::RunOnly(kCheck, h.Build()).problems.empty());
}

TEST(StaleSilenceNoOwner, AnInvalidTicketPatternIsUnableToRun) {
  HistoryBuilder h(Week("2026-11-23"));
  h.Silence("s", {"alertname=A"}, h.input().now - 1h, h.input().now + 1h, "tmp");
  CheckReport report = testing::RunOnly(kCheck, h.Build(), {{"ticket_pattern", "(OPS"}});
  ASSERT_EQ(report.unable.size(), 1u);
  EXPECT_TRUE(report.problems.empty());
}

TEST(StaleSilenceNoOwner, UnableToRunWithoutSilences) {
  HistoryBuilder h(Week("2026-11-23"));
  EXPECT_EQ(testing::RunOnly(kCheck, h.Build()).unable.size(), 1u);
}

TEST(StaleSilenceNoOwner, RendersEvidenceAndFix) {
  const Time now = Week("2026-11-23").to;
  HistoryBuilder h(Week("2026-11-23"));
  h.Silence("9c8b7a6d-1e2f-4a3b-8c7d-6e5f4a3b2c1d", {"alertname=PodRestartsHigh", "namespace=shop"},
            now - 5 * 24h, now + 2 * 24h, "silence for now", "ken");
  CheckReport report = testing::RunOnly(kCheck, h.Build());
  ASSERT_EQ(report.problems.size(), 1u);
  testing::ExpectGolden("checks/stale_silence_no_owner.json", testing::RenderProblems(report));
}

}  // namespace
}  // namespace nagame::rules
