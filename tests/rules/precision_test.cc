// rules/precision: the Wilson interval, the labels a rule gathers, and the gate on delete and
// ticket suggestions.
#include "rules/precision.h"

#include <gtest/gtest.h>

#include "rules/checks/checks.h"
#include "tests/support/check_harness.h"
#include "tests/support/history_builder.h"

namespace nagame::rules {
namespace {

using namespace std::chrono_literals;
using testing::HistoryBuilder;
using testing::Week;

// A rule's precision with `hits` of `n` labels (nothing else about it).
RulePrecision Labelled(int64_t hits, int64_t n) {
  RulePrecision p;
  p.actionable = WilsonInterval(hits, n);
  return p;
}

TEST(Precision, WilsonIntervalAt90Percent) {
  struct Case {
    const char* name;
    int64_t hits, n;
    double low, high;
  };
  const Case cases[] = {
      {"0 of 0: no evidence either way", 0, 0, 0.0, 1.0},
      {"1 of 1: one label says little", 1, 1, 0.2699, 1.0},
      {"3 of 40: clearly rare", 3, 40, 0.0304, 0.1735},
      {"40 of 40: clearly actionable", 40, 40, 0.9366, 1.0},
      {"0 of 5: still up to a third", 0, 5, 0.0, 0.3511},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const Proportion p = WilsonInterval(c.hits, c.n);
    EXPECT_EQ(p.hits, c.hits);
    EXPECT_EQ(p.n, c.n);
    EXPECT_NEAR(p.low, c.low, 1e-4);
    EXPECT_NEAR(p.high, c.high, 1e-4);
    EXPECT_LE(p.low, p.rate());
    if (c.n > 0) EXPECT_GE(p.high, p.rate());
  }
}

TEST(Precision, GateNeedsEnoughLabelsAndAnUpperBoundBelowTheBar) {
  const CheckOptions defaults(PrecisionGateDefaults(), nlohmann::json::object());
  struct Case {
    const char* name;
    int64_t hits, n;
    bool established;
    nlohmann::json configured = nlohmann::json::object();
  };
  const Case cases[] = {
      {"0 of 0 labelled", 0, 0, false},
      {"1 of 1 labelled", 1, 1, false},
      {"3 of 40 labelled: upper bound 17% < 20%", 3, 40, true},
      {"40 of 40 labelled", 40, 40, false},
      {"0 of 4: fewer than min_labelled", 0, 4, false},
      {"0 of 10: upper bound 21%", 0, 10, false},
      {"0 of 11: upper bound 19.7%", 0, 11, true},
      {"a lower bar asks for more", 3, 40, false, {{"max_actionable", 0.1}}},
      {"min_labelled is configurable", 3, 40, false, {{"min_labelled", 41}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const CheckOptions options(PrecisionGateDefaults(), c.configured);
    EXPECT_EQ(NoiseIsEstablished(Labelled(c.hits, c.n), options), c.established);
  }
}

TEST(Precision, FormatsRateAndInterval) {
  EXPECT_EQ(FormatPrecision(WilsonInterval(0, 0)), "no labels yet");
  EXPECT_EQ(FormatPrecision(WilsonInterval(3, 40)),
            "3 of 40 labelled actionable (90% interval 3–17%)");
  EXPECT_EQ(
      ToJson(WilsonInterval(0, 0)),
      nlohmann::json::parse(R"({"labelled":0,"actionable":0,"rate":null,"low":null,"high":null})"));
}

TEST(Precision, AckedEpisodesAndVotesAreLabels) {
  const Window week = Week("2026-11-23");
  HistoryBuilder h(week);
  h.Rule("A").StartingAt(week.from + 1h).Every(10h).For(20min).Times(4);
  h.Rule("B").StartingAt(week.from + 1h).Every(10h).Times(2);
  CheckInput& in = h.input();
  std::vector<const Episode*> a;
  for (const Episode& e : in.episodes)
    if (e.rule == "A") a.push_back(&e);
  ASSERT_EQ(a.size(), 4u);
  in.acks.push_back({1, "", "A", a[1]->id, "mori", "", a[1]->starts_at + 5min});
  in.acks.push_back({2, "", "A", a[1]->id, "aki", "", a[1]->starts_at + 6min});  // same one
  in.feedback.push_back({1, "A", Verdict::kNoise, "u", "", week.from + 2h});
  in.feedback.push_back({2, "A", Verdict::kDuplicate, "u", "", week.from + 3h});
  in.feedback.push_back({3, "A", Verdict::kActionable, "u", "", week.from + 4h});
  in.feedback.push_back({4, "B", Verdict::kNoise, "u", "", week.from + 4h});
  in.feedback.push_back({5, "A", Verdict::kNoise, "u", "", week.from - 1h});  // outside

  const RulePrecision p = MeasurePrecision(in, "A", a, week);
  EXPECT_EQ(p.actionable.hits, 2);  // the acked episode and one vote
  EXPECT_EQ(p.actionable.n, 4);
  EXPECT_EQ(p.acked_episodes, 1);
  EXPECT_EQ(p.noise_votes, 1);
  EXPECT_EQ(p.duplicate_votes, 1);
  // The newest unlabelled episode; none is longer than it.
  ASSERT_EQ(p.to_label.size(), 1u);
  EXPECT_EQ(p.to_label[0]->id, a[3]->id);
}

TEST(Precision, NamesTheMostRecentAndTheLongestEpisodeToLabel) {
  const Window week = Week("2026-11-23");
  HistoryBuilder h(week);
  h.Rule("A").StartingAt(week.from + 1h).For(3h).Times(1);
  h.Rule("A").StartingAt(week.from + 10h).Every(10h).For(10min).Times(3);
  CheckInput& in = h.input();
  std::vector<const Episode*> a;
  for (const Episode& e : in.episodes) a.push_back(&e);
  std::sort(a.begin(), a.end(),
            [](const Episode* x, const Episode* y) { return x->starts_at < y->starts_at; });
  const RulePrecision p = MeasurePrecision(in, "A", a, week);
  ASSERT_EQ(p.to_label.size(), 2u);
  EXPECT_EQ(p.to_label[0]->starts_at, week.from + 30h);
  EXPECT_EQ(p.to_label[1]->starts_at, week.from + 1h);
  const std::string ask = AskTheResponders(p, CheckOptions(PrecisionGateDefaults(), {}), in.now);
  EXPECT_NE(ask.find("ask the responders"), std::string::npos) << ask;
  EXPECT_NE(ask.find("no labels yet, fewer than 5"), std::string::npos) << ask;
  EXPECT_NE(ask.find("(longest, 3h)"), std::string::npos) << ask;
}

// The checks that may suggest delete or a ticket route: only with the labels behind them.
TEST(Precision, RemovalFixesAreGated) {
  const Window week = Week("2026-11-23");
  for (const char* check : {"noisy/unacted", "noisy/volume", "noisy/feedback"}) {
    for (int noise : {0, 2, 12}) {
      SCOPED_TRACE(std::string(check) + " with " + std::to_string(noise) + " noise votes");
      HistoryBuilder h(week);
      h.Rule("A").StartingAt(week.from + 1h).Every(6h).For(10min).Times(12);
      CheckInput& in = h.input();
      for (int i = 0; i < noise; ++i)
        in.feedback.push_back({i + 1, "A", Verdict::kNoise, "u", "", week.from + 2h + i * 1min});
      const auto findings = testing::Findings(check, in);
      if (std::string(check) == "noisy/feedback" && noise == 0) {
        EXPECT_TRUE(findings.empty());
        continue;
      }
      ASSERT_EQ(findings.size(), 1u);
      const Problem& p = findings[0];
      EXPECT_EQ(p.evidence["precision"]["labelled"], noise);
      const bool asks = p.fix.text.find("ask the responders") != std::string::npos;
      EXPECT_EQ(asks, noise < 12) << p.fix.text;  // 0 of 12: upper bound 18% < 20%
      if (asks) {
        EXPECT_TRUE(p.fix.yaml.empty());
        EXPECT_EQ(p.fix.text.find("delete it"), std::string::npos) << p.fix.text;
        EXPECT_NE(p.fix.text.find("label these first: #"), std::string::npos) << p.fix.text;
      } else {
        EXPECT_NE(p.fix.text.find("0 of 12 labelled actionable"), std::string::npos) << p.fix.text;
      }
    }
  }
}

}  // namespace
}  // namespace nagame::rules
