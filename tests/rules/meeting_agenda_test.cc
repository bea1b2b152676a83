// The meeting's order and the figures each rule's charts draw.
#include "rules/meeting_agenda.h"

#include <gtest/gtest.h>

#include "rules/inventory.h"
#include "tests/support/history_builder.h"

namespace nagame::rules {
namespace {

using namespace std::chrono_literals;
using testing::HistoryBuilder;
using testing::Week;

std::vector<AgendaItem> Agenda(const CheckInput& in, CheckReport report = {}) {
  return BuildAgenda(in, BuildInventory(in, &report), report);
}

Problem Finding(const std::string& rule, const std::string& change = "") {
  Problem p;
  p.check = "noisy/flapping";
  p.source = "alertmanager";
  p.rule = rule;
  p.summary = "flaps";
  if (!change.empty()) p.fix.replay = Replay{.change = change};
  return p;
}

TEST(MeetingAgenda, SuggestionsFirstThenMostEpisodes) {
  const Window week = Week("2026-11-23");
  HistoryBuilder h(week);
  h.Rule("Loud").Every(1h).For(1min).Times(30);
  h.Rule("Quiet").Every(1h).For(1min).Times(3);
  h.Rule("Flagged").Every(1h).For(1min).Times(5);
  h.Rule("Silent").Defined("up == 0");
  CheckReport report;
  report.problems = {Finding("Flagged")};
  const auto agenda = Agenda(h.Build(), report);
  ASSERT_EQ(agenda.size(), 3u);  // Silent neither fired nor has a finding
  EXPECT_EQ(agenda[0].row.rule, "Flagged");
  EXPECT_EQ(agenda[1].row.rule, "Loud");
  EXPECT_EQ(agenda[2].row.rule, "Quiet");
  EXPECT_EQ(agenda[0].problems.size(), 1u);
}

TEST(MeetingAgenda, ARuleWithAFindingButNoEpisodesIsOnTheAgenda) {
  HistoryBuilder h(Week("2026-11-23"));
  h.Rule("Silent").Defined("up == 0");
  CheckReport report;
  report.problems = {Finding("Silent")};
  const auto agenda = Agenda(h.Build(), report);
  ASSERT_EQ(agenda.size(), 1u);
  EXPECT_EQ(agenda[0].row.rule, "Silent");
}

TEST(MeetingAgenda, ChartsCountStartsByDayWeekdayHourAndLength) {
  const Window week = Week("2026-11-23");  // a Monday, UTC
  HistoryBuilder h(week);
  h.Rule("A")
      .Defined("x > 1", 5min)
      .Episode(week.from + 2h, 30s)              // Mon 02:00, ≤1m
      .Episode(week.from + 2h + 10min, 3min)     // Mon 02:10, ≤5m
      .Episode(week.from + 24h + 9h, 2h)         // Tue 09:00, ≤4h
      .Episode(week.from - 7 * 24h + 1h, 1min);  // the week before: sparkline only
  CheckReport report;
  report.problems = {Finding("A", "for: 10m")};
  const auto agenda = Agenda(h.Build(), report);
  ASSERT_EQ(agenda.size(), 1u);
  const AgendaItem& a = agenda[0];
  ASSERT_EQ(a.daily_starts.size(), 28u);
  EXPECT_EQ(a.daily_starts[14], 1);  // 2026-11-16
  EXPECT_EQ(a.daily_starts[21], 2);  // 2026-11-23
  EXPECT_EQ(a.daily_starts[22], 1);
  EXPECT_EQ(a.weekday_hour[0][2], 2);
  EXPECT_EQ(a.weekday_hour[1][9], 1);
  EXPECT_EQ(a.duration_counts[0], 1);
  EXPECT_EQ(a.duration_counts[2], 1);
  EXPECT_EQ(a.duration_counts[6], 1);
  EXPECT_EQ(a.current_for, 5min);
  EXPECT_EQ(a.proposed_for, 10min);
  ASSERT_TRUE(a.definition);
  EXPECT_EQ(a.definition->definition.expr, "x > 1");
}

TEST(MeetingAgenda, CoFiringPartnersAndDecisions) {
  const Window week = Week("2026-11-23");
  HistoryBuilder h(week);
  h.Rule("A").Every(6h).For(5min).Times(4);
  h.Rule("B").StartingAt(week.from + 1min).Every(6h).For(5min).Times(3);
  h.Rule("C").StartingAt(week.from + 30min).Every(6h).For(5min).Times(4);
  CheckInput in = h.Build();
  in.decisions = {{.id = 2, .rule = "A", .action = DecisionAction::kTune, .at = week.from + 2h},
                  {.id = 1, .rule = "A", .action = DecisionAction::kKeep, .at = week.from + 1h},
                  {.id = 3, .rule = "B", .action = DecisionAction::kKeep, .at = week.from}};
  const auto agenda = Agenda(in);
  ASSERT_EQ(agenda.size(), 3u);
  const AgendaItem& a = agenda[0];
  ASSERT_EQ(a.row.rule, "A");
  ASSERT_EQ(a.partners.size(), 1u);
  EXPECT_EQ(a.partners[0], std::make_pair(std::string("B"), int64_t{3}));
  ASSERT_EQ(a.decisions.size(), 2u);
  EXPECT_EQ(a.decisions[0].id, 1);
  EXPECT_EQ(a.decisions[1].id, 2);
  ASSERT_EQ(agenda[1].row.rule, "C");       // 4 episodes, before B's 3
  EXPECT_TRUE(agenda[1].partners.empty());  // C fires alone
  EXPECT_EQ(agenda[2].partners[0], std::make_pair(std::string("A"), int64_t{3}));
}

TEST(MeetingAgenda, EmptyInputHasNoAgenda) {
  EXPECT_TRUE(Agenda(HistoryBuilder(Week("2026-11-23")).Build()).empty());
}

}  // namespace
}  // namespace nagame::rules
