// The bot's settings: the typed `Config` read from one YAML file (design §7), and its loader.
//
// Loading rules, in one place:
//  * Every scalar is expanded before it is interpreted: `${VAR}` is the environment variable
//    (an error if it is unset), `${VAR:-default}` uses `default` when VAR is unset or empty,
//    and `$${` is a literal `${`. Any other `$` is literal. Mapping keys are not expanded.
//  * A secret key `x` may instead be given as `x_file: PATH`; the file's content, less its
//    trailing line breaks, is the secret. Giving both `x` and `x_file` is an error.
//  * Relative `*_file` paths and `rule_files` patterns are relative to the directory of the
//    config file (as in Prometheus); `database` is relative to the working directory.
//  * Each `sources.<name>` block is read by the registered source of that name
//    (bot/sources/registry.cc), each `chat.<name>` block by the registered chat platform
//    (bot/chat/registry.cc): what check-config accepts is exactly what serve runs.
//  * Unknown keys, duplicate keys, wrong types and bad values are errors; every problem in
//    the file is reported, one per line, as "<file>:<line>:<col>: <key path>: <problem>".
//  * No error message and no summary ever contains a secret (a token, password, signing
//    secret or webhook URL), nor any value that came from the environment or a file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "bot/auth/tokens.h"
#include "bot/config/rule_source_configs.h"
#include "rules/status.h"
#include "rules/time.h"

namespace nagame::bot {

class ConfiguredSource;  // bot/sources/source.h
namespace chat {
class ConfiguredPlatform;  // bot/chat/platform.h
}  // namespace chat

// Where the HTTP server listens. `host` is an IPv4 literal, an IPv6 literal (without the
// brackets the config writes around it) or a host name.
struct ListenAddress {
  std::string host = "127.0.0.1";
  uint16_t port = 9095;  // 0 asks the OS for a free port (tests)

  // "127.0.0.1:9095", "[::1]:9095".
  std::string ToString() const;
};

// A server Nagame reads from (Prometheus, Alertmanager). Empty `url`: not configured.
struct EndpointConfig {
  std::string url;  // "http://127.0.0.1:9090", no trailing slash
};

// "MON 09:30": a weekly point in the configured time zone.
struct WeeklyTime {
  int weekday = 1;  // 0 = Sunday … 6 = Saturday
  int hour = 9;
  int minute = 30;
};

// The weekly summary. No schedule: the summary is only posted on request.
struct SummaryConfig {
  std::string schedule;              // as written, e.g. "MON 09:30"; empty when unset
  std::optional<WeeklyTime> weekly;  // parsed `schedule`
  std::vector<std::string> post_to;  // chat platforms that post, each configured under `chat`
};

// Per-check options (`checks."noisy/volume": {min_episodes: 10}`), as JSON objects with
// typed scalars (plain YAML scalars become numbers/booleans/null, quoted ones stay strings),
// and the ids of disabled checks. Ids are checked for shape only (`family/name`); the check
// registry validates that they exist and what their options mean.
struct ChecksConfig {
  std::map<std::string, nlohmann::json> options;
  std::vector<std::string> disabled;
};

// A PromQL query for a chart the meeting looks at.
struct WatchQuery {
  std::string name;
  std::string query;
  std::optional<double> threshold;  // the value whose crossing `missing/trend` predicts
  std::optional<double> min;        // the values the series can take (a ratio: max 1)
  std::optional<double> max;
};

// HTTP server limits.
struct ServerConfig {
  std::size_t body_limit = 1 << 20;                    // bytes; "1MiB", "512KiB" or a byte count
  Duration header_timeout = std::chrono::seconds(10);  // a request's header, from its first byte
  Duration read_timeout = std::chrono::seconds(10);    // a request's body, once its header is in
  Duration idle_timeout = std::chrono::seconds(60);    // keep-alive connection idle
  Duration shutdown_grace = std::chrono::seconds(10);  // drain time on SIGTERM
  int threads = 2;                                     // I/O threads, 1..256
  // Open connections at most (see http::ServerOptions): beyond it a new one is closed at once.
  std::size_t max_connections = 512;
};

// Webhook ingest.
struct IngestConfig {
  Duration expire_after = std::chrono::hours(12);  // silent open episodes become `expired`
  std::size_t max_batch = 512;                     // deliveries per acknowledging commit
  std::size_t queue_limit = 10000;                 // deliveries waiting; beyond it 503
  // The longest one transaction that builds episodes from the ingest journal may run (see
  // bot/ingest/ingest_queue.h); larger builds faster, smaller publishes episodes sooner.
  Duration apply_budget = std::chrono::milliseconds(100);
  // Sustained overload (see IngestOptions): beyond this many bytes waiting in the ingest journal,
  // or an entry waiting longer than backlog_age_limit, webhooks answer 503 with Retry-After.
  std::size_t journal_limit = std::size_t{256} << 20;
  Duration backlog_age_limit = std::chrono::minutes(10);
};

// Outgoing HTTPS (summary posts, response_url answers, Prometheus, Alertmanager).
struct TlsConfig {
  // PEM bundle of the CAs to trust instead of the system's store (as Prometheus' and
  // Alertmanager's `ca_file`); an absolute path after loading. Empty: the system's CAs.
  std::string ca_file;
};

struct Config {
  ListenAddress listen;
  std::string database = "nagame.db";
  std::string timezone = "UTC";  // an IANA name present in the zoneinfo database
  std::string public_url;        // empty: no links in chat messages
  // Configured webhook sources by name (bot/sources/); a source with no entry is disabled.
  std::map<std::string, std::shared_ptr<const ConfiguredSource>> sources;
  EndpointConfig prometheus;
  EndpointConfig alertmanager;
  std::vector<std::string> rule_files;  // glob patterns, already joined to the config's dir
  // Rule lists from other systems (bot/config/rule_source_configs.h); unset: not read.
  std::optional<NewRelicConfig> newrelic;
  std::optional<GrafanaConfig> grafana;
  std::optional<AzureConfig> azure;
  // Configured chat platforms by name (bot/chat/); a platform with no entry is disabled.
  std::map<std::string, std::shared_ptr<const chat::ConfiguredPlatform>> chat;
  SummaryConfig summary;
  ChecksConfig checks;
  std::vector<WatchQuery> watch;
  ServerConfig server;
  IngestConfig ingest;
  TlsConfig tls;
  // Credentials for /api/v1 and /report. Unset: open to anyone who can reach `listen`
  // (loopback by default); `nagame serve` warns when it listens elsewhere.
  std::optional<AuthConfig> api;
  // `api.trusted_proxies`: addresses and networks ("10.0.0.5", "10.1.0.0/16") of reverse
  // proxies whose X-Forwarded-User / X-Forwarded-Email the web pages believe instead of the
  // credentials (bot/api/page_auth.h). Default none: only the credentials identify a user.
  std::vector<std::string> trusted_proxies;
};

// Parses a config from `yaml_text`. `origin` is the file name used in messages, and its
// directory is the base for relative `*_file` and `rule_files` paths. Reads the environment,
// the `*_file` secrets and the zoneinfo database ($TZDIR, else /usr/share/zoneinfo).
// Errors: kInvalidArgument listing every problem, one per line, as
// "<origin>:<line>:<col>: <key path>: <problem>"; field() is the first problem's key path.
Result<Config> ParseConfig(std::string_view yaml_text, std::string_view origin);

// Reads the file at `path` and parses it as ParseConfig(text, path) does.
// Errors: kNotFound when the file cannot be read; otherwise as ParseConfig.
Result<Config> LoadConfig(const std::string& path);

// For `nagame check-config FILE`: loads the config and checks that each `rule_files` pattern
// matches at least one file and that every matched file is valid YAML. Returns OK, or
// kInvalidArgument (kNotFound for an unreadable config) with every problem found, one per line.
Status CheckConfigFile(const std::string& path);

// A one-line JSON summary of `config` for the startup log: every setting, with each secret
// replaced by "<redacted>".
std::string RedactedSummary(const Config& config);

}  // namespace nagame::bot
