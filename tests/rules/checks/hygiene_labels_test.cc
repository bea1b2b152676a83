// hygiene/labels: what arriving alerts lack, counted per rule, and rule fix vs relabelling fix.
#include <gtest/gtest.h>

#include "rules/check_runner.h"
#include "tests/support/check_harness.h"
#include "tests/support/golden.h"
#include "tests/support/history_builder.h"

namespace nagame::rules {
namespace {

using namespace std::chrono_literals;
using testing::HistoryBuilder;
using testing::RuleBuilder;
using testing::Week;

constexpr char kCheck[] = "hygiene/labels";

// A rule whose alerts carry everything.
RuleBuilder& Complete(HistoryBuilder& h, const std::string& name) {
  return h.Rule(name)
      .Label("severity", "warning")
      .Label("team", "shop")
      .Annotation("runbook_url", "https://runbooks.example.com/" + name);
}

TEST(HygieneLabels, Table) {
  const Time week_from = Week("2026-11-23").from;
  const testing::CheckCase cases[] = {
      {"no history", [](HistoryBuilder&) {}, {}},
      {"alerts with severity, team and runbook_url",
       [](HistoryBuilder& h) { Complete(h, "A").Every(1h).Times(3); },
       {}},
      {"an owner label stands in for team",
       [](HistoryBuilder& h) {
         h.Rule("A")
             .Label("severity", "page")
             .Label("owner", "aki")
             .Annotation("runbook_url", "https://r/a")
             .Times(2);
       },
       {}},
      {"no severity on any",
       [](HistoryBuilder& h) {
         h.Rule("A").Label("team", "shop").Annotation("runbook_url", "https://r/a").Times(3);
       },
       {"3 episodes: 3 without severity"}},
      {"an empty value is missing, counted per episode",
       [week_from](HistoryBuilder& h) {
         Complete(h, "A").Times(2);
         Complete(h, "A")
             .Label("severity", "")
             .Annotation("runbook_url", "")
             .StartingAt(week_from + 24h)
             .Times(1);
       },
       {"3 episodes: 1 without severity, 1 without runbook_url"}},
      {"owner_labels is configurable",
       [](HistoryBuilder& h) { Complete(h, "A").Times(2); },
       {"2 episodes: 2 without owner (squad)"},
       {{"owner_labels", {"squad"}}}},
      {"episodes before the window are not looked at",
       [week_from](HistoryBuilder& h) { h.Rule("A").StartingAt(week_from - 48h).Times(3); },
       {}},
  };
  testing::ExpectTable({kCheck, testing::SummaryOf}, cases);
}

TEST(HygieneLabels, AMissingRunbookAloneIsInfo) {
  HistoryBuilder h(Week("2026-11-23"));
  h.Rule("A").Label("severity", "warning").Label("team", "shop").Times(2);
  h.Rule("B").Label("team", "shop").Times(2);
  std::vector<Problem> found = testing::Findings(kCheck, h.Build());
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].severity, Severity::kInfo);
  EXPECT_EQ(found[1].severity, Severity::kWarning);
}

TEST(HygieneLabels, WhatTheRuleDefinesButAlertsLackIsARelabellingProblem) {
  HistoryBuilder h(Week("2026-11-23"));
  h.Rule("A")
      .Defined("up == 0")
      .Label("team", "shop")
      .Annotation("runbook_url", "https://r/a")
      .Times(2);
  CheckInput in = h.Build();
  in.rules[0].definition.labels["severity"] = "page";
  std::vector<Problem> found = testing::Findings(kCheck, in);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].fix.text,
            "the rule defines severity but alerts arrive without: check alert_relabel_configs "
            "and the sender");
  EXPECT_EQ(found[0].fix.yaml, "");
}

TEST(HygieneLabels, RendersCountsAndTheLabelsToAdd) {
  const Window week = Week("2026-11-23");
  HistoryBuilder h(week);
  h.Rule("PodCrashLooping")
      .Defined("increase(kube_pod_container_status_restarts_total[10m]) > 3", 5min)
      .Label("severity", "warning")
      .Every(12h)
      .For(20min)
      .Times(6);
  h.Rule("PodCrashLooping").StartingAt(week.from + 80h).Every(12h).For(20min).Times(2);
  CheckInput in = h.Build();
  in.rules[0].definition.labels["severity"] = "warning";
  CheckReport report = testing::RunOnly(kCheck, in);
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0].summary,
            "8 episodes: 2 without severity, 8 without owner (team/owner), 8 without runbook_url");
  testing::ExpectGolden("checks/hygiene_labels.json", testing::RenderProblems(report));
}

}  // namespace
}  // namespace nagame::rules
