// The demo's made-up history: every kind of rule is there, nothing happens at or after `now`,
// the same `now` gives the same history, every alert is marked as demo, and the rule file the
// demo config reads (config/demo-history-rules.yml) is the one the generator writes.
#include "bot/demo/demo_history.h"

#include <gtest/gtest.h>

#include <set>

#include "rules/rule_file.h"
#include "tests/support/files.h"
#include "tests/support/history_builder.h"

namespace nagame::bot::demo {
namespace {

const Time kNow = testing::AtTime("2026-12-08T00:30:00Z");

TEST(DemoHistory, HasEveryKindOfRule) {
  const DemoHistory h = BuildDemoHistory(kNow);
  std::set<DemoKind> kinds;
  for (const DemoRule& r : h.rules) kinds.insert(r.kind);
  for (DemoKind k : {DemoKind::kNoisy, DemoKind::kFlapping, DemoKind::kScheduled, DemoKind::kStuck,
                     DemoKind::kCoFiring, DemoKind::kHealthy}) {
    EXPECT_TRUE(kinds.count(k)) << DemoKindName(k);
  }
  EXPECT_FALSE(h.acks.empty());
  EXPECT_FALSE(h.decisions.empty());
  EXPECT_EQ(h.incidents.size(), 1u);
}

TEST(DemoHistory, NothingAtOrAfterNowAndEveryAlertMarked) {
  const DemoHistory h = BuildDemoHistory(kNow);
  ASSERT_GT(h.deliveries.size(), 1000u);
  Time previous = Time::min();
  for (const rules::Delivery& d : h.deliveries) {
    EXPECT_LT(d.received_at, kNow);
    EXPECT_GE(d.received_at, previous);  // oldest first
    previous = d.received_at;
    EXPECT_TRUE(rules::ValidateDelivery(d).ok());
    for (const rules::AlertEvent& a : d.alerts) {
      EXPECT_TRUE(a.rule.starts_with("Demo")) << a.rule;
      EXPECT_EQ(a.labels.at(kDemoLabel), kDemoLabelValue);
      EXPECT_TRUE(a.annotations.at("summary").starts_with("[demo] "));
    }
  }
  for (const DemoAck& a : h.acks) EXPECT_LT(a.ack.at, kNow);
  for (const rules::Decision& d : h.decisions) EXPECT_LT(d.at, kNow);
  EXPECT_GE(h.deliveries.front().received_at, kNow - kDemoSpan - std::chrono::hours(24));
}

TEST(DemoHistory, SameNowSameHistory) {
  EXPECT_EQ(BuildDemoHistory(kNow).deliveries, BuildDemoHistory(kNow).deliveries);
}

TEST(DemoHistory, TheDemoConfigReadsTheGeneratorsRuleFile) {
  const std::string committed =
      testing::ReadFile(std::string(NAGAME_SOURCE_DIR) + "/config/demo-history-rules.yml");
  const DemoHistory h = BuildDemoHistory(kNow);
  EXPECT_EQ(committed, h.rule_file)
      << "regenerate it: nagame seed-demo --config … --rule-file config/demo-history-rules.yml";
  auto parsed = rules::ParseRuleFile(h.rule_file, "demo-history-rules.yml");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  std::set<std::string> defined;
  for (const rules::RuleDefinition& d : parsed->alerts) defined.insert(d.name);
  for (const DemoRule& r : h.rules) EXPECT_TRUE(defined.count(r.name)) << r.name;
}

}  // namespace
}  // namespace nagame::bot::demo
