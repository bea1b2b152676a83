// noisy/volume: table of histories at the threshold edges, and the rendered finding.
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

constexpr char kCheck[] = "noisy/volume";

TEST(NoisyVolume, Table) {
  const Time prev = Week("2026-11-23").Previous().from;
  const testing::CheckCase cases[] = {
      {"nine episodes is below the default 10 (and not double the previous 5)",
       [prev](HistoryBuilder& h) {
         h.Rule("A").StartingAt(prev).Every(1h).Times(5);
         h.Rule("A").Every(1h).For(1min).Times(9);
       },
       {}},
      {"five new episodes of a rule that never fired before is growth",
       [](HistoryBuilder& h) { h.Rule("A").Every(1h).Times(5); },
       {"A"}},
      {"ten episodes is at the threshold (six before: not double)",
       [prev](HistoryBuilder& h) {
         h.Rule("A").StartingAt(prev).Every(1h).Times(6);
         h.Rule("A").Every(1h).For(1min).Times(10);
       },
       {"A"}},
      {"ten episodes spread over 2 instances count together",
       [prev](HistoryBuilder& h) {
         h.Rule("A").StartingAt(prev).Every(1h).Times(6);
         h.Rule("A").Every(1h).For(1min).OnInstances(2).Times(5);
       },
       {"A"}},
      {"doubling from 3 to 6 reaches growth_min 5",
       [prev](HistoryBuilder& h) {
         h.Rule("A").StartingAt(prev).Every(1h).Times(3);
         h.Rule("A").Every(1h).Times(6);
       },
       {"A"}},
      {"4 from 1 is double but below growth_min",
       [prev](HistoryBuilder& h) {
         h.Rule("A").StartingAt(prev).Times(1);
         h.Rule("A").Every(1h).Times(4);
       },
       {}},
      {"7 from 4 is below 2x growth",
       [prev](HistoryBuilder& h) {
         h.Rule("A").StartingAt(prev).Every(1h).Times(4);
         h.Rule("A").Every(1h).Times(7);
       },
       {}},
      {"an episode carried over from last week is not a new one",
       [prev](HistoryBuilder& h) {
         h.Rule("A").StartingAt(prev).Every(1h).Times(9);
         h.Rule("A").OpenEpisode(prev + 100h);
         h.Rule("A").Every(1h).Times(9);
       },
       {}},
      {"threshold is configurable",
       [](HistoryBuilder& h) { h.Rule("A").Every(1h).Times(4); },
       {"A"},
       {{"min_episodes", 4}}},
      {"only the noisy rule is named",
       [](HistoryBuilder& h) {
         h.Rule("Noisy").Every(30min).Times(20);
         h.Rule("Quiet").Every(24h).Times(2);
       },
       {"Noisy"}},
  };
  testing::ExpectTable({kCheck}, cases);
}

TEST(NoisyVolume, RendersEvidenceAndFix) {
  HistoryBuilder h(Week("2026-11-23"));
  h.Rule("PodRestartsHigh").Every(10min).For(30s).OnInstances(3).Times(20);
  CheckReport report = testing::RunOnly(kCheck, h.Build());
  ASSERT_EQ(report.problems.size(), 1u);
  testing::ExpectGolden("checks/noisy_volume.json", testing::RenderProblems(report));
}

}  // namespace
}  // namespace nagame::rules
