// noisy/unacted: episodes over four windows, and what counts as someone acting on them.
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

constexpr char kCheck[] = "noisy/unacted";

// The start of the four windows the check looks at.
Time SpanFrom() { return Week("2026-11-23").from - 21 * 24h; }

// `n` episodes of rule A, five days apart from the span's start; the input, to add records to.
CheckInput& Episodes(HistoryBuilder& h, int n = 5) {
  h.Rule("A").StartingAt(SpanFrom() + 2h).Every(5 * 24h).Times(n);
  return h.input();
}

TEST(NoisyUnacted, Table) {
  const testing::CheckCase cases[] = {
      {"no history", [](HistoryBuilder&) {}, {}},
      {"5 episodes over 4 weeks, nobody did anything",
       [](HistoryBuilder& h) { Episodes(h); },
       {"A"}},
      {"4 episodes are below min_episodes", [](HistoryBuilder& h) { Episodes(h, 4); }, {}},
      {"an ack of the rule in the span",
       [](HistoryBuilder& h) {
         Episodes(h).acks.push_back({1, "", "A", std::nullopt, "mori", "", SpanFrom() + 1h});
       },
       {}},
      {"an ack of one of its episodes",
       [](HistoryBuilder& h) {
         CheckInput& in = Episodes(h);
         in.acks.push_back({1, "", "Other", in.episodes[2].id, "mori", "", SpanFrom()});
       },
       {}},
      {"an ack from before the span does not count",
       [](HistoryBuilder& h) {
         Episodes(h).acks.push_back({1, "", "A", std::nullopt, "mori", "", SpanFrom() - 1h});
       },
       {"A"}},
      {"an ack of the same name from another source does not count",
       [](HistoryBuilder& h) {
         Episodes(h).acks.push_back({1, "grafana", "A", std::nullopt, "mori", "", SpanFrom() + 1h});
       },
       {"A"}},
      {"a decision about the rule",
       [](HistoryBuilder& h) {
         Episodes(h).decisions.push_back(
             {1, "A", DecisionAction::kKeep, "", "aki", SpanFrom() + 48h});
       },
       {}},
      {"an incident linked to one of its episodes",
       [](HistoryBuilder& h) {
         CheckInput& in = Episodes(h);
         in.incidents.push_back({1, "shop", "checkout down", "aki", SpanFrom(), in.episodes[0].id});
       },
       {}},
      {"an incident not linked to it does not count",
       [](HistoryBuilder& h) {
         Episodes(h).incidents.push_back(
             {1, "shop", "checkout down", "aki", SpanFrom(), std::nullopt});
       },
       {"A"}},
  };
  testing::ExpectTable({kCheck}, cases);
}

TEST(NoisyUnacted, EpisodesBeforeTheSpanDoNotCount) {
  const Window week = Week("2026-11-23");
  HistoryBuilder h(week);
  h.Rule("A").StartingAt(week.from - 22 * 24h).Every(2h).For(1h).Times(2);  // before the span
  h.Rule("A").StartingAt(week.from).Every(24h).For(1h).Times(4);
  EXPECT_TRUE(testing::Findings(kCheck, h.Build()).empty());
}

TEST(NoisyUnacted, RendersTheSpanAndATicketRoute) {
  const Window week = Week("2026-11-23");
  HistoryBuilder h(week);
  h.Rule("BackupSlow")
      .StartingAt(week.from - 20 * 24h + 3h)
      .Every(3 * 24h)
      .For(40min)
      .OnInstances(2)
      .Times(8);
  h.Rule("Acked").StartingAt(week.from - 20 * 24h).Every(24h).Times(10);
  CheckInput in = h.Build();
  in.acks.push_back({1, "", "Acked", std::nullopt, "mori", "", week.from - 24h});
  CheckReport report = testing::RunOnly(kCheck, in);
  ASSERT_EQ(testing::ProblemRules(report), std::vector<std::string>{"BackupSlow"});
  testing::ExpectGolden("checks/noisy_unacted.json", testing::RenderProblems(report));
}

}  // namespace
}  // namespace nagame::rules
