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

TEST(NoisyUnacted, Table) {
  struct Case {
    const char* name;
    std::function<void(CheckInput&)> records;  // added to 5 weekly episodes of A (or 4)
    int episodes;
    std::vector<std::string> flagged;
  };
  const Window week = Week("2026-11-23");
  const Time span_from = week.from - 21 * 24h;
  const Case cases[] = {
      {"no history", [](CheckInput&) {}, 0, {}},
      {"5 episodes over 4 weeks, nobody did anything", [](CheckInput&) {}, 5, {"A"}},
      {"4 episodes are below min_episodes", [](CheckInput&) {}, 4, {}},
      {"an ack of the rule in the span",
       [span_from](CheckInput& in) {
         in.acks.push_back({1, "", "A", std::nullopt, "mori", "", span_from + 1h});
       },
       5,
       {}},
      {"an ack of one of its episodes",
       [span_from](CheckInput& in) {
         in.acks.push_back({1, "", "Other", in.episodes[2].id, "mori", "", span_from});
       },
       5,
       {}},
      {"an ack from before the span does not count",
       [span_from](CheckInput& in) {
         in.acks.push_back({1, "", "A", std::nullopt, "mori", "", span_from - 1h});
       },
       5,
       {"A"}},
      {"an ack of the same name from another source does not count",
       [span_from](CheckInput& in) {
         in.acks.push_back({1, "grafana", "A", std::nullopt, "mori", "", span_from + 1h});
       },
       5,
       {"A"}},
      {"a decision about the rule",
       [span_from](CheckInput& in) {
         in.decisions.push_back({1, "A", DecisionAction::kKeep, "", "aki", span_from + 48h});
       },
       5,
       {}},
      {"an incident linked to one of its episodes",
       [span_from](CheckInput& in) {
         in.incidents.push_back({1, "shop", "checkout down", "aki", span_from, in.episodes[0].id});
       },
       5,
       {}},
      {"an incident not linked to it does not count",
       [span_from](CheckInput& in) {
         in.incidents.push_back({1, "shop", "checkout down", "aki", span_from, std::nullopt});
       },
       5,
       {"A"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    HistoryBuilder h(week);
    if (c.episodes > 0) h.Rule("A").StartingAt(span_from + 2h).Every(5 * 24h).Times(c.episodes);
    CheckInput in = h.Build();
    c.records(in);
    EXPECT_EQ(testing::ProblemRules(testing::Findings(kCheck, in)), c.flagged);
  }
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
