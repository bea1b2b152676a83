// stale/dead-metric: which selected metrics count as dead, what is exempt, and unable-to-run.
#include <gtest/gtest.h>

#include "rules/check_runner.h"
#include "tests/support/check_harness.h"
#include "tests/support/golden.h"
#include "tests/support/history_builder.h"

namespace nagame::rules {
namespace {

using testing::HistoryBuilder;
using testing::Week;

constexpr char kCheck[] = "stale/dead-metric";

CheckInput WithPrometheus(HistoryBuilder& h, std::set<std::string> metrics) {
  h.input().prometheus_metrics = std::move(metrics);
  h.input().prometheus_availability.status = Status::Ok();
  return h.Build();
}

// A case named for its expression: rule A defined as `expr` while Prometheus has up,
// http_requests_total and node_load1; `dead`: the dead metrics its one finding names (none:
// no finding).
testing::CheckCase Defining(const char* expr, std::vector<std::string> dead,
                            nlohmann::json options = nlohmann::json::object()) {
  std::vector<std::string> flagged;
  if (!dead.empty()) flagged.push_back(nlohmann::json(dead).dump());
  return {expr,
          [expr](HistoryBuilder& h) {
            h.Rule("A").Defined(expr);
            WithPrometheus(h, {"up", "http_requests_total", "node_load1"});
          },
          flagged, std::move(options)};
}

TEST(StaleDeadMetric, Table) {
  const testing::CheckCase cases[] = {
      Defining("up == 0", {}),
      Defining("ceph_osd_up == 0", {"ceph_osd_up"}),
      Defining("rate(http_requests_total{code=~\"5..\"}[5m]) > 1", {}),
      Defining("rate(http_request_total[5m]) / rate(http_requests_total[5m]) > 0.1",
               {"http_request_total"}),
      Defining("gone_a + gone_b + gone_a > 0", {"gone_a", "gone_b"}),  // each name once
      Defining("absent(gone_a)", {}),  // fires precisely when it has no series
      Defining("absent_over_time(gone_a[10m]) and on() up == 1", {}),
      Defining("absent(gone_a) or gone_b > 0", {"gone_b"}),
      Defining("{__name__=~\"node_.*\"} > 1", {}),
      Defining("{__name__=~\"ceph_.*\"} > 1", {"{__name__=~\"ceph_.*\"}"}),
      Defining("{__name__=\"gone_a\"} > 1", {"gone_a"}),
      Defining("job:http_errors:rate5m > 0.1", {}),  // recording-rule output: skipped by default
      Defining("job:http_errors:rate5m > 0.1", {"job:http_errors:rate5m"},
               {{"check_recorded", true}}),
      Defining("ALERTS{alertstate=\"firing\"} > 0", {}),
      Defining("count({job=\"gone\"}) > 0", {}),  // names no metric
      Defining("max_over_time((gone_a > 0)[1h:5m]) > 0", {"gone_a"}),
      Defining("this is not promql", {}),
  };
  testing::ExpectTable({kCheck, testing::EvidenceOf("dead_metrics")}, cases);
}

TEST(StaleDeadMetric, UnableToRunWithoutPrometheusOrRules) {
  HistoryBuilder h(Week("2026-11-23"));
  h.Rule("A").Defined("gone > 0");
  CheckInput in = h.Build();
  in.prometheus_availability.status = Unavailable("GET /api/v1/label/__name__/values: timeout");
  CheckReport report = testing::RunOnly(kCheck, in);
  ASSERT_EQ(report.unable.size(), 1u);
  EXPECT_EQ(report.unable[0].reason,
            "Prometheus unavailable: GET /api/v1/label/__name__/values: timeout");
  EXPECT_TRUE(report.problems.empty());

  HistoryBuilder none(Week("2026-11-23"));
  CheckInput no_rules = WithPrometheus(none, {"up"});
  EXPECT_EQ(testing::RunOnly(kCheck, no_rules).unable.size(), 1u);
}

TEST(StaleDeadMetric, RendersEvidenceAndFix) {
  HistoryBuilder h(Week("2026-11-23"));
  h.Rule("CephOSDFlapping").Defined("changes(ceph_osd_up[10m]) > 2");
  h.Rule("NodeDown").Defined("up{job=\"node\"} == 0");
  CheckInput in = WithPrometheus(h, {"up", "ceph_osd_up_total", "ceph_osd_in", "node_load1"});
  in.rules[0].definition.file = "rules/ceph.yml";
  in.rules[0].definition.line = 31;
  CheckReport report = testing::RunOnly(kCheck, in);
  ASSERT_EQ(report.problems.size(), 1u);
  testing::ExpectGolden("checks/stale_dead_metric.json", testing::RenderProblems(report));
}

}  // namespace
}  // namespace nagame::rules

namespace nagame::rules {
namespace {

// NRQL, KQL and Azure criteria are not PromQL: a KQL table name would parse as a selector of a
// dead metric, so only PromQL rules are read, and with none the check says it does not apply.
TEST(StaleDeadMetric, OtherQueryLanguagesAreNeverReadAsPromQL) {
  testing::HistoryBuilder h(testing::Week("2026-11-23"));
  h.Rule("perf").Defined("Heartbeat");
  h.Rule("Golden Signals / High CPU").Defined("SELECT average(cpuPercent) FROM SystemSample");
  CheckInput in = h.Build();
  in.prometheus_metrics = {"up"};
  in.prometheus_availability.status = Status::Ok();
  in.rules[0].definition.language = kKQL;
  in.rules[1].definition.language = kNRQL;
  CheckReport only_others = testing::RunOnly("stale/dead-metric", in);
  ASSERT_EQ(only_others.unable.size(), 1u);
  EXPECT_EQ(only_others.unable[0].reason,
            "does not apply to KQL, NRQL rules (2 rules; none is PromQL)");
  EXPECT_TRUE(only_others.problems.empty());

  in.rules.push_back(in.rules[0]);
  in.rules.back().definition.name = "PromHeartbeat";
  in.rules.back().definition.language = kPromQL;  // the same text, as PromQL: a dead metric
  CheckReport mixed = testing::RunOnly("stale/dead-metric", in);
  EXPECT_TRUE(mixed.unable.empty());
  ASSERT_EQ(mixed.problems.size(), 1u);
  EXPECT_EQ(mixed.problems[0].rule, "PromHeartbeat");
}

}  // namespace
}  // namespace nagame::rules
