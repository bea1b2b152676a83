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

CheckInput Input(const std::vector<DefinedAs>& rules, std::set<std::string> metrics) {
  HistoryBuilder h(Week("2026-11-23"));
  for (const DefinedAs& r : rules) h.Rule(r.name).Defined(r.expr);
  CheckInput in = h.Build();
  in.rules_availability.status = Status::Ok();
  in.prometheus_metrics = std::move(metrics);
  in.prometheus_availability.status = Status::Ok();
  const auto& catalog = BuiltinCatalog();
  EXPECT_TRUE(catalog.ok()) << catalog.status().ToString();
  if (catalog.ok()) in.catalog = *catalog;
  return in;
}

std::vector<std::string> FlaggedEntries(const CheckReport& report) {
  std::vector<std::string> out;
  for (const Problem& p : report.problems) out.push_back(p.evidence["catalog_entry"]);
  return out;
}

TEST(MissingCoverage, Table) {
  struct Case {
    const char* name;
    std::vector<DefinedAs> rules;
    std::set<std::string> metrics;
    nlohmann::json options;
    std::vector<std::string> flagged;
  };
  const Case cases[] = {
      {"targets present, no rule", {}, {"up"}, {}, {"targets-down"}},
      {"a rule on up covers it", {{"TargetDown", "up == 0"}}, {"up"}, {}, {}},
      {"a narrower selector still covers it", {{"A", "up{job=\"api\"} < 1"}}, {"up"}, {}, {}},
      {"a rule on another metric does not",
       {{"A", "node_load1 > 4"}},
       {"up"},
       {},
       {"targets-down"}},
      {"any covered_by metric covers",
       {{"Crash", "kube_pod_container_status_waiting_reason{reason=\"CrashLoopBackOff\"} == 1"}},
       {"kube_pod_container_status_restarts_total"},
       {},
       {}},
      {"a __name__ regex covers",
       {{"Probe", "{__name__=~\"probe_.*\"} == 0"}},
       {"probe_success"},
       {},
       {}},
      {"an unparseable rule covers nothing", {{"Broken", "up =="}}, {"up"}, {}, {"targets-down"}},
      {"Watchdog is covered by its alert name",
       {{"Watchdog", "vector(1)"}},
       {"prometheus_notifications_alertmanagers_discovered"},
       {},
       {}},
      {"Watchdog missing",
       {},
       {"prometheus_notifications_alertmanagers_discovered"},
       {},
       {"watchdog"}},
      {"ignored entries are not suggested",
       {},
       {"up", "probe_success"},
       {{"ignore", {"targets-down"}}},
       {"blackbox-probe-failures"}},
      {"metrics outside the catalog mean nothing", {}, {"my_app_widgets_total"}, {}, {}},
      {"catalog order, each entry once",
       {},
       {"probe_success", "up", "pg_up"},
       {},
       {"postgres-down", "targets-down", "blackbox-probe-failures"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    CheckReport report = testing::RunOnly("missing/coverage", Input(c.rules, c.metrics), c.options);
    EXPECT_TRUE(report.unable.empty());
    EXPECT_EQ(FlaggedEntries(report), c.flagged);
  }
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
    CheckReport report = testing::RunOnly("missing/coverage", in);
    ASSERT_EQ(report.unable.size(), 1u);
    EXPECT_EQ(report.unable[0].reason, c.reason);
    EXPECT_TRUE(report.problems.empty());
  }
}

TEST(MissingCoverage, RendersEvidenceAndTheCatalogRule) {
  CheckInput in = Input({{"NodeDown", "up == 0"}},
                        {"up", "node_filesystem_avail_bytes", "node_filesystem_size_bytes",
                         "prometheus_rule_evaluation_failures_total"});
  CheckReport report = testing::RunOnly("missing/coverage", in);
  ASSERT_EQ(report.problems.size(), 2u);
  testing::ExpectGolden("checks/missing_coverage.json", testing::RenderProblems(report));
}

}  // namespace
}  // namespace nagame::rules
