// noisy/feedback: vote and fraction edges, the span, and the quoted notes.
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

constexpr char kCheck[] = "noisy/feedback";

constexpr Verdict kNoise = Verdict::kNoise;
constexpr Verdict kDup = Verdict::kDuplicate;
constexpr Verdict kOk = Verdict::kActionable;

// Votes on rule A, a day apart in the window, each `offset` later.
std::function<void(HistoryBuilder&)> Votes(std::vector<Verdict> votes, Duration offset = {}) {
  return [votes, offset](HistoryBuilder& h) {
    CheckInput& in = h.input();
    for (size_t i = 0; i < votes.size(); ++i) {
      in.feedback.push_back({static_cast<int64_t>(i + 1), "A", votes[i], "u", "",
                             in.window.from + 24h * static_cast<int>(i) + offset});
    }
  };
}

TEST(NoisyFeedback, Table) {
  const testing::CheckCase cases[] = {
      {"no feedback", Votes({}), {}},
      {"a single noise vote is below min_votes", Votes({kNoise}), {}},
      {"1 noise of 2 is 50%", Votes({kNoise, kOk}), {"A"}},
      {"1 noise of 3 is below", Votes({kNoise, kOk, kOk}), {}},
      {"duplicates count as noise", Votes({kDup, kDup, kOk}), {"A"}},
      {"votes from before the four windows do not count", Votes({kNoise, kNoise}, -30 * 24h), {}},
      {"votes three weeks back still count", Votes({kNoise, kNoise}, -20 * 24h), {"A"}},
      {"min_votes is configurable", Votes({kNoise}), {"A"}, {{"min_votes", 1}}},
  };
  testing::ExpectTable({kCheck}, cases);
}

TEST(NoisyFeedback, NamesTheSourceWhenTheRuleHasOne) {
  const Window week = Week("2026-11-23");
  HistoryBuilder h(week);
  h.Rule("A", "grafana").Every(24h).Times(2);
  CheckInput in = h.Build();
  in.feedback.push_back({1, "A", kNoise, "u", "", week.from + 1h});
  in.feedback.push_back({2, "A", kNoise, "u", "", week.from + 2h});
  in.feedback.push_back({3, "B", kNoise, "u", "", week.from + 1h});
  in.feedback.push_back({4, "B", kNoise, "u", "", week.from + 2h});
  std::vector<Problem> found = testing::Findings(kCheck, in);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].source, "grafana");
  EXPECT_EQ(found[1].source, "");  // B never fired: no source to name
}

TEST(NoisyFeedback, QuotesUpToThreeNotesNewestFirst) {
  const Window week = Week("2026-11-23");
  HistoryBuilder h(week);
  h.Rule("DeployErrorsHigh").Every(12h).For(4min).Times(9);
  CheckInput in = h.Build();
  in.feedback = {
      {1, "DeployErrorsHigh", kNoise, "mori", "fires on every deploy", week.from + 1h},
      {2, "DeployErrorsHigh", kDup, "aki", "same as CheckoutErrors", week.from + 13h},
      {3, "DeployErrorsHigh", kOk, "sato", "real this time", week.from + 25h},
      {4, "DeployErrorsHigh", kNoise, "ren", "", week.from + 37h},
      {5, "DeployErrorsHigh", kNoise, "yui", "deploy again", week.from + 49h},
      {6, "DeployErrorsHigh", kNoise, "mori", "still the deploy", week.from + 61h},
  };
  CheckReport report = testing::RunOnly(kCheck, in);
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0].fix.text,
            "responders call it noise: tune it — @mori: \"still the deploy\"; "
            "@yui: \"deploy again\"; @aki: \"same as CheckoutErrors\"; ask the responders "
            "before deleting it or routing it to a ticket: 1 of 6 labelled actionable (90% "
            "interval 4–50%), not clearly below 20%; label these first: #9 (most recent, "
            "2026-11-27T00:00:00Z, 4m)");
  testing::ExpectGolden("checks/noisy_feedback.json", testing::RenderProblems(report));
}

}  // namespace
}  // namespace nagame::rules
