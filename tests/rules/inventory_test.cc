// Inventory rows: counts, durations, instances, re-fires, acks, decisions and the delta.
#include "rules/inventory.h"

#include <gtest/gtest.h>

#include "tests/support/history_builder.h"

namespace nagame::rules {
namespace {

using namespace std::chrono_literals;
using testing::AtTime;
using testing::HistoryBuilder;
using testing::Week;

const InventoryRow* Row(const Inventory& inv, const std::string& rule) {
  for (const InventoryRow& r : inv.rows) {
    if (r.rule == rule) return &r;
  }
  return nullptr;
}

TEST(Inventory, CountsDurationsAndInstances) {
  const Window week = Week("2026-11-23");
  HistoryBuilder h(week);
  // 3 instances × 4 episodes of 30 s, 10 min apart: each re-fires within 30 min, 3 per instance.
  h.Rule("PodRestartsHigh")
      .Label("severity", "warning")
      .Label("team", "shop")
      .Every(10min)
      .For(30s)
      .OnInstances(3)
      .Times(4);
  h.Rule("DiskFull").Episode(week.from + 1h, 2h).Episode(week.from + 50h, 4h);
  // Last week: 1 episode of DiskFull; nothing of PodRestartsHigh.
  h.Rule("DiskFull").Episode(week.Previous().from + 1h, 1h);
  h.Rule("Quiet").Defined("up == 0");
  CheckInput in = h.Build();
  in.acks.push_back({1, "", "DiskFull", std::nullopt, "mori", "", week.from + 2h});
  in.acks.push_back({2, "", "DiskFull", std::nullopt, "mori", "", week.Previous().from});  // old
  in.decisions.push_back({1, "DiskFull", DecisionAction::kTune, "raise", "mori", week.from - 24h});
  in.decisions.push_back({2, "DiskFull", DecisionAction::kKeep, "", "aki", week.from + 3h});

  Inventory inv = BuildInventory(in, nullptr);
  ASSERT_EQ(inv.rows.size(), 3u);
  EXPECT_EQ(inv.rows[0].rule, "PodRestartsHigh");  // most episodes first

  const InventoryRow* pod = Row(inv, "PodRestartsHigh");
  ASSERT_TRUE(pod);
  EXPECT_EQ(pod->episodes, 12);
  EXPECT_EQ(pod->started, 12);
  EXPECT_EQ(pod->instances, 3);
  EXPECT_EQ(pod->firing, 12 * 30s);
  EXPECT_EQ(pod->median, 30s);
  EXPECT_EQ(pod->refires, 9);
  EXPECT_EQ(pod->severity, "warning");
  EXPECT_EQ(pod->team, "shop");
  EXPECT_EQ(pod->delta_episodes, 12);
  EXPECT_FALSE(pod->defined);

  const InventoryRow* disk = Row(inv, "DiskFull");
  ASSERT_TRUE(disk);
  EXPECT_EQ(disk->episodes, 2);
  EXPECT_EQ(disk->firing, 6h);
  EXPECT_EQ(disk->median, 3h);  // of 2h and 4h
  EXPECT_EQ(disk->refires, 0);
  EXPECT_EQ(disk->acks, 1);
  ASSERT_TRUE(disk->last_decision.has_value());
  EXPECT_EQ(disk->last_decision->action, DecisionAction::kKeep);
  EXPECT_EQ(disk->previous_episodes, 1);
  EXPECT_EQ(disk->delta_episodes, 1);

  const InventoryRow* quiet = Row(inv, "Quiet");
  ASSERT_TRUE(quiet);
  EXPECT_TRUE(quiet->defined);
  EXPECT_EQ(quiet->episodes, 0);
}

TEST(Inventory, ActionableRateFromAckedEpisodesAndFeedback) {
  const Window week = Week("2026-11-23");
  HistoryBuilder h(week);
  h.Rule("DiskFull").Episode(week.from + 1h, 2h).Episode(week.from + 50h, 4h);
  h.Rule("Loud").Every(1h).Times(3);
  h.Rule("Quiet").Defined("up == 0");
  CheckInput in = h.Build();
  in.acks.push_back({1, "", "DiskFull", std::nullopt, "mori", "", week.from + 2h});  // 1st
  in.feedback.push_back({1, "DiskFull", Verdict::kNoise, "aki", "", week.from + 51h});
  in.feedback.push_back({2, "Quiet", Verdict::kActionable, "aki", "", week.from + 1h});

  Inventory inv = BuildInventory(in, nullptr);
  const InventoryRow* disk = Row(inv, "DiskFull");
  ASSERT_TRUE(disk);
  EXPECT_EQ(disk->actionable.hits, 1);  // the acked episode
  EXPECT_EQ(disk->actionable.n, 2);     // and the noise vote
  EXPECT_GT(disk->actionable.high, 0.5);
  const InventoryRow* quiet = Row(inv, "Quiet");  // no episodes: its feedback alone
  ASSERT_TRUE(quiet);
  EXPECT_EQ(quiet->actionable.hits, 1);
  EXPECT_EQ(quiet->actionable.n, 1);
  const InventoryRow* loud = Row(inv, "Loud");
  ASSERT_TRUE(loud);
  EXPECT_EQ(loud->actionable.n, 0);
  EXPECT_EQ(ToJson(*disk)["actionable"]["labelled"], 2);
}

TEST(Inventory, OpenAndCarriedOverEpisodesAreClippedToTheWindow) {
  const Window week = Week("2026-11-23");
  HistoryBuilder h(week);
  h.Rule("Stuck").OpenEpisode(week.from - 48h);
  Inventory inv = BuildInventory(h.Build(), nullptr);
  ASSERT_EQ(inv.rows.size(), 1u);
  EXPECT_EQ(inv.rows[0].episodes, 1);
  EXPECT_EQ(inv.rows[0].started, 0);
  EXPECT_EQ(inv.rows[0].firing, week.length());
  EXPECT_EQ(inv.rows[0].median, week.length() + 48h);
  EXPECT_EQ(inv.rows[0].previous_episodes, 1);
  EXPECT_EQ(inv.rows[0].delta_episodes, 0);
}

TEST(Inventory, JsonHasTheContractFields) {
  HistoryBuilder h(Week("2026-11-23"));
  h.Rule("A").Every(1h).For(90s).Times(3);
  nlohmann::json j = ToJson(BuildInventory(h.Build(), nullptr));
  EXPECT_EQ(j["from"], "2026-11-23T00:00:00Z");
  EXPECT_EQ(j["to"], "2026-11-30T00:00:00Z");
  ASSERT_EQ(j["rules"].size(), 1u);
  for (const char* key : {"rule", "source", "episodes", "instances", "firing_seconds",
                          "median_seconds", "p90_seconds", "acks", "delta_episodes", "checks"}) {
    EXPECT_TRUE(j["rules"][0].contains(key)) << key;
  }
  EXPECT_EQ(j["rules"][0]["firing_seconds"], 270.0);
}

}  // namespace
}  // namespace nagame::rules
