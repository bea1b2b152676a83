// End to end: ReadUpstreams against a real Prometheus and a real Alertmanager (Debian's
// binaries, loopback, one of each for the whole suite), and the checks that need them run on
// what it read: stale/dead-metric, missing/coverage (before and after a rule reload) and
// missing/trend on a series the test makes grow.
//
// The growing series: the test serves a scrape target whose gauge nagame_e2e_queue_depth goes
// up by one at every scrape (1 s); Prometheus scrapes it and itself.
#include <gtest/gtest.h>

#include <csignal>
#include <thread>

#include "bot/net/http_client.h"
#include "bot/upstream/upstream_reader.h"
#include "rules/check_runner.h"
#include "tests/support/check_harness.h"
#include "tests/support/files.h"
#include "tests/support/process.h"
#include "tests/support/prometheus_stack.h"
#include "tests/support/tls_test_server.h"
#include "tests/support/upstream_input.h"

namespace nagame::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kGrowingScrapes = 900;  // the gauge stops growing after 15 minutes
constexpr char kSilenceComment[] = "JIRA-7: e2e silence";

const char* kInitialRules = R"(groups:
  - name: e2e
    rules:
      - alert: DeadMetric
        expr: nagame_e2e_metric_that_does_not_exist > 0
      - alert: LiveMetric
        expr: up{job="prometheus"} == 0
)";
const char* kReloadedRules = R"(groups:
  - name: e2e
    rules:
      - alert: DeadMetric
        expr: nagame_e2e_metric_that_does_not_exist > 0
      - alert: LiveMetric
        expr: up{job="prometheus"} == 0
      - alert: PrometheusRuleFailures
        expr: increase(prometheus_rule_evaluation_failures_total[5m]) > 0
)";

std::string Loopback(uint16_t port) { return "127.0.0.1:" + std::to_string(port); }

class UpstreamE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { suite_ = new Suite(); }
  static void TearDownTestSuite() {
    delete suite_;
    suite_ = nullptr;
  }

  struct Suite {
    Suite() { ready = Start(); }

    bool Start() {
      auto t = TlsTestServer::Start({.tls = false});
      if (!t.ok()) return Fail("scrape target: " + t.status().ToString());
      target = std::move(t).value();
      for (int i = 0; i < kGrowingScrapes; ++i) target->Enqueue(Scrape(i));
      target->SetDefault(Scrape(kGrowingScrapes));
      if (!StartPrometheus() || !StartAlertmanager()) return false;
      // Two scrapes: Prometheus has the target's metric and its own.
      if (!target->WaitForRequests(2, 30s)) return Fail("the target was not scraped");
      return true;
    }

    static ScriptedResponse Scrape(int value) {
      return {.headers = {{"Content-Type", "text/plain; version=0.0.4"}},
              .body = "# TYPE nagame_e2e_queue_depth gauge\nnagame_e2e_queue_depth " +
                      std::to_string(value) + "\n"};
    }

    bool StartPrometheus() {
      auto port = PickFreeLoopbackPort();
      if (!port.ok()) return Fail(port.status().ToString());
      prometheus_port = *port;
      WriteFile(dir / "rules.yml", kInitialRules);
      WriteFile(dir / "prometheus.yml",
                "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
                "rule_files: [\"" +
                    (dir / "rules.yml").string() +
                    "\"]\n"
                    "scrape_configs:\n"
                    "  - job_name: prometheus\n"
                    "    static_configs: [{targets: [\"" +
                    Loopback(prometheus_port) +
                    "\"]}]\n"
                    "  - job_name: queue\n"
                    "    static_configs: [{targets: [\"" +
                    Loopback(target->port()) + "\"]}]\n");
      auto p = Process::Start(
          {.name = "prometheus",
           .argv = {kPrometheusBinary, "--config.file=" + (dir / "prometheus.yml").string(),
                    "--storage.tsdb.path=" + (dir / "data").string(),
                    "--web.listen-address=" + Loopback(prometheus_port)},
           .log_dir = dir.path()});
      if (!p.ok()) return Fail(p.status().ToString());
      prometheus = std::move(p).value();
      Status ready = WaitForHttpOk(prometheus_port, "/-/ready", 30s, prometheus.get());
      return ready.ok() || Fail(ready.ToString());
    }

    bool StartAlertmanager() {
      AlertmanagerServer::Options options;
      options.dir = dir.path();
      options.webhook_url = "http://127.0.0.1:9/unused";
      auto am = AlertmanagerServer::Start(options);
      if (!am.ok()) return Fail(am.status().ToString());
      alertmanager = std::move(am).value();
      if (Status st = alertmanager->WaitReady(); !st.ok()) return Fail(st.ToString());
      const Time now = std::chrono::system_clock::now();
      nlohmann::json silence = {
          {"matchers", {{{"name", "alertname"}, {"value", "DeadMetric"}, {"isRegex", false}}}},
          {"startsAt", FormatRfc3339(now)},
          {"endsAt", FormatRfc3339(now + 1h)},
          {"createdBy", "e2e"},
          {"comment", kSilenceComment}};
      auto res = bot::net::HttpClient().Post(alertmanager->url() + "/api/v2/silences",
                                             silence.dump(), "application/json");
      if (!res.ok() || res->status != 200) {
        return Fail("creating a silence: " + (res.ok()
                                                  ? std::to_string(res->status) + " " + res->body
                                                  : res.status().ToString()));
      }
      return true;
    }

    bool Fail(const std::string& why) {
      error = why + (prometheus ? "\n" + prometheus->StderrTail(2000) : "");
      return false;
    }

    TempDir dir;
    std::unique_ptr<TlsTestServer> target;
    uint16_t prometheus_port = 0;
    std::unique_ptr<Process> prometheus;
    std::unique_ptr<AlertmanagerServer> alertmanager;
    bool ready = false;
    std::string error;
  };

  void SetUp() override {
    ASSERT_TRUE(suite_ && suite_->ready) << (suite_ ? suite_->error : "no suite");
  }

  static bot::Config Config(std::vector<bot::WatchQuery> watch = {}) {
    bot::Config config;
    config.prometheus.url = "http://" + Loopback(suite_->prometheus_port);
    config.alertmanager.url = suite_->alertmanager->url();
    config.watch = std::move(watch);
    return config;
  }

  // The last minute, as a review window, read from the servers and made into check input.
  static rules::CheckInput ReadInput(const bot::Config& config) {
    const Time now = std::chrono::system_clock::now();
    return UpstreamCheckInput(config, {now - 60s, now}, now);
  }

  static std::vector<std::string> CatalogEntries(const rules::CheckReport& report) {
    std::vector<std::string> out;
    for (const rules::Problem& p : report.problems) out.push_back(p.evidence["catalog_entry"]);
    return out;
  }

  static Suite* suite_;
};

UpstreamE2E::Suite* UpstreamE2E::suite_ = nullptr;

bool Has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

TEST_F(UpstreamE2E, ReadsRulesMetricsAndSilences) {
  rules::CheckInput in = ReadInput(Config());
  ASSERT_TRUE(in.rules_availability.ok()) << in.rules_availability.status.ToString();
  ASSERT_TRUE(in.prometheus_availability.ok()) << in.prometheus_availability.status.ToString();
  ASSERT_TRUE(in.silences_availability.ok()) << in.silences_availability.status.ToString();
  std::vector<std::string> names;
  for (const rules::DefinedRule& r : in.rules) names.push_back(r.definition.name);
  EXPECT_TRUE(Has(names, "DeadMetric") && Has(names, "LiveMetric"))
      << ::testing::PrintToString(names);
  EXPECT_EQ(in.rules.at(0).definition.group, "e2e");
  EXPECT_EQ(in.rules.at(0).definition.file, (suite_->dir / "rules.yml").string());
  EXPECT_TRUE(in.prometheus_metrics.count("up"));
  EXPECT_TRUE(in.prometheus_metrics.count("nagame_e2e_queue_depth"));
  EXPECT_TRUE(in.prometheus_metrics.count("prometheus_build_info"));
  ASSERT_EQ(in.silences.size(), 1u);
  EXPECT_EQ(in.silences[0].comment, kSilenceComment);
  EXPECT_EQ(in.silences[0].state, "active");
  ASSERT_EQ(in.silences[0].matchers.size(), 1u);
  EXPECT_EQ(in.silences[0].matchers[0].value, "DeadMetric");
}

TEST_F(UpstreamE2E, DeadMetricFlagsOnlyTheRuleOnAMissingMetric) {
  rules::CheckReport report = RunOnly("stale/dead-metric", ReadInput(Config()));
  EXPECT_TRUE(report.unable.empty()) << report.unable.at(0).reason;
  EXPECT_EQ(ProblemRules(report), std::vector<std::string>{"DeadMetric"});
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0].evidence["dead_metrics"],
            nlohmann::json({"nagame_e2e_metric_that_does_not_exist"}));
}

TEST_F(UpstreamE2E, CoverageFindsPrometheusMetaMonitoringUntilARuleSelectsIt) {
  rules::CheckReport before = RunOnly("missing/coverage", ReadInput(Config()));
  EXPECT_TRUE(before.unable.empty()) << before.unable.at(0).reason;
  std::vector<std::string> flagged = CatalogEntries(before);
  EXPECT_TRUE(Has(flagged, "prometheus-rule-evaluation-failures"))
      << ::testing::PrintToString(flagged);
  EXPECT_TRUE(Has(flagged, "prometheus-config-reload-failed")) << ::testing::PrintToString(flagged);
  EXPECT_FALSE(Has(flagged, "targets-down")) << "LiveMetric selects up";

  // Add a rule on prometheus_rule_evaluation_failures_total and reload (SIGHUP).
  WriteFile(suite_->dir / "rules.yml", kReloadedRules);
  ASSERT_EQ(kill(suite_->prometheus->pid(), SIGHUP), 0);
  rules::CheckInput in;
  for (auto deadline = std::chrono::steady_clock::now() + 20s;
       std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(200ms)) {
    in = ReadInput(Config());
    if (in.rules.size() == 3) break;
  }
  ASSERT_EQ(in.rules.size(), 3u) << "Prometheus did not load the new rule";
  std::vector<std::string> after = CatalogEntries(RunOnly("missing/coverage", in));
  EXPECT_FALSE(Has(after, "prometheus-rule-evaluation-failures"))
      << ::testing::PrintToString(after);
  EXPECT_TRUE(Has(after, "prometheus-config-reload-failed")) << ::testing::PrintToString(after);
}

TEST_F(UpstreamE2E, TrendFlagsTheGrowingSeriesNotTheFlatOne) {
  // 8 scrapes: at least the 5 points asked for below (the default, 10, would only make the
  // test wait longer) in the 60 s window.
  ASSERT_TRUE(suite_->target->WaitForRequests(8, 40s));
  rules::CheckInput in = ReadInput(Config({{"queue depth", "max(nagame_e2e_queue_depth)", 100000.0},
                                           {"build info", "max(prometheus_build_info)", 2.0}}));
  ASSERT_EQ(in.watch.size(), 2u);
  for (const rules::WatchSeries& w : in.watch) {
    EXPECT_TRUE(w.status.ok()) << w.name << ": " << w.status.ToString();
    EXPECT_GE(w.points.size(), 5u) << w.name;
  }
  rules::CheckReport report = RunOnly("missing/trend", in, {{"min_points", 5}});
  EXPECT_TRUE(report.unable.empty()) << report.unable.at(0).reason;
  ASSERT_EQ(report.problems.size(), 1u);
  const rules::Problem& p = report.problems[0];
  EXPECT_EQ(p.evidence["watch"], "queue depth");
  // One per scrape, every second: 86,400 a day (the robust slope ignores a late scrape).
  EXPECT_NEAR(p.evidence["slope_per_day"].get<double>(), 86400, 8640);
  EXPECT_NE(p.fix.yaml.find("predict_linear((max(nagame_e2e_queue_depth))[1d:5m]"),
            std::string::npos)
      << p.fix.yaml;
}

TEST_F(UpstreamE2E, ABrokenWatchQueryCarriesPrometheusError) {
  rules::CheckInput in = ReadInput(Config({{"broken", "sum(", 1.0}}));
  ASSERT_EQ(in.watch.size(), 1u);
  EXPECT_NE(in.watch[0].status.message().find("GET /api/v1/query_range: HTTP 400: bad_data: "),
            std::string::npos)
      << in.watch[0].status.message();
  rules::CheckReport report = RunOnly("missing/trend", in);
  ASSERT_EQ(report.unable.size(), 1u);
  EXPECT_NE(report.unable[0].reason.find("bad_data"), std::string::npos) << report.unable[0].reason;
}

}  // namespace
}  // namespace nagame::testing
