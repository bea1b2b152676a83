// Every registered source end to end through the real binary: its fixtures byte for byte are
// stored (200) and listed under /api/v1/episodes?source=; firing then resolved gives exactly
// one closed episode per alert; a retried delivery is absorbed; wrong credentials or a bad
// signature get 401 and store nothing. One table row per source.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "bot/auth/hmac.h"
#include "bot/sources/source.h"
#include "tests/support/files.h"
#include "tests/support/http_client.h"
#include "tests/support/nagame_server.h"
#include "tests/support/prometheus_stack.h"

namespace nagame::testing {
namespace {

// Where a request goes and what it carries.
struct Signed {
  std::string target;
  HttpHeaders headers;
};

struct SourceCase {
  std::string source;
  std::string config;            // the block under `sources:`, indented two spaces
  std::string firing_fixture;    // opens one episode per alert
  std::string resolved_fixture;  // the same alerts, resolved
  size_t alerts = 1;
  // Credentials (and signature) for `body`; with `valid` false, wrong ones.
  std::function<Signed(const std::string& body, bool valid)> sign;
};

int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Signed Bearer(const std::string& source, const std::string& token) {
  return {"/webhooks/" + source, {{"Authorization", "Bearer " + token}}};
}

// Grafana's signature over "<ts>:<body>", `age` seconds old.
Signed GrafanaSigned(const std::string& body, const std::string& secret, int64_t age) {
  const std::string ts = std::to_string(UnixNow() - age);
  return {
      "/webhooks/grafana",
      {{"Authorization", "Bearer grafana-token"},
       {"X-Grafana-Timestamp", ts},
       {"X-Grafana-Alerting-Signature", bot::HexLower(bot::HmacSha256(secret, ts + ":" + body))}}};
}

constexpr char kAzureToken[] = "azure-url-token";

std::string AzureTarget(const std::string& token) {
  return "/webhooks/azure?token=" + UrlEncode(token);
}

// The mapping of generic/single_*.json.
constexpr char kGenericConfig[] =
    "  generic:\n"
    "    bearer_token: generic-token\n"
    "    mapping:\n"
    "      rule: /name\n"
    "      key: /id\n"
    "      status: {pointer: /state, firing: [open], resolved: [closed]}\n"
    "      starts_at: /opened\n"
    "      ends_at: /closed\n"
    "      labels: /tags\n";

std::vector<SourceCase> Cases() {
  return {
      {.source = "alertmanager",
       .config = "",  // NagameServer configures it with bearer_token "e2e-test-token"
       .firing_fixture = "alertmanager/captured/first_firing.json",
       .resolved_fixture = "alertmanager/first_firing_then_resolved.json",
       .alerts = 1,
       .sign =
           [](const std::string&, bool valid) {
             return Bearer("alertmanager", valid ? "e2e-test-token" : "e2e-test-tokeN");
           }},
      {.source = "grafana",
       .config = "  grafana:\n    bearer_token: grafana-token\n    hmac_secret: grafana-hmac\n"
                 "    hmac_timestamp_header: X-Grafana-Timestamp\n",
       .firing_fixture = "grafana/two_firing_docs_example.json",
       .resolved_fixture = "grafana/two_resolved_derived.json",
       .alerts = 2,
       .sign =
           [](const std::string& body, bool valid) {
             return GrafanaSigned(body, valid ? "grafana-hmac" : "grafana-hmaC", 0);
           }},
      // Azure can send its token only in the URL.
      {.source = "azure",
       .config = "  azure:\n    token: azure-url-token\n",
       .firing_fixture = "azure/metric_fired.json",
       .resolved_fixture = "azure/common_schema_metric_resolved.json",
       .alerts = 1,
       .sign =
           [](const std::string&, bool valid) {
             return Signed{valid ? AzureTarget(kAzureToken) : AzureTarget("azure-url-tokeN"), {}};
           }},
      {.source = "generic",
       .config = kGenericConfig,
       .firing_fixture = "generic/single_open.json",
       .resolved_fixture = "generic/single_closed.json",
       .alerts = 1,
       .sign =
           [](const std::string&, bool valid) {
             return Bearer("generic", valid ? "generic-token" : "generic-tokeN");
           }},
  };
}

class SourcesE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    NagameOptions options;
    options.dir = dir_.path();
    for (const SourceCase& c : Cases()) options.sources_yaml += c.config;
    auto nagame = NagameServer::Start(options);
    ASSERT_TRUE(nagame.ok()) << nagame.status().ToString();
    nagame_ = std::move(nagame).value();
  }

  void TearDown() override {
    if (!nagame_) return;
    ExitStatus exit = nagame_->process().Stop();
    EXPECT_TRUE(exit.success()) << exit.ToString() << "\n" << nagame_->process().StderrTail();
  }

  unsigned Post(const std::string& body, const Signed& to, const std::string& method = "POST") {
    HttpClient client(nagame_->port());
    HttpHeaders headers = to.headers;
    headers.push_back({"Content-Type", "application/json"});
    auto res = client.Send(method, to.target, body, headers);
    EXPECT_TRUE(res.ok()) << res.status().ToString();
    return res.ok() ? res->status : 0;
  }

  // The source's episodes since 2000, by state.
  std::map<std::string, size_t> States(const std::string& source) {
    auto episodes = nagame_->Episodes("source=" + source + "&from=2000-01-01T00:00:00Z");
    EXPECT_TRUE(episodes.ok()) << episodes.status().ToString();
    std::map<std::string, size_t> out;
    if (!episodes.ok()) return out;
    for (const auto& e : *episodes) {
      EXPECT_EQ(e["source"], source);
      ++out[e["state"].get<std::string>()];
    }
    return out;
  }

  TempDir dir_;
  std::unique_ptr<NagameServer> nagame_;
};

TEST_F(SourcesE2eTest, EveryRegisteredSourceHasARow) {
  std::vector<std::string> covered;
  for (const SourceCase& c : Cases()) covered.push_back(c.source);
  for (const std::string& name : bot::SourceNames()) {
    EXPECT_NE(std::find(covered.begin(), covered.end(), name), covered.end()) << name;
  }
}

TEST_F(SourcesE2eTest, FiringThenResolvedGivesOneClosedEpisodePerAlert) {
  for (const SourceCase& c : Cases()) {
    SCOPED_TRACE(c.source);
    const std::string firing = ReadFixture(c.firing_fixture);
    const std::string resolved = ReadFixture(c.resolved_fixture);
    EXPECT_EQ(Post(firing, c.sign(firing, false)), 401u);
    EXPECT_TRUE(States(c.source).empty());
    EXPECT_EQ(Post(firing, c.sign(firing, true)), 200u);
    EXPECT_EQ(Post(firing, c.sign(firing, true)), 200u);  // a retry
    EXPECT_EQ(States(c.source), (std::map<std::string, size_t>{{"firing", c.alerts}}));
    EXPECT_EQ(Post(resolved, c.sign(resolved, false)), 401u);
    EXPECT_EQ(Post(resolved, c.sign(resolved, true), "PUT"), 200u);
    EXPECT_EQ(Post(resolved, c.sign(resolved, true)), 200u);  // a duplicate (HA peer)
    EXPECT_EQ(States(c.source), (std::map<std::string, size_t>{{"resolved", c.alerts}}));
  }
}

TEST_F(SourcesE2eTest, GrafanaRefusesAReplayedSignature) {
  const std::string body = ReadFixture("grafana/two_firing_docs_example.json");
  EXPECT_EQ(Post(body, GrafanaSigned(body, "grafana-hmac", 6 * 60)), 401u);
  EXPECT_EQ(Post(body, GrafanaSigned(body, "grafana-hmac", -6 * 60)), 401u);
  Signed unsigned_request = GrafanaSigned(body, "grafana-hmac", 0);
  unsigned_request.headers.pop_back();
  EXPECT_EQ(Post(body, unsigned_request), 401u);
  EXPECT_EQ(Post(body, GrafanaSigned(body, "grafana-hmac", 4 * 60)), 200u);
}

// The token travels in the URL, so it must never be written to a log or echoed in an answer:
// not when right, not when wrong, not with a body that fails to parse.
TEST_F(SourcesE2eTest, AzureTokenIsNeverLoggedNorEchoed) {
  const std::string body = ReadFixture("azure/metric_fired.json");
  const std::string wrong = "wrong-azure-token-0xFEEDFACE";
  HttpClient client(nagame_->port());
  const HttpHeaders json = {{"Content-Type", "application/json"}};
  auto refused = client.Send("POST", AzureTarget(wrong), body, json);
  ASSERT_TRUE(refused.ok()) << refused.status().ToString();
  EXPECT_EQ(refused->status, 401u);
  EXPECT_EQ(refused->body.find(wrong), std::string::npos) << refused->body;
  auto missing = client.Send("POST", "/webhooks/azure", body, json);
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->status, 401u);
  // The token in a header is not the token: Azure cannot send one.
  auto header = client.Send("POST", "/webhooks/azure", body,
                            {json[0], {"Authorization", std::string("Bearer ") + kAzureToken}});
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->status, 401u);
  auto malformed = client.Send("POST", AzureTarget(kAzureToken), "{\"schemaId\":1}", json);
  ASSERT_TRUE(malformed.ok());
  EXPECT_EQ(malformed->status, 400u);
  EXPECT_EQ(malformed->body.find(kAzureToken), std::string::npos) << malformed->body;
  auto stored = client.Send("POST", AzureTarget(kAzureToken) + "&extra=1", body, json);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->status, 200u) << stored->body;
  // Another route given the token in its query string.
  auto elsewhere = client.Send("GET", "/api/v1/episodes?token=" + wrong + "&source=azure");
  ASSERT_TRUE(elsewhere.ok());

  ASSERT_TRUE(nagame_->WaitForEpisodesBuilt().ok());
  const std::string log = nagame_->process().ReadStderr();
  EXPECT_FALSE(nagame_->LogEvents("webhook_unauthenticated").empty()) << log;
  EXPECT_EQ(log.find(kAzureToken), std::string::npos) << log;
  EXPECT_EQ(log.find(wrong), std::string::npos) << log;
  EXPECT_EQ(log.find("0xFEEDFACE"), std::string::npos) << log;
}

TEST_F(SourcesE2eTest, GenericBodyTheMappingDoesNotFitNamesThePointer) {
  HttpClient client(nagame_->port());
  const HttpHeaders headers = {{"Authorization", "Bearer generic-token"},
                               {"Content-Type", "application/json"}};
  auto res = client.Send("POST", "/webhooks/generic",
                         R"({"id":"x","name":"r","state":"pending","opened":1795766400})", headers);
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 400u) << res->body;
  auto error = res->json()["error"];
  EXPECT_EQ(error.value("field", ""), "/state") << res->body;
  EXPECT_NE(error.value("message", "").find("status.firing [open]"), std::string::npos)
      << res->body;
  res = client.Send("POST", "/webhooks/generic", R"({"id":"x","state":"open"})", headers);
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->status, 400u);
  EXPECT_EQ(res->json()["error"].value("field", ""), "/name") << res->body;
  EXPECT_TRUE(States("generic").empty());
}

// GET /api/v1/episodes?source=NAME lists that source's episodes and no other's.
TEST_F(SourcesE2eTest, EpisodesAreFilteredBySource) {
  const std::string azure = ReadFixture("azure/log_alerts_v2_fired.json");
  const std::string generic = ReadFixture("generic/single_open.json");
  EXPECT_EQ(Post(azure, Signed{AzureTarget(kAzureToken), {}}), 200u);
  EXPECT_EQ(Post(generic, Bearer("generic", "generic-token")), 200u);
  ASSERT_TRUE(nagame_->WaitForEpisodesBuilt().ok());
  auto rules_of = [&](const std::string& query) {
    std::multiset<std::string> out;
    auto episodes = nagame_->Episodes(query + "from=2000-01-01T00:00:00Z");
    EXPECT_TRUE(episodes.ok()) << episodes.status().ToString();
    if (episodes.ok()) {
      for (const auto& e : *episodes)
        out.insert(e["source"].get<std::string>() + "/" + e["rule"].get<std::string>());
    }
    return out;
  };
  EXPECT_EQ(rules_of("source=azure&"),
            std::multiset<std::string>{"azure/checkout-heartbeat-missing"});
  EXPECT_EQ(rules_of("source=generic&"), std::multiset<std::string>{"generic/disk almost full"});
  EXPECT_EQ(rules_of(""), (std::multiset<std::string>{"azure/checkout-heartbeat-missing",
                                                      "generic/disk almost full"}));
  EXPECT_TRUE(rules_of("source=grafana&").empty());
}

}  // namespace
}  // namespace nagame::testing
