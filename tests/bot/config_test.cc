// Tests for the YAML config loader: defaults, the design example, every error, env, secrets.
#include "bot/config.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bot/auth/hmac.h"
#include "bot/auth/tokens.h"
#include "bot/chat/platform.h"
#include "bot/chat/slack/slack_signature.h"
#include "bot/chat/teams/teams_signature.h"
#include "bot/sources/source.h"
#include "tests/support/files.h"
#include "tests/support/webhook_request.h"

namespace nagame::bot {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

// Sets (or, with nullopt, unsets) environment variables; restores them on destruction.
class ScopedEnv {
 public:
  explicit ScopedEnv(std::map<std::string, std::optional<std::string>> vars) {
    for (const auto& [name, value] : vars) {
      const char* old = getenv(name.c_str());
      saved_[name] = old ? std::optional<std::string>(old) : std::nullopt;
      Set(name, value);
    }
  }
  ~ScopedEnv() {
    for (const auto& [name, value] : saved_) Set(name, value);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  static void Set(const std::string& name, const std::optional<std::string>& value) {
    if (value) {
      setenv(name.c_str(), value->c_str(), 1);
    } else {
      unsetenv(name.c_str());
    }
  }
  std::map<std::string, std::optional<std::string>> saved_;
};

Config MustParse(const std::string& yaml) {
  auto config = ParseConfig(yaml, "nagame.yaml");
  EXPECT_TRUE(config.ok()) << config.status().message();
  return config.ok() ? *config : Config{};
}

using testing::SourceAccepts;

// Whether the configured chat `platform` takes a request that carries `secret` as the platform
// sends it (Slack: the v0 signature; Mattermost: the command token; Teams: the HMAC).
bool ChatVerifies(const Config& c, const std::string& platform, const std::string& secret) {
  const Time now = Time(std::chrono::seconds(1700000000));
  http::Request request(boost::beast::http::verb::post, "/chat", 11);
  request.body() = "text=help";
  if (platform == "slack") {
    request.set("X-Slack-Request-Timestamp", "1700000000");
    request.set("X-Slack-Signature", chat::SlackSignature(secret, "1700000000", request.body()));
  } else if (platform == "mattermost") {
    request.set(boost::beast::http::field::authorization, "Token " + secret);
  } else if (platform == "teams") {
    request.set(boost::beast::http::field::authorization,
                chat::TeamsAuthorization(secret, request.body()));
  }
  return c.chat.at(platform)->VerifyRequest(request, now).ok();
}

TEST(ConfigDefaults, EmptyDocumentsGiveTheDefaults) {
  for (const char* yaml : {"", "{}", "# nothing but a comment\n", "---\n"}) {
    Config c = MustParse(yaml);
    EXPECT_EQ(c.listen.host, "127.0.0.1") << yaml;
    EXPECT_EQ(c.listen.port, 9095) << yaml;
    EXPECT_EQ(c.database, "nagame.db");
    EXPECT_EQ(c.timezone, "UTC");
    EXPECT_EQ(c.public_url, "");
    EXPECT_TRUE(c.sources.empty());
    EXPECT_EQ(c.prometheus.url, "");
    EXPECT_EQ(c.alertmanager.url, "");
    EXPECT_TRUE(c.rule_files.empty());
    EXPECT_TRUE(c.chat.empty());
    EXPECT_EQ(c.summary.schedule, "");
    EXPECT_FALSE(c.summary.weekly);
    EXPECT_TRUE(c.checks.options.empty() && c.checks.disabled.empty());
    EXPECT_TRUE(c.watch.empty());
    EXPECT_EQ(c.server.body_limit, 1024u * 1024u);
    EXPECT_EQ(c.server.read_timeout, seconds(10));
    EXPECT_EQ(c.server.idle_timeout, seconds(60));
    EXPECT_EQ(c.server.shutdown_grace, seconds(10));
    EXPECT_EQ(c.server.threads, 2);
    EXPECT_EQ(c.ingest.expire_after, hours(12));
    EXPECT_EQ(c.ingest.max_batch, 512u);
    EXPECT_EQ(c.ingest.queue_limit, 10000u);
  }
}

TEST(ConfigExample, DesignExampleLoadsFully) {
  ScopedEnv env(
      {{"NAGAME_AM_TOKEN", "am-bearer-secret"}, {"SLACK_SIGNING_SECRET", "slack-signing-secret"}});
  auto loaded = LoadConfig(testing::FixturePath("config/design_example.yaml").string());
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const Config& c = *loaded;
  EXPECT_EQ(c.listen.ToString(), "127.0.0.1:9095");
  EXPECT_EQ(c.database, "nagame.db");
  EXPECT_EQ(c.timezone, "Asia/Tokyo");
  EXPECT_EQ(c.public_url, "https://nagame.example.com");

  ASSERT_EQ(c.sources.size(), 2u);
  EXPECT_TRUE(SourceAccepts(c, "alertmanager", "Bearer am-bearer-secret"));
  EXPECT_FALSE(SourceAccepts(c, "alertmanager", "Bearer grafana-bearer-secret"));
  EXPECT_FALSE(SourceAccepts(c, "alertmanager", ""));
  // Grafana: the bearer token and the body's HMAC (formats.md §2.1 test vector).
  const std::string body = R"({"receiver":"My Super Webhook","status":"firing"})";
  const std::map<std::string, std::string> signed_headers = {
      {"X-Grafana-Alerting-Signature",
       "6c46b648d0c6633cbbbec67147d8148c3e189bc58eb7d11a0d0b243da375f510"}};
  EXPECT_FALSE(SourceAccepts(c, "grafana", "Bearer grafana-bearer-secret", {}, body));
  EXPECT_FALSE(SourceAccepts(c, "grafana", "Bearer wrong", signed_headers, body));
  // The vector's secret is "test-hmac-secret", not this config's.
  EXPECT_FALSE(SourceAccepts(c, "grafana", "Bearer grafana-bearer-secret", signed_headers, body));
  EXPECT_EQ(c.sources.at("grafana")->Describe()["hmac_secret"], "<redacted>");

  EXPECT_EQ(c.prometheus.url, "http://127.0.0.1:9090");
  EXPECT_EQ(c.alertmanager.url, "http://127.0.0.1:9093");
  EXPECT_EQ(c.rule_files, std::vector<std::string>{"/etc/prometheus/rules/*.yml"});

  ASSERT_EQ(c.chat.size(), 3u);
  EXPECT_TRUE(ChatVerifies(c, "slack", "slack-signing-secret"));
  EXPECT_FALSE(ChatVerifies(c, "slack", "slack-signing-secreT"));
  // With a bot token and a channel, the summary goes through chat.postMessage.
  auto slack = c.chat.at("slack")->SummaryDestination();
  ASSERT_TRUE(slack);
  EXPECT_EQ(slack->bearer_token, "xoxb-slack-bot-secret");
  EXPECT_EQ(nlohmann::json::parse(slack->render(chat::Answer{.title = "t"}))["channel"], "C0123");
  EXPECT_EQ(c.chat.at("slack")->Describe()["webhook_url"], "<redacted>");
  EXPECT_TRUE(ChatVerifies(c, "mattermost", "mattermost-token-secret"));
  EXPECT_FALSE(ChatVerifies(c, "mattermost", "mattermost-token-secreT"));
  auto mattermost = c.chat.at("mattermost")->SummaryDestination();
  ASSERT_TRUE(mattermost);
  EXPECT_EQ(mattermost->url, "https://mm.example.com/hooks/mm-hook-secret");
  EXPECT_TRUE(ChatVerifies(c, "teams", "dGVhbXMtb3V0Z29pbmctc2VjcmV0"));
  EXPECT_FALSE(ChatVerifies(c, "teams", "bmFnYW1lLXRlYW1zLWtleQ=="));

  EXPECT_EQ(c.summary.schedule, "MON 09:30");
  ASSERT_TRUE(c.summary.weekly);
  EXPECT_EQ(c.summary.weekly->weekday, 1);
  EXPECT_EQ(c.summary.weekly->hour, 9);
  EXPECT_EQ(c.summary.weekly->minute, 30);
  EXPECT_EQ(c.summary.post_to, std::vector<std::string>{"slack"});

  ASSERT_EQ(c.checks.options.count("noisy/volume"), 1u);
  EXPECT_EQ(c.checks.options.at("noisy/volume"), nlohmann::json({{"min_episodes", 10}}));
  EXPECT_EQ(c.checks.disabled, std::vector<std::string>{"load/off-hours"});

  ASSERT_EQ(c.watch.size(), 1u);
  EXPECT_EQ(c.watch[0].name, "checkout p99");
  EXPECT_NE(c.watch[0].query.find("histogram_quantile(0.99"), std::string::npos);
  EXPECT_EQ(c.watch[0].threshold, 1.5);
  EXPECT_EQ(c.watch[0].min, std::nullopt);
  EXPECT_EQ(c.watch[0].max, std::nullopt);
}

TEST(ConfigValues, WatchBounds) {
  Config c = MustParse("watch: [{name: share, query: up, threshold: 0.95, min: 0, max: 1}]\n");
  ASSERT_EQ(c.watch.size(), 1u);
  EXPECT_EQ(c.watch[0].min, 0.0);
  EXPECT_EQ(c.watch[0].max, 1.0);
}

TEST(ConfigValues, ServerAndIngestSettings) {
  Config c = MustParse(
      "server:\n"
      "  body_limit: 512KiB\n"
      "  header_timeout: 3s\n"
      "  read_timeout: 2s\n"
      "  idle_timeout: 1m30s\n"
      "  max_connections: 64\n"
      "  shutdown_grace: 500ms\n"
      "  threads: 8\n"
      "ingest: {expire_after: 36h, max_batch: 64, queue_limit: 100}\n");
  EXPECT_EQ(c.server.body_limit, 512u * 1024u);
  EXPECT_EQ(c.server.header_timeout, seconds(3));
  EXPECT_EQ(c.server.read_timeout, seconds(2));
  EXPECT_EQ(c.server.max_connections, 64u);
  EXPECT_EQ(c.server.idle_timeout, seconds(90));
  EXPECT_EQ(c.server.shutdown_grace, std::chrono::milliseconds(500));
  EXPECT_EQ(c.server.threads, 8);
  EXPECT_EQ(c.ingest.expire_after, hours(36));
  EXPECT_EQ(c.ingest.max_batch, 64u);
  EXPECT_EQ(c.ingest.queue_limit, 100u);
}

TEST(ConfigValues, BodyLimitUnits) {
  const std::pair<const char*, size_t> cases[] = {
      {"1048576", 1048576},       {"1000B", 1000},
      {"64KiB", 64 * 1024},       {"1MiB", 1024 * 1024},
      {"2 MiB", 2 * 1024 * 1024}, {"1GiB", size_t{1} << 30},
  };
  for (const auto& [text, bytes] : cases) {
    Config c = MustParse("server: {body_limit: \"" + std::string(text) + "\"}");
    EXPECT_EQ(c.server.body_limit, bytes) << text;
  }
}

TEST(ConfigValues, ListenAddresses) {
  struct Case {
    const char* text;
    const char* host;
    uint16_t port;
    const char* formatted;
  };
  const Case cases[] = {
      {"127.0.0.1:9095", "127.0.0.1", 9095, "127.0.0.1:9095"},
      {"0.0.0.0:80", "0.0.0.0", 80, "0.0.0.0:80"},
      {"[::1]:9095", "::1", 9095, "[::1]:9095"},
      {"[::]:9095", "::", 9095, "[::]:9095"},
      {"[fe80::1:2]:1", "fe80::1:2", 1, "[fe80::1:2]:1"},
      {"localhost:0", "localhost", 0, "localhost:0"},
      {"nagame.internal:65535", "nagame.internal", 65535, "nagame.internal:65535"},
  };
  for (const Case& k : cases) {
    Config c = MustParse("listen: \"" + std::string(k.text) + "\"");
    EXPECT_EQ(c.listen.host, k.host) << k.text;
    EXPECT_EQ(c.listen.port, k.port) << k.text;
    EXPECT_EQ(c.listen.ToString(), k.formatted) << k.text;
  }
}

TEST(ConfigValues, SchedulesAndSourceKinds) {
  Config c = MustParse(
      "timezone: Europe/Berlin\n"
      "chat:\n"
      "  teams: {workflow_url: \"https://flow.example.com/x\"}\n"
      "  mattermost: {token: t}\n"
      "  generic: {webhook_url: \"https://hooks.example.com/n\", bearer_token: g}\n"
      "summary: {schedule: \"fri  17:05\", post_to: [teams, mattermost, generic]}\n"
      "sources:\n"
      "  grafana: {basic_auth: {username: gr, password: pw}}\n"
      "  alertmanager: {auth: none}\n");
  EXPECT_EQ(c.timezone, "Europe/Berlin");
  ASSERT_TRUE(c.summary.weekly);
  EXPECT_EQ(c.summary.weekly->weekday, 5);
  EXPECT_EQ(c.summary.weekly->hour, 17);
  EXPECT_EQ(c.summary.weekly->minute, 5);
  EXPECT_EQ(c.summary.post_to, (std::vector<std::string>{"teams", "mattermost", "generic"}));
  ASSERT_EQ(c.chat.count("generic"), 1u);
  auto generic = c.chat.at("generic")->SummaryDestination();
  ASSERT_TRUE(generic);
  EXPECT_EQ(generic->url, "https://hooks.example.com/n");
  EXPECT_EQ(generic->bearer_token, "g");
  EXPECT_TRUE(SourceAccepts(c, "grafana", "Basic " + Base64Encode("gr:pw")));
  EXPECT_FALSE(SourceAccepts(c, "grafana", "Basic " + Base64Encode("gr:px")));
  EXPECT_TRUE(SourceAccepts(c, "alertmanager", ""));
  EXPECT_EQ(c.sources.at("alertmanager")->Describe(), nlohmann::json({{"auth", "none"}}));
}

// The registry is the only list: config accepts a source name exactly when a source of that
// name is registered (and so served under /webhooks/{name}).
TEST(ConfigSources, AcceptsExactlyTheRegisteredSources) {
  std::vector<std::string> names = {"alertmanager", "grafana", "newrelic", "azure",
                                    "pagerduty",    "generic", "nosuch",   "Alertmanager"};
  for (const std::string& name : SourceNames()) names.push_back(name);
  for (const std::string& name : names) {
    auto got = ParseConfig("sources:\n  " + name + ": {}\n", "nagame.yaml");
    const bool unknown =
        !got.ok() && got.status().message().find("unknown source") != std::string::npos;
    EXPECT_EQ(unknown, FindSource(name) == nullptr) << name << ": " << got.status().message();
  }
}

// The same for chat: config accepts a platform name exactly when a platform of that name is
// registered (and so served under /chat/{name}/…).
TEST(ConfigChat, AcceptsExactlyTheRegisteredPlatforms) {
  std::vector<std::string> names = {"slack",   "mattermost", "teams", "generic",
                                    "discord", "webex",      "Slack", "nosuch"};
  for (const std::string& name : chat::PlatformNames()) names.push_back(name);
  for (const std::string& name : names) {
    auto got = ParseConfig("chat:\n  " + name + ": {}\n", "nagame.yaml");
    const bool unknown =
        !got.ok() && got.status().message().find("unknown chat platform") != std::string::npos;
    EXPECT_EQ(unknown, chat::FindPlatform(name) == nullptr)
        << name << ": " << got.status().message();
  }
  // summary.post_to names the registered platforms that post, and only configured ones.
  for (const std::string& name : names) {
    auto got = ParseConfig("summary:\n  post_to: [" + name + "]\n", "nagame.yaml");
    ASSERT_FALSE(got.ok()) << name;
    const chat::Platform* platform = chat::FindPlatform(name);
    const std::string want = platform == nullptr ? "unknown chat platform"
                             : platform->posts   ? "chat." + name + " is not configured"
                                                 : "chat." + name + " does not post messages";
    EXPECT_NE(got.status().message().find(want), std::string::npos)
        << name << ": " << got.status().message();
  }
}

TEST(ConfigValues, CheckOptionsBecomeTypedJson) {
  Config c = MustParse(
      "checks:\n"
      "  noisy/flapping:\n"
      "  noisy/volume:\n"
      "    min_episodes: 10\n"
      "    ratio: 0.5\n"
      "    quoted: \"10\"\n"
      "    enabled: true\n"
      "    nothing: ~\n"
      "    list: [1, two]\n"
      "    nested: {window: 7d}\n"
      "  disabled: [load/off-hours, stale/never-fired]\n");
  EXPECT_EQ(c.checks.options.at("noisy/flapping"), nlohmann::json::object());
  EXPECT_EQ(c.checks.options.at("noisy/volume"), nlohmann::json::parse(R"({
      "min_episodes": 10, "ratio": 0.5, "quoted": "10", "enabled": true, "nothing": null,
      "list": [1, "two"], "nested": {"window": "7d"}})"));
  EXPECT_EQ(c.checks.disabled, (std::vector<std::string>{"load/off-hours", "stale/never-fired"}));
}

// One broken config per case: the whole message, position and key path included.
TEST(ConfigErrors, EachProblemNamesFileLineColumnAndKey) {
  ScopedEnv env({{"NAGAME_TEST_UNSET_VAR", std::nullopt}});
  struct Case {
    const char* name;
    const char* yaml;
    const char* message;
  };
  const Case cases[] = {
      {"unknown key with suggestion", "databse: x.db\n",
       "nagame.yaml:1:1: databse: unknown key (did you mean \"database\"?)"},
      {"unknown key far from any", "listen: \"127.0.0.1:1\"\ncolour: blue\n",
       "nagame.yaml:2:1: colour: unknown key"},
      {"unknown nested key", "server:\n  read_timeot: 5s\n",
       "nagame.yaml:2:3: server.read_timeot: unknown key (did you mean \"read_timeout\"?)"},
      {"secret of the wrong type",
       "listen: \"127.0.0.1:9095\"\ndatabase: \"nagame.db\"\ntimezone: \"UTC\"\n"
       "public_url: \"https://nagame.example.com\"\nsources:\n  alertmanager:\n"
       "    bearer_token: [a, b]\n",
       "nagame.yaml:7:5: sources.alertmanager.bearer_token: must be a string"},
      {"top level not a mapping", "- a\n- b\n", "nagame.yaml:1:1: must be a mapping (key: value)"},
      {"section not a mapping", "server: 5\n",
       "nagame.yaml:1:1: server: must be a mapping (key: value)"},
      {"list not a list", "rule_files: \"/etc/*.yml\"\n",
       "nagame.yaml:1:1: rule_files: must be a list"},
      {"empty value", "database:\n", "nagame.yaml:1:1: database: is empty (expected a string)"},
      {"key not a string", "? [a]\n: b\n", "nagame.yaml:1:3: keys must be strings"},
      {"duplicate key", "database: a.db\ndatabase: b.db\n",
       "nagame.yaml:2:1: database: duplicate key"},
      {"bad duration", "server:\n  read_timeout: 10x\n",
       "nagame.yaml:2:3: server.read_timeout: invalid duration \"10x\" (expected e.g. \"30s\", "
       "\"5m\", \"12h\")"},
      {"duration without unit", "ingest: {expire_after: 12}\n",
       "nagame.yaml:1:10: ingest.expire_after: invalid duration \"12\" (expected e.g. \"30s\", "
       "\"5m\", \"12h\")"},
      {"zero duration", "ingest: {expire_after: 0s}\n",
       "nagame.yaml:1:10: ingest.expire_after: must be longer than zero"},
      {"size with decimal unit", "server: {body_limit: 1MB}\n",
       "nagame.yaml:1:10: server.body_limit: invalid size \"1MB\" (expected bytes or "
       "KiB/MiB/GiB, e.g. \"1MiB\", up to 1024GiB)"},
      {"zero size", "server: {body_limit: 0}\n",
       "nagame.yaml:1:10: server.body_limit: must be larger than zero"},
      {"threads out of range", "server: {threads: 0}\n",
       "nagame.yaml:1:10: server.threads: must be between 1 and 256"},
      {"threads not a number", "server: {threads: two}\n",
       "nagame.yaml:1:10: server.threads: must be a whole number, not \"two\""},
      {"max_batch a list", "ingest:\n  max_batch: [1]\n",
       "nagame.yaml:2:3: ingest.max_batch: must be a whole number"},
      {"listen without port", "listen: 127.0.0.1\n",
       "nagame.yaml:1:1: listen: invalid address \"127.0.0.1\": expected \"host:port\", e.g. "
       "\"127.0.0.1:9095\""},
      {"listen IPv6 without brackets", "listen: \"::1:9095\"\n",
       "nagame.yaml:1:1: listen: invalid address \"::1:9095\": an IPv6 address must be in "
       "brackets, e.g. \"[::1]:9095\""},
      {"listen bad IPv6", "listen: \"[::g]:9095\"\n",
       "nagame.yaml:1:1: listen: invalid address \"[::g]:9095\": not an IPv6 address inside the "
       "brackets"},
      {"listen bracket without port", "listen: \"[::1]9095\"\n",
       "nagame.yaml:1:1: listen: invalid address \"[::1]9095\": expected \"[IPv6]:port\", e.g. "
       "\"[::1]:9095\""},
      {"listen port too large", "listen: \"127.0.0.1:70000\"\n",
       "nagame.yaml:1:1: listen: invalid address \"127.0.0.1:70000\": the port must be a number "
       "from 0 to 65535"},
      {"listen bad IPv4", "listen: \"300.1.1.1:80\"\n",
       "nagame.yaml:1:1: listen: invalid address \"300.1.1.1:80\": not an IPv4 address or host "
       "name"},
      {"listen no host", "listen: \":9095\"\n",
       "nagame.yaml:1:1: listen: invalid address \":9095\": the host is missing (use 0.0.0.0 or "
       "[::] for all interfaces)"},
      {"unknown time zone", "timezone: Asia/Tokio\n",
       "nagame.yaml:1:1: timezone: unknown time zone \"Asia/Tokio\" (expected an IANA name such "
       "as \"Asia/Tokyo\" or \"UTC\")"},
      {"time zone directory", "timezone: Asia\n",
       "nagame.yaml:1:1: timezone: unknown time zone \"Asia\" (expected an IANA name such as "
       "\"Asia/Tokyo\" or \"UTC\")"},
      {"time zone escaping the zoneinfo dir", "timezone: ../../../etc/passwd\n",
       "nagame.yaml:1:1: timezone: unknown time zone \"../../../etc/passwd\" (expected an IANA "
       "name such as \"Asia/Tokyo\" or \"UTC\")"},
      {"bad public_url", "public_url: nagame.example.com\n",
       "nagame.yaml:1:1: public_url: must be an http:// or https:// URL"},
      {"endpoint url without scheme", "prometheus: {url: \"localhost:9090\"}\n",
       "nagame.yaml:1:14: prometheus.url: must be an http:// or https:// URL"},
      {"endpoint without url", "alertmanager: {}\n",
       "nagame.yaml:1:1: alertmanager: url is required"},
      {"unknown source", "sources:\n  alertmanger: {bearer_token: t}\n",
       "nagame.yaml:2:3: sources.alertmanger: unknown source (did you mean \"alertmanager\"?)"},
      {"source without credentials", "sources:\n  grafana: {}\n",
       "nagame.yaml:2:3: sources.grafana: no credentials: set bearer_token or basic_auth, "
       "or \"auth: none\" to accept unauthenticated requests"},
      {"source block left empty", "sources:\n  grafana:\n",
       "nagame.yaml:2:3: sources.grafana: no credentials: set bearer_token or basic_auth, "
       "or \"auth: none\" to accept unauthenticated requests"},
      {"hmac secret without auth", "sources:\n  grafana: {hmac_secret: h}\n",
       "nagame.yaml:2:3: sources.grafana: no credentials: set bearer_token or basic_auth, or "
       "\"auth: none\" to accept unauthenticated requests (hmac_secret alone is not enough)"},
      {"bearer and basic together",
       "sources:\n  alertmanager:\n    bearer_token: t\n    basic_auth: {username: u, password: "
       "p}\n",
       "nagame.yaml:4:5: sources.alertmanager.basic_auth: give either bearer_token or "
       "basic_auth, not both"},
      {"auth none with credentials", "sources:\n  grafana: {auth: none, bearer_token: t}\n",
       "nagame.yaml:2:13: sources.grafana.auth: \"none\" contradicts the credentials given for "
       "this source"},
      {"auth other than none", "sources:\n  grafana: {auth: open}\n",
       "nagame.yaml:2:13: sources.grafana.auth: must be \"none\" (credentials are set with "
       "bearer_token or basic_auth)"},
      {"basic auth without password", "sources:\n  alertmanager:\n    basic_auth: {username: u}\n",
       "nagame.yaml:3:5: sources.alertmanager.basic_auth: password (or password_file) is "
       "required"},
      {"basic auth without username", "sources:\n  alertmanager:\n    basic_auth: {password: p}\n",
       "nagame.yaml:3:5: sources.alertmanager.basic_auth: username is required"},
      {"empty bearer token", "sources:\n  alertmanager: {bearer_token: \"\"}\n",
       "nagame.yaml:2:18: sources.alertmanager.bearer_token: must not be empty"},
      {"inline and file secret together",
       "sources:\n  alertmanager:\n    bearer_token: t\n    bearer_token_file: /tmp/x\n",
       "nagame.yaml:4:5: sources.alertmanager.bearer_token_file: give either bearer_token or "
       "bearer_token_file, not both"},
      {"secret file missing",
       "sources:\n  alertmanager:\n    bearer_token_file: /nonexistent/nagame-token\n",
       "nagame.yaml:3:5: sources.alertmanager.bearer_token_file: cannot read "
       "\"/nonexistent/nagame-token\": No such file or directory"},
      {"unset environment variable",
       "sources:\n  alertmanager:\n    bearer_token: \"${NAGAME_TEST_UNSET_VAR}\"\n",
       "nagame.yaml:3:5: sources.alertmanager.bearer_token: environment variable "
       "NAGAME_TEST_UNSET_VAR is not set"},
      {"unterminated reference", "database: \"${NAGAME_DB\"\n",
       "nagame.yaml:1:1: database: unterminated \"${\" (write \"$${\" for a literal \"${\")"},
      {"bad variable name", "database: \"${1DB}\"\n",
       "nagame.yaml:1:1: database: invalid environment variable reference (expected ${NAME} or "
       "${NAME:-default})"},
      {"nested default", "database: \"${A:-${B}}\"\n",
       "nagame.yaml:1:1: database: nested \"${\" in a default is not supported"},
      {"yaml syntax", "listen: \"127.0.0.1:9095\"\nrule_files: [a.yml\nserver: {}\n",
       "nagame.yaml:3:7: invalid YAML: end of sequence flow not found"},
      {"yaml syntax in block", "sources:\n  grafana: {auth: none}\n   bad: indentation\n",
       "nagame.yaml:3:4: invalid YAML: end of map not found"},
      {"unknown chat platform", "chat: {discord: {}}\n",
       "nagame.yaml:1:8: chat.discord: unknown chat platform"},
      {"slack block with nothing", "chat:\n  slack: {}\n",
       "nagame.yaml:2:3: chat.slack: set signing_secret, bot_token or webhook_url"},
      {"slack bot token without channel", "chat:\n  slack: {bot_token: xoxb-1}\n",
       "nagame.yaml:2:3: chat.slack: channel is required with bot_token"},
      {"slack webhook not a URL", "chat:\n  slack:\n    webhook_url: hooks.example.com/T0\n",
       "nagame.yaml:3:5: chat.slack.webhook_url: must be an http:// or https:// URL"},
      {"post_to unknown platform", "summary:\n  post_to: [slak]\n",
       "nagame.yaml:2:13: summary.post_to[0]: unknown chat platform \"slak\" (did you mean "
       "\"slack\"?)"},
      {"generic webhook without a URL", "chat:\n  generic: {bearer_token: t}\n",
       "nagame.yaml:2:3: chat.generic: webhook_url is required"},
      {"generic webhook not a URL", "chat:\n  generic: {webhook_url: hooks.example.com}\n",
       "nagame.yaml:2:13: chat.generic.webhook_url: must be an http:// or https:// URL"},
      {"api without credentials", "api: {}\n",
       "nagame.yaml:1:1: api: no credentials: set bearer_token or basic_auth, or \"auth: "
       "none\" to accept unauthenticated requests"},
      {"api trusted proxy not an address",
       "api: {auth: none, trusted_proxies: [10.0.0.1, proxy]}\n",
       "nagame.yaml:1:47: api.trusted_proxies[1]: \"proxy\" is not an IP address or network "
       "(a.b.c.d/n)"},
      {"api with two kinds of credentials",
       "api: {bearer_token: t, basic_auth: {username: u, password: p}}\n",
       "nagame.yaml:1:24: api.basic_auth: give either bearer_token or basic_auth, not both"},
      {"tls ca_file missing", "tls: {ca_file: /nonexistent/ca.pem}\n",
       "nagame.yaml:1:7: tls.ca_file: cannot read \"/nonexistent/ca.pem\": No such file or "
       "directory"},
      {"post_to generic not configured", "summary:\n  post_to: [generic]\n",
       "nagame.yaml:2:13: summary.post_to[0]: chat.generic is not configured"},
      {"post_to platform not configured", "summary:\n  post_to: [teams]\n",
       "nagame.yaml:2:13: summary.post_to[0]: chat.teams is not configured"},
      {"bad schedule",
       "chat: {mattermost: {token: t}}\nsummary: {schedule: \"Monday 9:30\", post_to: "
       "[mattermost]}\n",
       "nagame.yaml:2:11: summary.schedule: invalid schedule \"Monday 9:30\" (expected \"<day> "
       "HH:MM\", e.g. \"MON 09:30\")"},
      {"schedule hour out of range",
       "chat: {mattermost: {token: t}}\nsummary: {schedule: \"MON 24:00\", post_to: "
       "[mattermost]}\n",
       "nagame.yaml:2:11: summary.schedule: invalid schedule \"MON 24:00\" (expected \"<day> "
       "HH:MM\", e.g. \"MON 09:30\")"},
      {"schedule without post_to", "summary: {schedule: \"MON 09:30\"}\n",
       "nagame.yaml:1:11: summary.schedule: a schedule needs post_to (where to post the "
       "summary)"},
      {"watch without query", "watch:\n  - name: p99\n",
       "nagame.yaml:2:5: watch[0]: query is required"},
      {"watch threshold not a number", "watch:\n  - {name: a, query: up, threshold: high}\n",
       "nagame.yaml:2:26: watch[0].threshold: must be a number, not \"high\""},
      {"watch max not a number", "watch:\n  - {name: a, query: up, max: one}\n",
       "nagame.yaml:2:26: watch[0].max: must be a number, not \"one\""},
      {"watch min not below max", "watch:\n  - {name: a, query: up, min: 1, max: 1}\n",
       "nagame.yaml:2:5: watch[0]: min must be below max"},
      {"watch names repeat", "watch:\n  - {name: a, query: up}\n  - {name: a, query: down}\n",
       "nagame.yaml:3:6: watch[1].name: another watch query has this name: \"a\""},
      {"watch not a list", "watch: {name: a}\n", "nagame.yaml:1:1: watch: must be a list"},
      {"check id without family", "checks: {volume: {min: 1}}\n",
       "nagame.yaml:1:10: checks.volume: not a check id (expected \"family/name\", e.g. "
       "\"noisy/volume\", or \"disabled\")"},
      {"check options not a mapping", "checks: {\"noisy/volume\": 10}\n",
       "nagame.yaml:1:10: checks.noisy/volume: must be a mapping of the check's options"},
      {"disabled entry not a check id", "checks:\n  disabled: [noisy]\n",
       "nagame.yaml:2:14: checks.disabled[0]: not a check id \"noisy\" (expected "
       "\"family/name\", e.g. \"noisy/volume\")"},
      {"rule_files entry a mapping", "rule_files:\n  - {a: b}\n",
       "nagame.yaml:2:5: rule_files[0]: must be a string"},
  };
  for (const Case& c : cases) {
    auto got = ParseConfig(c.yaml, "nagame.yaml");
    ASSERT_FALSE(got.ok()) << c.name;
    EXPECT_EQ(got.status().code(), Code::kInvalidArgument) << c.name;
    EXPECT_EQ(got.status().message(), c.message) << c.name;
  }
}

TEST(ConfigErrors, EveryProblemIsReportedInFileOrder) {
  auto got = ParseConfig(
      "listen: nowhere\n"
      "server:\n"
      "  threads: 0\n"
      "  idle_timeout: soon\n"
      "sources:\n"
      "  grafana: {}\n",
      "conf/nagame.yaml");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(
      got.status().message(),
      "conf/nagame.yaml:1:1: listen: invalid address \"nowhere\": expected \"host:port\", "
      "e.g. \"127.0.0.1:9095\"\n"
      "conf/nagame.yaml:3:3: server.threads: must be between 1 and 256\n"
      "conf/nagame.yaml:4:3: server.idle_timeout: invalid duration \"soon\" (expected e.g. "
      "\"30s\", \"5m\", \"12h\")\n"
      "conf/nagame.yaml:6:3: sources.grafana: no credentials: set bearer_token or basic_auth, "
      "or \"auth: none\" to accept unauthenticated requests");
  EXPECT_EQ(got.status().field(), "listen");
}

TEST(ConfigEnv, ScalarsAreExpanded) {
  ScopedEnv env({{"NAGAME_T_A", "alpha"},
                 {"NAGAME_T_B", "beta"},
                 {"NAGAME_T_EMPTY", ""},
                 {"NAGAME_T_UNSET", std::nullopt}});
  const std::pair<const char*, const char*> cases[] = {
      {"${NAGAME_T_A}", "alpha"},
      {"/var/${NAGAME_T_A}/${NAGAME_T_B}.db", "/var/alpha/beta.db"},
      {"${NAGAME_T_UNSET:-fallback.db}", "fallback.db"},
      {"${NAGAME_T_EMPTY:-fallback.db}", "fallback.db"},
      {"${NAGAME_T_A:-fallback.db}", "alpha"},
      {"x${NAGAME_T_UNSET:-}y", "xy"},
      {"$${NAGAME_T_A}", "${NAGAME_T_A}"},
      {"cost$5 and $HOME", "cost$5 and $HOME"},
      {"a$", "a$"},
  };
  for (const auto& [text, want] : cases) {
    Config c = MustParse("database: '" + std::string(text) + "'");
    EXPECT_EQ(c.database, want) << text;
  }
}

TEST(ConfigEnv, ExpansionFeedsTypedValues) {
  ScopedEnv env({{"NAGAME_T_THREADS", "6"},
                 {"NAGAME_T_PORT", "9200"},
                 {"NAGAME_T_EMPTY", ""},
                 {"NAGAME_T_LIMIT", "32"}});
  Config c = MustParse(
      "listen: \"[::1]:${NAGAME_T_PORT}\"\n"
      "server: {threads: \"${NAGAME_T_THREADS}\", read_timeout: \"${NAGAME_T_UNSET:-3s}\"}\n"
      "checks:\n"
      "  noisy/volume:\n"
      "    min_episodes: \"${NAGAME_T_LIMIT}\"\n"
      "    raw: ${NAGAME_T_LIMIT}\n");
  EXPECT_EQ(c.listen.port, 9200);
  EXPECT_EQ(c.server.threads, 6);
  EXPECT_EQ(c.server.read_timeout, seconds(3));
  // Quoted stays a string, plain is typed after expansion.
  EXPECT_EQ(c.checks.options.at("noisy/volume"),
            nlohmann::json({{"min_episodes", "32"}, {"raw", 32}}));

  auto empty = ParseConfig("database: \"${NAGAME_T_EMPTY}\"\n", "nagame.yaml");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().message(), "nagame.yaml:1:1: database: must not be empty");
}

TEST(ConfigSecrets, FileSecretsAreReadRelativeToTheConfig) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir / "secrets");
  testing::WriteFile(dir / "secrets/am", "am-file-token\n");
  testing::WriteFile(dir / "secrets/pw", "basic-pass\r\n");
  testing::WriteFile(dir / "secrets/hmac", "hmac-key");
  testing::WriteFile(dir / "secrets/slack", "slack-sign\n\n");
  testing::WriteFile(dir / "secrets/hook", "https://hooks.example.com/T0/B0/x\n");
  testing::WriteFile(dir / "secrets/empty", "\n");
  testing::WriteFile(dir / "nagame.yaml",
                     "sources:\n"
                     "  alertmanager: {bearer_token_file: secrets/am}\n"
                     "  grafana:\n"
                     "    basic_auth: {username: g, password_file: secrets/pw}\n"
                     "    hmac_secret_file: " +
                         (dir / "secrets/hmac").string() +
                         "\n"
                         "chat:\n"
                         "  slack: {signing_secret_file: secrets/slack, webhook_url_file: "
                         "secrets/hook}\n"
                         "rule_files: [rules/*.yml, /abs/*.yaml]\n");
  auto c = LoadConfig((dir / "nagame.yaml").string());
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_TRUE(SourceAccepts(*c, "alertmanager", "Bearer am-file-token"));
  const std::string body = "{}";
  EXPECT_TRUE(SourceAccepts(
      *c, "grafana", "Basic " + Base64Encode("g:basic-pass"),
      {{"X-Grafana-Alerting-Signature", HexLower(HmacSha256("hmac-key", body))}}, body));
  EXPECT_FALSE(SourceAccepts(
      *c, "grafana", "Basic " + Base64Encode("g:basic-pass"),
      {{"X-Grafana-Alerting-Signature", HexLower(HmacSha256("hmac-ke", body))}}, body));
  EXPECT_TRUE(ChatVerifies(*c, "slack", "slack-sign"));
  auto slack = c->chat.at("slack")->SummaryDestination();
  ASSERT_TRUE(slack);
  EXPECT_EQ(slack->url, "https://hooks.example.com/T0/B0/x");
  EXPECT_EQ(c->rule_files,
            (std::vector<std::string>{(dir / "rules/*.yml").string(), "/abs/*.yaml"}));

  testing::WriteFile(dir / "empty.yaml",
                     "sources:\n  alertmanager: {bearer_token_file: secrets/empty}\n");
  auto empty = LoadConfig((dir / "empty.yaml").string());
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().message(), (dir / "empty.yaml").string() +
                                          ":2:18: sources.alertmanager.bearer_token_file: file \"" +
                                          (dir / "secrets/empty").string() + "\" is empty");
}

TEST(ConfigValues, ApiCredentials) {
  EXPECT_FALSE(MustParse("listen: \"127.0.0.1:9095\"\n").api);
  Config bearer = MustParse("api: {bearer_token: api-t}\n");
  ASSERT_TRUE(bearer.api);
  EXPECT_EQ(bearer.api->kind, AuthConfig::kBearer);
  EXPECT_EQ(bearer.api->bearer_token, "api-t");
  Config basic = MustParse("api: {basic_auth: {username: u, password: p}}\n");
  ASSERT_TRUE(basic.api);
  EXPECT_EQ(basic.api->kind, AuthConfig::kBasic);
  EXPECT_EQ(basic.api->password, "p");
  Config open = MustParse("api: {auth: none}\n");
  ASSERT_TRUE(open.api);
  EXPECT_EQ(open.api->kind, AuthConfig::kNone);
  const std::string summary = RedactedSummary(bearer);
  EXPECT_EQ(summary.find("api-t"), std::string::npos) << summary;
  EXPECT_EQ(nlohmann::json::parse(RedactedSummary(Config()))["api"]["auth"], "open");
  Config proxied = MustParse("api: {bearer_token: t, trusted_proxies: [10.0.0.5, 10.1.0.0/16]}\n");
  EXPECT_EQ(proxied.trusted_proxies, (std::vector<std::string>{"10.0.0.5", "10.1.0.0/16"}));
  EXPECT_TRUE(MustParse("api: {bearer_token: t}\n").trusted_proxies.empty());
}

TEST(ConfigValues, TlsCaFileIsResolvedAndMustHoldACertificate) {
  testing::TempDir dir;
  testing::WriteFile(dir / "ca.pem",
                     "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
  testing::WriteFile(dir / "key.pem", "-----BEGIN PRIVATE KEY-----\n");
  testing::WriteFile(dir / "nagame.yaml", "tls: {ca_file: ca.pem}\n");
  auto c = LoadConfig((dir / "nagame.yaml").string());
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->tls.ca_file, (dir / "ca.pem").string());
  EXPECT_EQ(Config().tls.ca_file, "");  // default: the system's CAs

  testing::WriteFile(dir / "bad.yaml", "tls: {ca_file: key.pem}\n");
  auto bad = LoadConfig((dir / "bad.yaml").string());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), (dir / "bad.yaml").string() + ":1:7: tls.ca_file: \"" +
                                        (dir / "key.pem").string() + "\" holds no PEM certificate");
}

// Every way a secret could leak into a message: in the wrong key, through the environment, a
// file, a YAML slip, a bad URL. None may show it.
TEST(ConfigSecrets, SecretsNeverAppearInErrorMessages) {
  const std::string kSecret = "S3CRETvalue-0xDEADBEEF";
  testing::TempDir dir;
  testing::WriteFile(dir / "hook", "hooks.example.com/" + kSecret + "\n");
  ScopedEnv env({{"NAGAME_T_SECRET", kSecret}});
  const std::string cases[] = {
      "listen: \"${NAGAME_T_SECRET}\"\n",
      "timezone: \"${NAGAME_T_SECRET}\"\n",
      "server: {threads: \"${NAGAME_T_SECRET}\", read_timeout: \"${NAGAME_T_SECRET}\"}\n",
      "server: {body_limit: \"${NAGAME_T_SECRET}\"}\n",
      "sources:\n  alertmanager: {bearer_token: " + kSecret + ", auth: none}\n",
      "sources:\n  alertmanager: {bearer_token " + kSecret + "}\n",
      "sources:\n  alertmanager: {auth: " + kSecret + "}\n",
      "sources:\n  alertmanager: {bearer_token: " + kSecret + ", bearer_token: x}\n",
      "sources:\n  alertmanager: {bearer_token: [" + kSecret + "]}\n",
      "sources:\n  alertmanger: {bearer_token: " + kSecret + "}\n",
      "sources:\n  alertmanager: {basic_auth: {password: " + kSecret + "}}\n",
      "sources:\n  grafana: {hmac_secret: " + kSecret + "}\n  alertmanager: {}\n",
      "chat:\n  slack: {webhook_url: \"hooks.example.com/" + kSecret + "\"}\n",
      "chat:\n  slack: {webhook_url_file: " + (dir / "hook").string() + "}\n",
      "chat:\n  teams: {workflow_url: \"ftp://" + kSecret + "\"}\n",
      "chat:\n  generic: {webhook_url: \"h://" + kSecret + "\", bearer_token: t}\n",
      "chat:\n  generic: {bearer_token: " + kSecret + "}\n",
      "api: {bearer_token: [" + kSecret + "]}\n",
      "api: {auth: " + kSecret + "}\n",
      "chat:\n  mattermost: {token: " + kSecret + ", webhook_url: \"${NAGAME_T_SECRET}\"}\n",
      "prometheus: {url: \"user:" + kSecret + "@localhost:9090\"}\n",
      "public_url: \"${NAGAME_T_SECRET}\"\n",
      "summary: {post_to: [\"${NAGAME_T_SECRET}\"]}\n",
      "watch: [{name: a, query: up, threshold: \"${NAGAME_T_SECRET}\"}]\n",
      "checks: {disabled: [\"${NAGAME_T_SECRET}\"]}\n",
      "sources:\n  alertmanager: {bearer_token: \"" + kSecret + "\"\n",  // YAML syntax error
  };
  for (const std::string& yaml : cases) {
    auto got = ParseConfig(yaml, "nagame.yaml");
    ASSERT_FALSE(got.ok()) << yaml;
    EXPECT_EQ(got.status().message().find(kSecret), std::string::npos)
        << yaml << "\n -> " << got.status().message();
    EXPECT_EQ(got.status().field().find(kSecret), std::string::npos) << yaml;
    EXPECT_EQ(got.status().message().find("0xDEADBEEF"), std::string::npos) << yaml;
  }
}

TEST(ConfigSecrets, RedactedSummaryHidesEverySecret) {
  const std::vector<std::string> secrets = {
      "am-bearer-secret",        "slack-signing-secret",  "grafana-bearer-secret",
      "grafana-hmac-secret",     "xoxb-slack-bot-secret", "slack-hook-secret",
      "mattermost-token-secret", "mm-hook-secret",        "dGVhbXMtb3V0Z29pbmctc2VjcmV0",
      "teams-flow-secret",       "basic-password-secret", "prom-password-secret"};
  ScopedEnv env({{"NAGAME_AM_TOKEN", secrets[0]}, {"SLACK_SIGNING_SECRET", secrets[1]}});
  auto loaded = LoadConfig(testing::FixturePath("config/design_example.yaml").string());
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  Config c = *loaded;
  c.prometheus.url = "https://prom:prom-password-secret@prom.example.com:9090/api";

  std::string summary = RedactedSummary(c);
  for (const std::string& s : secrets) {
    EXPECT_EQ(summary.find(s), std::string::npos) << s << " in " << summary;
  }
  auto json = nlohmann::json::parse(summary);
  EXPECT_EQ(json["listen"], "127.0.0.1:9095");
  EXPECT_EQ(json["timezone"], "Asia/Tokyo");
  EXPECT_EQ(json["sources"]["alertmanager"],
            nlohmann::json({{"auth", "bearer"}, {"bearer_token", "<redacted>"}}));
  EXPECT_EQ(json["sources"]["grafana"]["hmac_secret"], "<redacted>");
  EXPECT_EQ(json["chat"]["slack"]["channel"], "C0123");
  EXPECT_EQ(json["chat"]["slack"]["webhook_url"], "<redacted>");
  EXPECT_EQ(json["chat"]["teams"]["workflow_url"], "<redacted>");
  EXPECT_EQ(json["prometheus"], "https://<redacted>@prom.example.com:9090/api");
  EXPECT_EQ(json["server"]["read_timeout"], "10s");
  EXPECT_EQ(json["ingest"]["expire_after"], "12h");
  EXPECT_EQ(json["watch"], nlohmann::json::array({"checkout p99"}));
}

// Found by tests/fuzz/config_fuzz: a value that is not UTF-8 (YAML passes the file's bytes
// through) made RedactedSummary throw nlohmann's type_error 316, and `nagame serve` died at
// its startup log line instead of starting.
TEST(ConfigSecrets, RedactedSummaryOfNonUtf8ValuesIsJson) {
  auto c = ParseConfig("database: nagame-\xff\xfe.db\n", "bytes.yaml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  std::string summary;
  ASSERT_NO_THROW(summary = RedactedSummary(*c));
  auto json = nlohmann::json::parse(summary, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << summary;
  EXPECT_EQ(json["database"], "nagame-\ufffd\ufffd.db");
}

TEST(ConfigLoad, MissingFileIsNotFound) {
  testing::TempDir dir;
  auto got = LoadConfig((dir / "absent.yaml").string());
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), Code::kNotFound);
  EXPECT_EQ(got.status().message(), "cannot read config file \"" + (dir / "absent.yaml").string() +
                                        "\": No such file or directory");
}

TEST(ConfigLoad, MessagesNameTheFileAsGiven) {
  testing::TempDir dir;
  testing::WriteFile(dir / "bad.yaml", "# comment\nserver:\n  threads: -1\n");
  auto got = LoadConfig((dir / "bad.yaml").string());
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(got.status().message(),
            (dir / "bad.yaml").string() + ":3:3: server.threads: must be between 1 and 256");
  EXPECT_EQ(got.status().field(), "server.threads");
}

TEST(CheckConfig, ReportsConfigAndRuleFileProblemsTogether) {
  struct Case {
    const char* name;
    std::map<std::string, std::string> files;  // relative path -> content; "nagame.yaml" too
    std::vector<std::string> problems;         // substrings; "@" stands for the temp dir
  };
  const std::string good_rules =
      "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n";
  const Case cases[] = {
      {"valid config and rules",
       {{"nagame.yaml", "rule_files: [\"rules/*.yml\"]\n"},
        {"rules/a.yml", good_rules},
        {"rules/b.yml", good_rules}},
       {}},
      {"broken rule file",
       {{"nagame.yaml", "rule_files: [\"rules/*.yml\"]\n"},
        {"rules/a.yml", good_rules},
        {"rules/b.yml", "groups:\n  - name: g\n    rules: [\n"}},
       {"@/rules/b.yml:4:1: invalid YAML: end of sequence flow not found"}},
      {"pattern matching nothing",
       {{"nagame.yaml", "rule_files:\n  - rules/*.yml\n  - missing/*.yml\n"},
        {"rules/a.yml", good_rules}},
       {"@/nagame.yaml:3:5: rule_files[1]: pattern \"@/missing/*.yml\" matches no file"}},
      {"config and rule problems together",
       {{"nagame.yaml", "listen: nowhere\nrule_files: [\"rules/*.yml\"]\n"},
        {"rules/a.yml", "groups: {\n"}},
       {"@/nagame.yaml:1:1: listen: invalid address", "@/rules/a.yml:2:1: invalid YAML"}},
  };
  for (const Case& c : cases) {
    testing::TempDir dir;
    for (const auto& [path, content] : c.files) {
      std::filesystem::create_directories((dir / path).parent_path());
      testing::WriteFile(dir / path, content);
    }
    Status status = CheckConfigFile((dir / "nagame.yaml").string());
    if (c.problems.empty()) {
      EXPECT_TRUE(status.ok()) << c.name << ": " << status.message();
      continue;
    }
    ASSERT_FALSE(status.ok()) << c.name;
    EXPECT_EQ(status.code(), Code::kInvalidArgument) << c.name;
    size_t lines = std::count(status.message().begin(), status.message().end(), '\n') + 1;
    EXPECT_EQ(lines, c.problems.size()) << c.name << ": " << status.message();
    for (std::string want : c.problems) {
      for (size_t at; (at = want.find('@')) != std::string::npos;) {
        want.replace(at, 1, dir.path().string());
      }
      EXPECT_NE(status.message().find(want), std::string::npos)
          << c.name << ": want " << want << "\n got " << status.message();
    }
  }
}

TEST(CheckConfig, MissingConfigIsNotFound) {
  EXPECT_EQ(CheckConfigFile("/nonexistent/nagame.yaml").code(), Code::kNotFound);
}

}  // namespace
}  // namespace nagame::bot
