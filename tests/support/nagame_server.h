// Launcher for the real `nagame serve` binary (NAGAME_BINARY) with a generated config, for
// end-to-end tests: start, learn its port from the "listening" log line, restart on the same
// database, query its episodes.
//
// Example:
//   TempDir dir;
//   auto nagame = NagameServer::Start({.dir = dir.path()});
//   ASSERT_TRUE(nagame.ok()) << nagame.status().ToString();
//   HttpClient client((*nagame)->port());
//   client.Post("/webhooks/alertmanager", body, "application/json",
//               {{"Authorization", "Bearer " + (*nagame)->bearer_token()}});
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/status.h"
#include "rules/time.h"
#include "tests/support/process.h"

namespace nagame::testing {

struct NagameOptions {
  std::filesystem::path dir;                    // config and logs go here; must exist
  std::filesystem::path database;               // empty: <dir>/nagame.db
  std::string bearer_token = "e2e-test-token";  // sources.alertmanager.bearer_token
  // More sources: YAML lines placed under `sources:` after alertmanager's block, indented by
  // two spaces (e.g. "  grafana: {auth: none}\n").
  std::string sources_yaml;
  // Extra top-level YAML appended to the generated config (e.g. "server:\n  body_limit: 4KiB\n").
  std::string extra_yaml;
  // Soft RLIMIT_FSIZE for the process (see ProcessOptions::file_size_limit); unset: none.
  std::optional<uint64_t> file_size_limit;
};

// One `nagame serve` process listening on 127.0.0.1 (a port the OS picks).
class NagameServer {
 public:
  // Writes <dir>/nagame.yaml, starts the binary and waits (up to `timeout`) until it logged
  // {"event":"listening","port":N} and GET /readyz answers 200.
  // Errors: kUnavailable when it cannot be started, exits, or is not ready in time (the
  // message carries the tail of its stderr).
  static Result<std::unique_ptr<NagameServer>> Start(NagameOptions options,
                                                     Duration timeout = std::chrono::seconds(30));

  // Starts the binary again with the same config and database (after Stop or Kill9); the port
  // may change. Errors: as Start. REQUIRES: the previous process has been reaped.
  Status Restart(Duration timeout = std::chrono::seconds(30));

  uint16_t port() const { return port_; }
  const std::string& bearer_token() const { return options_.bearer_token; }
  const std::filesystem::path& database() const { return options_.database; }
  const std::filesystem::path& config_path() const { return config_path_; }
  // "http://127.0.0.1:<port>/webhooks/<source>"
  std::string webhook_url(const std::string& source = "alertmanager") const;
  Process& process() { return *process_; }

  // GET /api/v1/episodes?<query> (query already URL-encoded, without '?'); the "episodes"
  // array. Errors: as GetJson (prometheus_stack.h); kInvalidArgument without an array.
  Result<nlohmann::json> Episodes(const std::string& query);

  // Waits (up to `timeout`) until every acknowledged delivery's episodes are built: the
  // ingest journal backlog on /metrics is 0. Under a burst Nagame acknowledges deliveries once
  // they are in its durable journal and builds their episodes right after (ingest_queue.h).
  // Errors: kUnavailable when the backlog is not 0 in time or /metrics cannot be read.
  Status WaitForEpisodesBuilt(Duration timeout = std::chrono::seconds(30));

  // Every stderr line that is a JSON object with "event" == `event`, across restarts.
  std::vector<nlohmann::json> LogEvents(const std::string& event) const;

 private:
  explicit NagameServer(NagameOptions options) : options_(std::move(options)) {}
  Status Launch(Duration timeout);

  NagameOptions options_;
  std::filesystem::path config_path_;
  int starts_ = 0;
  uint16_t port_ = 0;
  std::unique_ptr<Process> process_;
};

// One alert of a test webhook delivery.
struct TestAlert {
  std::string alertname;
  std::string fingerprint;                    // 16 lower-case hex digits, as Alertmanager's
  std::map<std::string, std::string> labels;  // besides alertname
  std::map<std::string, std::string> annotations;
  Time starts_at;
  std::optional<Time> ends_at;  // set: the alert is resolved
};

// A webhook body shaped as Alertmanager 0.25 sends it (version 4, one group, grouped by
// alertname), for `alerts` (REQUIRES: not empty).
std::string AlertmanagerWebhookBody(const std::vector<TestAlert>& alerts);

// SQLite's own view of a database file, through the sqlite3 command-line shell
// (/usr/bin/sqlite3), independent of Nagame's code: runs `sql` on `database` and returns its
// standard output. Errors: kUnavailable when the shell fails or writes to stderr.
Result<std::string> RunSqlite3(const std::filesystem::path& database, const std::string& sql,
                               const std::filesystem::path& log_dir);

}  // namespace nagame::testing
