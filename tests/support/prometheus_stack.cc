// Real Prometheus and Alertmanager processes on loopback: configs, start-up, readiness, queries.
#include "tests/support/prometheus_stack.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <functional>
#include <sstream>
#include <thread>

#include "tests/support/files.h"
#include "tests/support/http_client.h"

namespace nagame::testing {
namespace {

constexpr auto kPoll = std::chrono::milliseconds(100);

// A duration as Go and Prometheus parse it: "2s", "1500ms".
std::string GoDuration(Duration d) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

// A string as a YAML double-quoted scalar (JSON strings are valid YAML).
std::string YamlQuote(const std::string& s) { return nlohmann::json(s).dump(); }

std::string Loopback(uint16_t port) { return "127.0.0.1:" + std::to_string(port); }

// Unix seconds with millisecond precision, as Prometheus' API takes them.
std::string UnixSeconds(Time t) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", ToUnixNanos(t) / 1e9);
  return buf;
}

Result<std::string> GetText(uint16_t port, const std::string& target) {
  HttpClient client(port);
  client.set_timeout(std::chrono::seconds(10));
  auto res = client.Get(target);
  if (!res.ok()) return res.status();
  if (res->status != 200) {
    return Unavailable("GET " + Loopback(port) + target + ": status " +
                       std::to_string(res->status) + ": " + res->body.substr(0, 300));
  }
  return std::move(res->body);
}

// Starts `argv` as `name`, logging into `dir`.
Result<std::unique_ptr<Process>> Launch(const std::string& name, std::vector<std::string> argv,
                                        const std::filesystem::path& dir) {
  ProcessOptions o;
  o.name = name;
  o.argv = std::move(argv);
  o.log_dir = dir;
  return Process::Start(std::move(o));
}

// Writes the samples of OpenMetrics file `samples` as blocks into <dir>/prometheus-data with
// promtool, as an operator backfills history.
Status Backfill(const std::filesystem::path& samples, const std::filesystem::path& dir) {
  NAGAME_ASSIGN_OR_RETURN(std::unique_ptr<Process> promtool,
                          Launch("promtool-backfill",
                                 {"/usr/bin/promtool", "tsdb", "create-blocks-from", "openmetrics",
                                  "--quiet", samples.string(), (dir / "prometheus-data").string()},
                                 dir));
  std::optional<ExitStatus> exit = promtool->WaitExit(std::chrono::minutes(3));
  if (!exit || !exit->success()) {
    return Unavailable("promtool tsdb create-blocks-from openmetrics " + samples.string() + ": " +
                       (exit ? exit->ToString() : "not done within 3m") + "; stderr:\n" +
                       promtool->StderrTail());
  }
  return Status::Ok();
}

// Polls `condition` (which returns OK when met, or why not) every kPoll until it holds, a
// process in `watch` exits, or `timeout` passes.
Status PollUntil(const std::function<Status()>& condition, const std::vector<Process*>& watch,
                 Duration timeout, const std::string& what) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  Status last = Unavailable("not checked");
  for (;;) {
    for (Process* p : watch) {
      if (!p->Running()) {
        return Unavailable(p->name() + " exited (" + p->exit_status()->ToString() + ") while " +
                           what + "; stderr:\n" + p->StderrTail());
      }
    }
    last = condition();
    if (last.ok()) return last;
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(kPoll);
  }
  return Unavailable(what + ": not done within " + FormatDuration(timeout) +
                     "; last: " + last.message());
}

}  // namespace

std::string UrlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

Result<nlohmann::json> GetJson(uint16_t port, const std::string& target) {
  NAGAME_ASSIGN_OR_RETURN(std::string body, GetText(port, target));
  auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    return InvalidArgument("GET " + Loopback(port) + target + ": not JSON: " + body.substr(0, 300));
  }
  return json;
}

Result<double> ScrapeMetricSum(uint16_t port, const std::string& name,
                               const std::string& label_filter) {
  NAGAME_ASSIGN_OR_RETURN(std::string text, GetText(port, "/metrics"));
  std::istringstream lines(text);
  std::string line;
  double sum = 0;
  bool found = false;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (line.compare(0, name.size(), name) != 0) continue;
    char next = line.size() > name.size() ? line[name.size()] : '\0';
    if (next != '{' && next != ' ') continue;  // a longer metric name
    auto space = line.rfind(' ');
    std::string series = line.substr(0, space);
    if (!label_filter.empty() && series.find(label_filter) == std::string::npos) continue;
    sum += std::stod(line.substr(space + 1));
    found = true;
  }
  if (!found) return NotFound("no series " + name + "{" + label_filter + "} in /metrics");
  return sum;
}

// --- Prometheus ---

Result<std::unique_ptr<PrometheusServer>> PrometheusServer::Start(Options options) {
  std::unique_ptr<PrometheusServer> s(new PrometheusServer(std::move(options)));
  const Options& o = s->options_;
  NAGAME_ASSIGN_OR_RETURN(s->port_, PickFreeLoopbackPort());

  std::ostringstream rules;
  rules << "groups:\n- name: e2e\n  rules:\n";
  for (const AlertRule& r : o.rules) {
    rules << "  - alert: " << r.name << "\n    expr: " << YamlQuote(r.expr) << "\n";
    if (!r.for_duration.empty()) rules << "    for: " << r.for_duration << "\n";
    if (!r.labels.empty()) {
      rules << "    labels:\n";
      for (const auto& [k, v] : r.labels) rules << "      " << k << ": " << YamlQuote(v) << "\n";
    }
  }
  WriteFile(o.dir / "prometheus-rules.yml", rules.str());

  std::ostringstream config;
  config << "global:\n"
         << "  scrape_interval: " << GoDuration(o.scrape_interval) << "\n"
         << "  evaluation_interval: " << GoDuration(o.evaluation_interval) << "\n"
         << "rule_files: [" << YamlQuote((o.dir / "prometheus-rules.yml").string()) << "]\n"
         << "alerting:\n  alertmanagers:\n  - static_configs:\n    - targets: [";
  for (size_t i = 0; i < o.alertmanager_ports.size(); ++i) {
    config << (i ? ", " : "") << YamlQuote(Loopback(o.alertmanager_ports[i]));
  }
  config << "]\n"
         << "scrape_configs:\n- job_name: prometheus\n  static_configs:\n  - targets: ["
         << YamlQuote(Loopback(s->port_)) << "]\n";
  WriteFile(o.dir / "prometheus.yml", config.str());

  std::filesystem::create_directories(o.dir / "prometheus-data");
  if (!o.backfill.empty()) NAGAME_RETURN_IF_ERROR(Backfill(o.backfill, o.dir));
  NAGAME_ASSIGN_OR_RETURN(
      s->process_,
      Launch("prometheus",
             {kPrometheusBinary, "--config.file=" + (o.dir / "prometheus.yml").string(),
              "--storage.tsdb.path=" + (o.dir / "prometheus-data").string(),
              "--storage.tsdb.retention.time=90d", "--web.listen-address=" + Loopback(s->port_),
              "--rules.alert.resend-delay=" + GoDuration(o.resend_delay), "--log.level=info"},
             o.dir));
  return s;
}

Status PrometheusServer::WaitReady(Duration timeout) {
  return WaitForHttpOk(port_, "/-/ready", timeout, process_.get());
}

Result<size_t> PrometheusServer::DiscoveredAlertmanagers() {
  NAGAME_ASSIGN_OR_RETURN(nlohmann::json answer, GetJson(port_, "/api/v1/alertmanagers"));
  const auto& active = answer["data"]["activeAlertmanagers"];
  if (!active.is_array()) return InvalidArgument("no data.activeAlertmanagers: " + answer.dump());
  return active.size();
}

Result<double> PrometheusServer::QueryScalar(const std::string& promql) {
  NAGAME_ASSIGN_OR_RETURN(nlohmann::json answer,
                          GetJson(port_, "/api/v1/query?query=" + UrlEncode(promql)));
  const auto& data = answer["data"];
  const nlohmann::json* sample = nullptr;
  if (data["resultType"] == "scalar") {
    sample = &data["result"];
  } else if (data["resultType"] == "vector") {
    if (data["result"].empty()) return NotFound("empty vector for " + promql);
    sample = &data["result"][0]["value"];
  } else {
    return InvalidArgument("unexpected answer for " + promql + ": " + answer.dump());
  }
  return std::stod((*sample)[1].get<std::string>());
}

Result<std::vector<RangeSeries>> PrometheusServer::QueryRange(const std::string& promql, Time start,
                                                              Time end, Duration step) {
  std::string target = "/api/v1/query_range?query=" + UrlEncode(promql) +
                       "&start=" + UnixSeconds(start) + "&end=" + UnixSeconds(end) +
                       "&step=" + UnixSeconds(Time(step));
  NAGAME_ASSIGN_OR_RETURN(nlohmann::json answer, GetJson(port_, target));
  const auto& data = answer["data"];
  if (answer["status"] != "success" || data["resultType"] != "matrix") {
    return InvalidArgument("not a matrix answer for " + promql + ": " + answer.dump());
  }
  std::vector<RangeSeries> out;
  for (const auto& series : data["result"]) {
    RangeSeries s;
    for (const auto& [k, v] : series["metric"].items()) s.labels[k] = v.get<std::string>();
    for (const auto& pair : series["values"]) {
      double seconds = pair[0].get<double>();
      s.sample_times.push_back(FromUnixNanos(std::llround(seconds * 1e9)));
    }
    out.push_back(std::move(s));
  }
  return out;
}

// --- Alertmanager ---

Result<std::unique_ptr<AlertmanagerServer>> AlertmanagerServer::Start(Options options) {
  if (options.web_port == 0) {
    NAGAME_ASSIGN_OR_RETURN(options.web_port, PickFreeLoopbackPort());
  }
  if (options.cluster_port == 0) {
    NAGAME_ASSIGN_OR_RETURN(options.cluster_port, PickFreeLoopbackPort(/*also_udp=*/true));
  }
  std::unique_ptr<AlertmanagerServer> s(new AlertmanagerServer(std::move(options)));
  const Options& o = s->options_;

  std::ostringstream config;
  config << "route:\n  receiver: nagame\n  group_by: [";
  for (size_t i = 0; i < o.group_by.size(); ++i) config << (i ? ", " : "") << o.group_by[i];
  config << "]\n"
         << "  group_wait: " << GoDuration(o.group_wait) << "\n"
         << "  group_interval: " << GoDuration(o.group_interval) << "\n"
         << "  repeat_interval: " << GoDuration(o.repeat_interval) << "\n"
         << "receivers:\n- name: nagame\n  webhook_configs:\n"
         << "  - url: " << YamlQuote(o.webhook_url) << "\n"
         << "    send_resolved: " << (o.send_resolved ? "true" : "false") << "\n"
         << "    http_config:\n      authorization:\n        credentials: "
         << YamlQuote(o.bearer_token) << "\n";
  auto config_path = o.dir / (o.name + ".yml");
  WriteFile(config_path, config.str());
  auto data = o.dir / (o.name + "-data");
  std::filesystem::create_directories(data);

  std::vector<std::string> argv = {
      kAlertmanagerBinary,
      "--config.file=" + config_path.string(),
      "--storage.path=" + data.string(),
      "--web.listen-address=" + Loopback(o.web_port),
      "--web.external-url=http://" + Loopback(o.web_port),
      "--cluster.listen-address=" + Loopback(o.cluster_port),
      "--cluster.advertise-address=" + Loopback(o.cluster_port),
      "--cluster.peer-timeout=" + GoDuration(o.peer_timeout),
      "--log.level=" + o.log_level,
  };
  for (uint16_t peer : o.peer_cluster_ports) argv.push_back("--cluster.peer=" + Loopback(peer));
  NAGAME_ASSIGN_OR_RETURN(s->process_, Launch(o.name, std::move(argv), o.dir));
  return s;
}

Status AlertmanagerServer::WaitReady(Duration timeout) {
  return WaitForHttpOk(options_.web_port, "/-/ready", timeout, process_.get());
}

Result<AlertmanagerServer::ClusterStatus> AlertmanagerServer::Cluster() {
  NAGAME_ASSIGN_OR_RETURN(nlohmann::json answer, GetJson(options_.web_port, "/api/v2/status"));
  const auto& cluster = answer["cluster"];
  if (!cluster.is_object() || !cluster["status"].is_string()) {
    return InvalidArgument("no cluster.status in /api/v2/status: " + answer.dump());
  }
  ClusterStatus c;
  c.status = cluster["status"].get<std::string>();
  c.peers = cluster["peers"].is_array() ? cluster["peers"].size() : 0;
  return c;
}

// --- The stack ---

Result<std::unique_ptr<PrometheusStack>> PrometheusStack::Start(StackOptions options) {
  std::unique_ptr<PrometheusStack> stack(new PrometheusStack());
  const int n = options.alertmanagers;
  std::vector<uint16_t> web_ports, cluster_ports;
  for (int i = 0; i < n; ++i) {
    NAGAME_ASSIGN_OR_RETURN(uint16_t web, PickFreeLoopbackPort());
    NAGAME_ASSIGN_OR_RETURN(uint16_t cluster, PickFreeLoopbackPort(/*also_udp=*/true));
    web_ports.push_back(web);
    cluster_ports.push_back(cluster);
  }
  for (int i = 0; i < n; ++i) {
    AlertmanagerServer::Options am;
    am.name = "am" + std::to_string(i + 1);
    am.dir = options.dir;
    am.web_port = web_ports[i];
    am.cluster_port = cluster_ports[i];
    for (int j = 0; j < n; ++j) {
      if (j != i) am.peer_cluster_ports.push_back(cluster_ports[j]);
    }
    am.peer_timeout = options.peer_timeout;
    am.webhook_url = options.webhook_url;
    am.bearer_token = options.bearer_token;
    am.group_wait = options.group_wait;
    am.group_interval = options.group_interval;
    am.repeat_interval = options.repeat_interval;
    am.log_level = options.alertmanager_log_level;
    NAGAME_ASSIGN_OR_RETURN(auto server, AlertmanagerServer::Start(std::move(am)));
    stack->alertmanagers_.push_back(std::move(server));
  }
  PrometheusServer::Options prom;
  prom.dir = options.dir;
  prom.rules = options.rules;
  prom.alertmanager_ports = web_ports;
  prom.resend_delay = options.resend_delay;
  NAGAME_ASSIGN_OR_RETURN(stack->prometheus_, PrometheusServer::Start(std::move(prom)));
  return stack;
}

Status PrometheusStack::WaitUntilSettled(Duration timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto left = [&] {
    return std::max(Duration(0), std::chrono::duration_cast<Duration>(
                                     deadline - std::chrono::steady_clock::now()));
  };
  NAGAME_RETURN_IF_ERROR(prometheus_->WaitReady(left()));
  for (auto& am : alertmanagers_) NAGAME_RETURN_IF_ERROR(am->WaitReady(left()));

  std::vector<Process*> watch = {&prometheus_->process()};
  for (auto& am : alertmanagers_) watch.push_back(&am->process());
  const size_t n = alertmanagers_.size();
  return PollUntil(
      [&]() -> Status {
        auto discovered = prometheus_->DiscoveredAlertmanagers();
        if (!discovered.ok()) return discovered.status();
        if (*discovered != n) {
          return Unavailable("Prometheus sends to " + std::to_string(*discovered) + " of " +
                             std::to_string(n) + " Alertmanagers");
        }
        for (auto& am : alertmanagers_) {
          auto cluster = am->Cluster();
          if (!cluster.ok()) return cluster.status();
          if (cluster->status != "ready" || cluster->peers != n) {
            return Unavailable(am->process().name() + " cluster " + cluster->status + " with " +
                               std::to_string(cluster->peers) + " of " + std::to_string(n) +
                               " peers");
          }
        }
        return Status::Ok();
      },
      watch, left(), "waiting for the Prometheus stack to settle");
}

void PrometheusStack::Stop() {
  if (prometheus_) prometheus_->process().Stop();
  for (auto& am : alertmanagers_) am->process().Stop();
}

std::string PrometheusStack::Logs() const {
  std::string out;
  if (prometheus_) {
    out += "--- prometheus stderr ---\n" + prometheus_->process().StderrTail() + "\n";
  }
  for (const auto& am : alertmanagers_) {
    out += "--- " + am->process().name() + " stderr ---\n" + am->process().StderrTail() + "\n";
  }
  return out;
}

}  // namespace nagame::testing
