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

CheckInput WithPrometheus(HistoryBuilder& h, std::set<std::string> metrics) {
  CheckInput in = h.Build();
  in.prometheus_metrics = std::move(metrics);
  in.prometheus_availability.status = Status::Ok();
  return in;
}

TEST(StaleDeadMetric, Table) {
  struct Case {
    const char* expr;
    nlohmann::json options;
    std::vector<std::string> dead;  // empty: no finding
  };
  const Case cases[] = {
      {"up == 0", {}, {}},
      {"ceph_osd_up == 0", {}, {"ceph_osd_up"}},
      {"rate(http_requests_total{code=~\"5..\"}[5m]) > 1", {}, {}},
      {"rate(http_request_total[5m]) / rate(http_requests_total[5m]) > 0.1",
       {},
       {"http_request_total"}},
      {"gone_a + gone_b + gone_a > 0", {}, {"gone_a", "gone_b"}},  // each name once
      {"absent(gone_a)", {}, {}},  // fires precisely when it has no series
      {"absent_over_time(gone_a[10m]) and on() up == 1", {}, {}},
      {"absent(gone_a) or gone_b > 0", {}, {"gone_b"}},
      {"{__name__=~\"node_.*\"} > 1", {}, {}},
      {"{__name__=~\"ceph_.*\"} > 1", {}, {"{__name__=~\"ceph_.*\"}"}},
      {"{__name__=\"gone_a\"} > 1", {}, {"gone_a"}},
      {"job:http_errors:rate5m > 0.1", {}, {}},  // recording-rule output: skipped by default
      {"job:http_errors:rate5m > 0.1", {{"check_recorded", true}}, {"job:http_errors:rate5m"}},
      {"ALERTS{alertstate=\"firing\"} > 0", {}, {}},
      {"count({job=\"gone\"}) > 0", {}, {}},  // names no metric
      {"max_over_time((gone_a > 0)[1h:5m]) > 0", {}, {"gone_a"}},
      {"this is not promql", {}, {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.expr);
    HistoryBuilder h(Week("2026-11-23"));
    h.Rule("A").Defined(c.expr);
    CheckInput in = WithPrometheus(h, {"up", "http_requests_total", "node_load1"});
    CheckReport report = testing::RunOnly("stale/dead-metric", in, c.options);
    EXPECT_TRUE(report.unable.empty());
    if (c.dead.empty()) {
      EXPECT_TRUE(report.problems.empty());
      continue;
    }
    ASSERT_EQ(report.problems.size(), 1u);
    EXPECT_EQ(report.problems[0].evidence["dead_metrics"], nlohmann::json(c.dead));
  }
}

TEST(StaleDeadMetric, UnableToRunWithoutPrometheusOrRules) {
  HistoryBuilder h(Week("2026-11-23"));
  h.Rule("A").Defined("gone > 0");
  CheckInput in = h.Build();
  in.prometheus_availability.status = Unavailable("GET /api/v1/label/__name__/values: timeout");
  CheckReport report = testing::RunOnly("stale/dead-metric", in);
  ASSERT_EQ(report.unable.size(), 1u);
  EXPECT_EQ(report.unable[0].reason,
            "Prometheus unavailable: GET /api/v1/label/__name__/values: timeout");
  EXPECT_TRUE(report.problems.empty());

  HistoryBuilder none(Week("2026-11-23"));
  CheckInput no_rules = WithPrometheus(none, {"up"});
  EXPECT_EQ(testing::RunOnly("stale/dead-metric", no_rules).unable.size(), 1u);
}

TEST(StaleDeadMetric, RendersEvidenceAndFix) {
  HistoryBuilder h(Week("2026-11-23"));
  h.Rule("CephOSDFlapping").Defined("changes(ceph_osd_up[10m]) > 2");
  h.Rule("NodeDown").Defined("up{job=\"node\"} == 0");
  CheckInput in = WithPrometheus(h, {"up", "ceph_osd_up_total", "ceph_osd_in", "node_load1"});
  in.rules[0].definition.file = "rules/ceph.yml";
  in.rules[0].definition.line = 31;
  CheckReport report = testing::RunOnly("stale/dead-metric", in);
  ASSERT_EQ(report.problems.size(), 1u);
  testing::ExpectGolden("checks/stale_dead_metric.json", testing::RenderProblems(report));
}

}  // namespace
}  // namespace nagame::rules
