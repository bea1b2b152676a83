// Launchers for a real Prometheus and an HA cluster of real Alertmanagers on loopback, with
// generated configs and the HTTP queries end-to-end tests need (readiness, cluster, PromQL).
//
// Example:
//   TempDir dir;
//   StackOptions options;
//   options.dir = dir.path();
//   options.rules = {{"AlwaysFiring", "vector(1)"}};
//   options.webhook_url = "http://127.0.0.1:8080/webhooks/alertmanager";
//   options.bearer_token = "t0ken";
//   auto stack = PrometheusStack::Start(options);
//   ASSERT_TRUE(stack.ok()) << stack.status().ToString();
//   ASSERT_TRUE((*stack)->WaitUntilSettled().ok());
//   auto firing = (*stack)->prometheus().QueryRange("ALERTS", from, to, std::chrono::seconds(1));
//
// Uses the Debian binaries /usr/bin/prometheus and /usr/bin/prometheus-alertmanager. Every
// process is killed and reaped when its object is destroyed (see process.h).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/status.h"
#include "rules/time.h"
#include "tests/support/process.h"

namespace nagame::testing {

inline constexpr char kPrometheusBinary[] = "/usr/bin/prometheus";
inline constexpr char kAlertmanagerBinary[] = "/usr/bin/prometheus-alertmanager";

// `GET http://127.0.0.1:<port><target>`, expecting 200 and a JSON body.
// Errors: kUnavailable on a connection failure or a status other than 200 (the message has
// the status and the start of the body); kInvalidArgument when the body is not JSON.
Result<nlohmann::json> GetJson(uint16_t port, const std::string& target);

// Scrapes `GET http://127.0.0.1:<port>/metrics` (Prometheus text format) and sums the samples
// of metric `name` whose series text contains `label_filter` (e.g. `integration="webhook"`;
// empty: every series of that name). Errors: as GetJson for the request; kNotFound when no
// series matched.
Result<double> ScrapeMetricSum(uint16_t port, const std::string& name,
                               const std::string& label_filter = {});

// Percent-encodes `text` for a URL query value (RFC 3986 unreserved characters stay).
std::string UrlEncode(std::string_view text);

// One alerting rule of the generated rule file (group "e2e").
struct AlertRule {
  std::string name;          // alertname
  std::string expr;          // PromQL
  std::string for_duration;  // e.g. "30s"; empty: fires on the first evaluation
  std::map<std::string, std::string> labels;
};

// One series of a PromQL range query answer.
struct RangeSeries {
  std::map<std::string, std::string> labels;
  std::vector<Time> sample_times;  // ascending; the values are not kept
};

// A real Prometheus: rule evaluation, sending alerts to the given Alertmanagers.
class PrometheusServer {
 public:
  struct Options {
    std::filesystem::path dir;  // config, data and logs go below it; must exist
    std::vector<AlertRule> rules;
    std::vector<uint16_t> alertmanager_ports;  // web ports of the Alertmanagers on 127.0.0.1
    Duration evaluation_interval = std::chrono::seconds(1);
    Duration scrape_interval = std::chrono::seconds(1);  // it scrapes only itself
    // How long Prometheus waits before re-sending an active alert (--rules.alert.resend-delay;
    // Prometheus' default is 1m). Alerts raised before it knows its Alertmanagers are dropped
    // and only re-sent after this delay.
    Duration resend_delay = std::chrono::seconds(1);
    // An OpenMetrics file of past samples, written into the data directory with `promtool tsdb
    // create-blocks-from openmetrics` before Prometheus starts (as a user backfills history).
    // Empty: none. The retention (90d) keeps weeks-old blocks.
    std::filesystem::path backfill;
  };

  // Writes the config and rule file, backfills, and starts Prometheus on a free loopback port.
  // Errors: kUnavailable when the binary cannot be started (see Process::Start) or promtool
  // fails (with its output).
  static Result<std::unique_ptr<PrometheusServer>> Start(Options options);

  uint16_t port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  Process& process() { return *process_; }

  // Waits until /-/ready answers 200. Errors: kUnavailable on timeout or if it exited.
  Status WaitReady(Duration timeout = std::chrono::seconds(30));

  // How many Alertmanagers the notifier currently sends to (/api/v1/alertmanagers, the same
  // list as the gauge prometheus_notifications_alertmanagers_discovered).
  Result<size_t> DiscoveredAlertmanagers();

  // An instant query's value as a number (the first sample of a vector, or a scalar).
  // Errors: as GetJson; kNotFound when the answer is an empty vector.
  Result<double> QueryScalar(const std::string& promql);

  // /api/v1/query_range over [start, end] with `step`. Errors: as GetJson, and
  // kInvalidArgument when the answer is not a matrix.
  Result<std::vector<RangeSeries>> QueryRange(const std::string& promql, Time start, Time end,
                                              Duration step);

 private:
  explicit PrometheusServer(Options options) : options_(std::move(options)) {}

  Options options_;
  uint16_t port_ = 0;
  std::unique_ptr<Process> process_;
};

// A real Alertmanager that routes every alert to one webhook receiver.
class AlertmanagerServer {
 public:
  struct Options {
    std::string name = "alertmanager";         // log file and data dir name
    std::filesystem::path dir;                 // must exist
    uint16_t web_port = 0;                     // 0: a free port is picked
    uint16_t cluster_port = 0;                 // 0: a free port is picked
    std::vector<uint16_t> peer_cluster_ports;  // the other members on 127.0.0.1
    // Each member waits position × peer_timeout before sending, then skips what a peer
    // already sent (per the gossiped notification log). Alertmanager's default is 15s.
    Duration peer_timeout = std::chrono::seconds(2);
    // Receiver: POST `webhook_url` with "Authorization: Bearer <bearer_token>".
    std::string webhook_url;
    std::string bearer_token;
    bool send_resolved = true;
    // Route.
    std::vector<std::string> group_by = {"alertname"};
    Duration group_wait = std::chrono::seconds(1);
    Duration group_interval = std::chrono::seconds(2);
    Duration repeat_interval = std::chrono::seconds(6);  // rounded up to group_interval
    std::string log_level = "info";
  };

  // Writes the config and starts the Alertmanager. Errors: as PrometheusServer::Start.
  static Result<std::unique_ptr<AlertmanagerServer>> Start(Options options);

  uint16_t web_port() const { return options_.web_port; }
  uint16_t cluster_port() const { return options_.cluster_port; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(options_.web_port); }
  Process& process() { return *process_; }

  // Waits until /-/ready answers 200. Errors: kUnavailable on timeout or if it exited.
  Status WaitReady(Duration timeout = std::chrono::seconds(30));

  // /api/v2/status's cluster block: status ("ready", "settling" or "disabled") and how many
  // peers (itself included) it knows.
  struct ClusterStatus {
    std::string status;
    size_t peers = 0;
  };
  Result<ClusterStatus> Cluster();

  // ScrapeMetricSum of its /metrics.
  Result<double> MetricSum(const std::string& name, const std::string& label_filter = {}) {
    return ScrapeMetricSum(options_.web_port, name, label_filter);
  }

 private:
  explicit AlertmanagerServer(Options options) : options_(std::move(options)) {}

  Options options_;
  std::unique_ptr<Process> process_;
};

// What a PrometheusStack runs.
struct StackOptions {
  std::filesystem::path dir;  // everything goes below it; must exist
  std::vector<AlertRule> rules;
  int alertmanagers = 2;    // members of one cluster, all receiving from Prometheus
  std::string webhook_url;  // where every Alertmanager sends
  std::string bearer_token;
  Duration peer_timeout = std::chrono::seconds(2);
  Duration group_wait = std::chrono::seconds(1);
  Duration group_interval = std::chrono::seconds(2);
  Duration repeat_interval = std::chrono::seconds(6);
  Duration resend_delay = std::chrono::seconds(1);
  std::string alertmanager_log_level = "info";
};

// Prometheus plus an Alertmanager cluster, started together. Destroying it kills them all.
class PrometheusStack {
 public:
  // Starts the Alertmanagers am1, am2, … and then Prometheus. Which member sends first
  // (cluster position 0) follows the members' generated names, not the start order. Errors: the
  // first launcher error.
  static Result<std::unique_ptr<PrometheusStack>> Start(StackOptions options);

  // Waits until the stack delivers what it evaluates: Prometheus ready and sending to every
  // Alertmanager, and every Alertmanager ready with its cluster "ready" (gossip settled) and
  // knowing all members. Before that moment alerts are dropped (Prometheus) or held back
  // (Alertmanager). Errors: kUnavailable on timeout (the message says which condition was
  // still false) or when a process exited.
  Status WaitUntilSettled(Duration timeout = std::chrono::seconds(60));

  PrometheusServer& prometheus() { return *prometheus_; }
  AlertmanagerServer& alertmanager(size_t i) { return *alertmanagers_.at(i); }
  size_t alertmanager_count() const { return alertmanagers_.size(); }

  // Stops Prometheus first (no new alerts), then the Alertmanagers (SIGTERM, then SIGKILL).
  void Stop();

  // The stderr tails of every process, for a failure message.
  std::string Logs() const;

 private:
  PrometheusStack() = default;

  std::vector<std::unique_ptr<AlertmanagerServer>> alertmanagers_;
  std::unique_ptr<PrometheusServer> prometheus_;
};

}  // namespace nagame::testing
