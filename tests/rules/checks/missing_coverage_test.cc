// missing/coverage: which present systems count as covered (by metric, regex, alert name),
// the ignore option, and unable-to-run; run on the built-in catalog.
#include <gtest/gtest.h>

#include "rules/catalog.h"
#include "rules/check_runner.h"
#include "tests/support/check_harness.h"
#include "tests/support/golden.h"
#include "tests/support/history_builder.h"

namespace nagame::rules {
namespace {

using testing::HistoryBuilder;
using testing::Week;

struct DefinedAs {
  const char* name;
  const char* expr;
};

constexpr char kCheck[] = "missing/coverage";

// Rules defined as given, Prometheus up with `metrics`, and the built-in catalog.
std::function<void(HistoryBuilder&)> RulesAndMetrics(std::vector<DefinedAs> rules,
                                                     std::set<std::string> metrics) {
  return [rules, metrics](HistoryBuilder& h) {
    for (const DefinedAs& r : rules) h.Rule(r.name).Defined(r.expr);
    CheckInput& in = h.input();
    in.rules_availability.status = Status::Ok();
    in.prometheus_metrics = metrics;
    in.prometheus_availability.status = Status::Ok();
    const auto& catalog = BuiltinCatalog();
    EXPECT_TRUE(catalog.ok()) << catalog.status().ToString();
    if (catalog.ok()) in.catalog = *catalog;
  };
}

CheckInput Input(const std::vector<DefinedAs>& rules, std::set<std::string> metrics) {
  HistoryBuilder h(Week("2026-11-23"));
  RulesAndMetrics(rules, std::move(metrics))(h);
  return h.Build();
}

TEST(MissingCoverage, Table) {  // flagged: catalog entries
  const testing::CheckCase cases[] = {
      {"targets present, no rule", RulesAndMetrics({}, {"up"}), {"targets-down"}},
      {"a rule on up covers it", RulesAndMetrics({{"TargetDown", "up == 0"}}, {"up"}), {}},
      {"a narrower selector still covers it",
       RulesAndMetrics({{"A", "up{job=\"api\"} < 1"}}, {"up"}),
       {}},
      {"a rule on another metric does not",
       RulesAndMetrics({{"A", "node_load1 > 4"}}, {"up"}),
       {"targets-down"}},
      {"any covered_by metric covers",
       RulesAndMetrics(
           {{"Crash",
             "kube_pod_container_status_waiting_reason{reason=\"CrashLoopBackOff\"} == 1"}},
           {"kube_pod_container_status_restarts_total"}),
       {}},
      {"a __name__ regex covers",
       RulesAndMetrics({{"Probe", "{__name__=~\"probe_.*\"} == 0"}}, {"probe_success"}),
       {}},
      {"an unparseable rule covers nothing",
       RulesAndMetrics({{"Broken", "up =="}}, {"up"}),
       {"targets-down"}},
      {"Watchdog is covered by its alert name",
       RulesAndMetrics({{"Watchdog", "vector(1)"}},
                       {"prometheus_notifications_alertmanagers_discovered"}),
       {}},
      {"Watchdog missing",
       RulesAndMetrics({}, {"prometheus_notifications_alertmanagers_discovered"}),
       {"watchdog"}},
      {"ignored entries are not suggested",
       RulesAndMetrics({}, {"up", "probe_success"}),
       {"blackbox-probe-failures"},
       {{"ignore", {"targets-down"}}}},
      {"metrics outside the catalog mean nothing",
       RulesAndMetrics({}, {"my_app_widgets_total"}),
       {}},
      {"catalog order, each entry once",
       RulesAndMetrics({}, {"probe_success", "up", "pg_up"}),
       {"postgres-down", "targets-down", "blackbox-probe-failures"}},
  };
  testing::ExpectTable({kCheck, testing::EvidenceOf("catalog_entry")}, cases);
}

TEST(MissingCoverage, UnableToRunWithoutPrometheusRulesOrCatalog) {
  struct Case {
    const char* name;
    std::function<void(CheckInput&)> breakit;
    const char* reason;
  };
  const Case cases[] = {
      {"Prometheus down",
       [](CheckInput& in) {
         in.prometheus_availability.status = Unavailable(
             "GET /api/v1/label/__name__/values: "
             "connect: 127.0.0.1:9: Connection refused");
       },
       "Prometheus unavailable: GET /api/v1/label/__name__/values: connect: 127.0.0.1:9: "
       "Connection refused"},
      {"no rule definitions", [](CheckInput& in) { in.rules_availability = Availability(); },
       "rule definitions unavailable: not configured"},
      {"empty catalog", [](CheckInput& in) { in.catalog.clear(); },
       "coverage catalog unavailable: it has no entries"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    CheckInput in = Input({}, {"up"});
    c.breakit(in);
    CheckReport report = testing::RunOnly(kCheck, in);
    ASSERT_EQ(report.unable.size(), 1u);
    EXPECT_EQ(report.unable[0].reason, c.reason);
    EXPECT_TRUE(report.problems.empty());
  }
}

TEST(MissingCoverage, RendersEvidenceAndTheCatalogRule) {
  CheckInput in = Input({{"NodeDown", "up == 0"}},
                        {"up", "node_filesystem_avail_bytes", "node_filesystem_size_bytes",
                         "prometheus_rule_evaluation_failures_total"});
  CheckReport report = testing::RunOnly(kCheck, in);
  ASSERT_EQ(report.problems.size(), 2u);
  testing::ExpectGolden("checks/missing_coverage.json", testing::RenderProblems(report));
}

}  // namespace
}  // namespace nagame::rules
