// The real nagame binary under test: generated config, start-up handshake, restarts, queries.
#include "tests/support/nagame_server.h"

#include <atomic>
#include <sstream>
#include <thread>

#include "tests/support/files.h"
#include "tests/support/prometheus_stack.h"

namespace nagame::testing {
namespace {

constexpr auto kPoll = std::chrono::milliseconds(50);

std::string YamlQuote(const std::string& s) { return nlohmann::json(s).dump(); }

// The JSON objects among the lines of `text`; other lines are skipped.
std::vector<nlohmann::json> JsonLines(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    auto json = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!json.is_discarded() && json.is_object()) out.push_back(std::move(json));
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<NagameServer>> NagameServer::Start(NagameOptions options, Duration timeout) {
  if (options.database.empty()) options.database = options.dir / "nagame.db";
  std::unique_ptr<NagameServer> s(new NagameServer(std::move(options)));
  const NagameOptions& o = s->options_;
  std::ostringstream config;
  config << "listen: \"127.0.0.1:0\"\n"
         << "database: " << YamlQuote(o.database.string()) << "\n"
         << "sources:\n  alertmanager:\n    bearer_token: " << YamlQuote(o.bearer_token) << "\n"
         << o.sources_yaml << o.extra_yaml;
  s->config_path_ = o.dir / "nagame.yaml";
  WriteFile(s->config_path_, config.str());
  NAGAME_RETURN_IF_ERROR(s->Launch(timeout));
  return s;
}

Status NagameServer::Restart(Duration timeout) {
  if (process_ && !process_->exit_status()) {
    return Status(Code::kFailedPrecondition, "nagame is still running");
  }
  return Launch(timeout);
}

Status NagameServer::Launch(Duration timeout) {
  ++starts_;
  ProcessOptions p;
  // One log per start, so the "listening" line read below is this start's.
  p.name = "nagame." + std::to_string(starts_);
  p.argv = {NAGAME_BINARY, "serve", "--config", config_path_.string()};
  p.log_dir = options_.dir;
  p.file_size_limit = options_.file_size_limit;
  NAGAME_ASSIGN_OR_RETURN(process_, Process::Start(std::move(p)));

  auto deadline = std::chrono::steady_clock::now() + timeout;
  port_ = 0;
  while (port_ == 0) {
    for (const auto& line : JsonLines(process_->ReadStderr())) {
      if (line.value("event", "") == "listening" && line.contains("port") &&
          line["port"].is_number_unsigned()) {
        port_ = line["port"].get<uint16_t>();
      }
    }
    if (port_ != 0) break;
    if (!process_->Running()) {
      return Unavailable("nagame exited (" + process_->exit_status()->ToString() +
                         ") before listening; stderr:\n" + process_->StderrTail());
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return Unavailable("nagame did not log \"listening\" within " + FormatDuration(timeout) +
                         "; stderr:\n" + process_->StderrTail());
    }
    std::this_thread::sleep_for(kPoll);
  }
  auto left =
      std::max(Duration(0),
               std::chrono::duration_cast<Duration>(deadline - std::chrono::steady_clock::now()));
  return WaitForHttpOk(port_, "/readyz", left, process_.get());
}

std::string NagameServer::webhook_url(const std::string& source) const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/webhooks/" + source;
}

Result<nlohmann::json> NagameServer::Episodes(const std::string& query) {
  NAGAME_ASSIGN_OR_RETURN(nlohmann::json answer, GetJson(port_, "/api/v1/episodes?" + query));
  if (!answer.contains("episodes") || !answer["episodes"].is_array()) {
    return InvalidArgument("no \"episodes\" array: " + answer.dump().substr(0, 300));
  }
  return std::move(answer["episodes"]);
}

Status NagameServer::WaitForEpisodesBuilt(Duration timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  Result<double> backlog = 0.0;
  do {
    backlog = ScrapeMetricSum(port_, "nagame_ingest_journal_backlog");
    if (backlog.ok() && *backlog == 0) return Status::Ok();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (std::chrono::steady_clock::now() < deadline);
  return Unavailable(
      "ingest journal not drained in time: " +
      (backlog.ok() ? "backlog " + std::to_string(*backlog) : backlog.status().ToString()));
}

std::vector<nlohmann::json> NagameServer::LogEvents(const std::string& event) const {
  std::vector<nlohmann::json> out;
  for (int i = 1; i <= starts_; ++i) {
    std::string text = ReadFile(options_.dir / ("nagame." + std::to_string(i) + ".stderr"));
    for (auto& line : JsonLines(text)) {
      if (line.value("event", "") == event) out.push_back(std::move(line));
    }
  }
  return out;
}

std::string AlertmanagerWebhookBody(const std::vector<TestAlert>& alerts) {
  nlohmann::json list = nlohmann::json::array();
  bool firing = false;
  for (const TestAlert& a : alerts) {
    nlohmann::json labels = a.labels;
    labels["alertname"] = a.alertname;
    firing = firing || !a.ends_at;
    list.push_back({{"status", a.ends_at ? "resolved" : "firing"},
                    {"labels", labels},
                    {"annotations", a.annotations},
                    {"startsAt", FormatRfc3339(a.starts_at)},
                    {"endsAt", a.ends_at ? FormatRfc3339(*a.ends_at) : "0001-01-01T00:00:00Z"},
                    {"generatorURL", "http://127.0.0.1:9090/graph?g0.expr=up&g0.tab=1"},
                    {"fingerprint", a.fingerprint}});
  }
  const std::string& group = alerts.at(0).alertname;
  nlohmann::json body = {{"receiver", "nagame"},
                         {"status", firing ? "firing" : "resolved"},
                         {"alerts", list},
                         {"groupLabels", {{"alertname", group}}},
                         {"commonLabels", {{"alertname", group}}},
                         {"commonAnnotations", nlohmann::json::object()},
                         {"externalURL", "http://127.0.0.1:9093"},
                         {"version", "4"},
                         {"groupKey", "{}:{alertname=\"" + group + "\"}"},
                         {"truncatedAlerts", 0}};
  return body.dump() + "\n";
}

Result<std::string> RunSqlite3(const std::filesystem::path& database, const std::string& sql,
                               const std::filesystem::path& log_dir) {
  static std::atomic<int> runs{0};
  ProcessOptions p;
  p.name = "sqlite3." + std::to_string(++runs);
  p.argv = {"/usr/bin/sqlite3", "-batch", "-bail", database.string(), sql};
  p.log_dir = log_dir;
  NAGAME_ASSIGN_OR_RETURN(auto process, Process::Start(std::move(p)));
  auto exit = process->WaitExit(std::chrono::seconds(60));
  if (!exit) {
    process->Kill9();
    return Unavailable("sqlite3 did not finish within 60s: " + sql);
  }
  std::string err = process->ReadStderr();
  if (!exit->success() || !err.empty()) {
    return Unavailable("sqlite3 " + exit->ToString() + " for \"" + sql + "\": " + err);
  }
  return process->ReadStdout();
}

}  // namespace nagame::testing
