// The Grafana, New Relic and Azure rule readers against a loopback HTTPS server (a test CA the
// client trusts through tls.ca_file): what they ask, pagination, and every failure — an expired
// token (401), a 5xx, a malformed answer, an untrusted certificate, a nextLink to another
// server — ending as that system's status with the cause, never as a crash or a secret shown.
#include "bot/upstream/rule_sources.h"

#include <gtest/gtest.h>

#include "tests/support/files.h"
#include "tests/support/tls_test_server.h"

namespace nagame::bot {
namespace {

using testing::ReadFixture;
using testing::ScriptedResponse;
using testing::TempDir;
using testing::TlsTestServer;

constexpr char kSecret[] = "NRAK-SECRET0123456789";
constexpr char kSubscription[] = "dd4bfc94-a096-412b-9c43-4bd13e35afbc";

ScriptedResponse Json(unsigned status, std::string body) {
  return {.status = status, .headers = {{"Content-Type", "application/json"}}, .body = body};
}

class RuleSourcesTest : public ::testing::Test {
 public:  // the failure table points at the config makers
  void SetUp() override {
    auto server = TlsTestServer::Start({});
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(server).value();
    testing::WriteFile(dir_ / "secret", std::string(kSecret) + "\n");
    options_.ca_file = server_->ca_file().string();
    options_.total_timeout = std::chrono::seconds(10);
  }

  Config NewRelic() {
    Config c;
    c.newrelic = NewRelicConfig{.api_key = {.file = (dir_ / "secret").string()},
                                .accounts = {4420147},
                                .url = server_->url("")};
    return c;
  }
  Config Grafana() {
    Config c;
    c.grafana =
        GrafanaConfig{.url = server_->url(""), .token = {.file = (dir_ / "secret").string()}};
    return c;
  }
  Config Azure() {
    Config c;
    c.azure = AzureConfig{.subscription = kSubscription,
                          .token = {.file = (dir_ / "secret").string()},
                          .url = server_->url("")};
    return c;
  }

  RuleSourceRead ReadOne(const Config& c) {
    std::vector<RuleSourceRead> reads = ReadRuleSources(c, options_);
    EXPECT_EQ(reads.size(), 1u);
    if (reads.empty()) return {};
    EXPECT_EQ(reads[0].status.message().find(kSecret), std::string::npos);
    return reads[0];
  }

  TempDir dir_;
  std::unique_ptr<TlsTestServer> server_;
  net::HttpClientOptions options_;
};

TEST_F(RuleSourcesTest, NothingConfiguredReadsNothing) {
  EXPECT_TRUE(ReadRuleSources(Config(), options_).empty());
}

TEST_F(RuleSourcesTest, NewRelicFollowsNextCursorWithTheApiKey) {
  server_->Enqueue(Json(200, ReadFixture("newrelic/conditions/policies_page1.json")));
  server_->Enqueue(Json(200, ReadFixture("newrelic/conditions/conditions_page1.json")));
  server_->Enqueue(Json(200, ReadFixture("newrelic/conditions/conditions_page2.json")));
  RuleSourceRead read = ReadOne(NewRelic());
  ASSERT_TRUE(read.status.ok()) << read.status.ToString();
  EXPECT_EQ(read.origin, "newrelic");
  ASSERT_EQ(read.rules.size(), 3u);
  EXPECT_EQ(read.rules[1].definition.name, "Storage / Zulip Server Low Storage");

  auto requests = server_->Requests();
  ASSERT_EQ(requests.size(), 3u);
  for (const auto& r : requests) {
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.target, "/graphql");
    EXPECT_EQ(r.header("API-Key"), kSecret);
    EXPECT_EQ(r.header("Content-Type"), "application/json");
  }
  auto first = nlohmann::json::parse(requests[1].body);
  EXPECT_EQ(first["variables"]["accountId"], 4420147);
  EXPECT_TRUE(first["variables"]["cursor"].is_null());
  EXPECT_NE(first["query"].get<std::string>().find("nrqlConditionsSearch(cursor: $cursor)"),
            std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(requests[2].body)["variables"]["cursor"],
            "MjAyNi0xMi0wOFQwMTowMDowMFp8MQ==");
}

TEST_F(RuleSourcesTest, GrafanaReadsTheProvisioningApiWithTheToken) {
  server_->Enqueue(Json(200, ReadFixture("grafana/rules/provisioning_api.json")));
  RuleSourceRead read = ReadOne(Grafana());
  ASSERT_TRUE(read.status.ok()) << read.status.ToString();
  EXPECT_EQ(read.rules.size(), 2u);
  auto requests = server_->Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].target, "/api/v1/provisioning/alert-rules");
  EXPECT_EQ(requests[0].header("Authorization"), std::string("Bearer ") + kSecret);
}

TEST_F(RuleSourcesTest, AzureFollowsNextLinkThroughBothLists) {
  const std::string scope =
      std::string("/subscriptions/") + kSubscription + "/providers/Microsoft.Insights/";
  std::string page1 = ReadFixture("azure/rules/metric_alerts_page1.json");
  const std::string next =
      server_->url(scope + "metricAlerts?api-version=2018-03-01&%24skiptoken=page2");
  page1.replace(page1.find("NEXT_LINK"), 9, next);
  server_->Enqueue(Json(200, page1));
  server_->Enqueue(Json(200, ReadFixture("azure/rules/metric_alerts_page2.json")));
  server_->Enqueue(Json(200, ReadFixture("azure/rules/scheduled_query_rules.json")));
  RuleSourceRead read = ReadOne(Azure());
  ASSERT_TRUE(read.status.ok()) << read.status.ToString();
  ASSERT_EQ(read.rules.size(), 3u);
  EXPECT_EQ(read.rules[0].definition.name, "WCUS-R2-Gen2");
  EXPECT_EQ(read.rules[1].definition.name, "storage-latency");
  EXPECT_EQ(read.rules[2].definition.name, "perf");
  auto requests = server_->Requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].target, scope + "metricAlerts?api-version=2018-03-01");
  EXPECT_EQ(requests[1].target, scope + "metricAlerts?api-version=2018-03-01&%24skiptoken=page2");
  EXPECT_EQ(requests[2].target, scope + "scheduledQueryRules?api-version=2021-08-01");
  for (const auto& r : requests) {
    EXPECT_EQ(r.header("Authorization"), std::string("Bearer ") + kSecret);
  }
}

TEST_F(RuleSourcesTest, AzureResourceGroupNarrowsTheLists) {
  server_->SetDefault(Json(200, R"({"value":[]})"));
  Config c = Azure();
  c.azure->resource_group = "PipelineAlertRG";
  RuleSourceRead read = ReadOne(c);
  ASSERT_TRUE(read.status.ok()) << read.status.ToString();
  auto requests = server_->Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].target, std::string("/subscriptions/") + kSubscription +
                                    "/resourceGroups/PipelineAlertRG/providers/"
                                    "Microsoft.Insights/metricAlerts?api-version=2018-03-01");
}

TEST_F(RuleSourcesTest, AzureNeverSendsTheTokenToAnotherServer) {
  server_->Enqueue(Json(200, R"({"value":[],"nextLink":"https://attacker.example/steal"})"));
  RuleSourceRead read = ReadOne(Azure());
  EXPECT_EQ(read.status.message(),
            std::string("azure: GET /subscriptions/") + kSubscription +
                "/providers/Microsoft.Insights/metricAlerts: malformed answer: nextLink: points "
                "to another server than the configured url; not followed");
  EXPECT_EQ(server_->Requests().size(), 1u);
}

// Every failure of every reader: "unable to run", with the cause.
TEST_F(RuleSourcesTest, FailuresBecomeTheSystemsStatusWithTheCause) {
  const std::string metric_alerts = std::string("GET /subscriptions/") + kSubscription +
                                    "/providers/Microsoft.Insights/metricAlerts";
  struct Case {
    const char* name;
    Config (RuleSourcesTest::*config)();
    ScriptedResponse answer;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"newrelic 401", &RuleSourcesTest::NewRelic,
       Json(401, R"({"errors":[{"message":"Invalid API key"}]})"),
       "newrelic: account 4420147: POST /graphql: HTTP 401: Invalid API key"},
      {"newrelic 503",
       &RuleSourcesTest::NewRelic,
       {.status = 503, .body = "upstream down"},
       "newrelic: account 4420147: POST /graphql: HTTP 503: upstream down"},
      {"newrelic malformed", &RuleSourcesTest::NewRelic, Json(200, R"({"data":)"),
       "newrelic: account 4420147: POST /graphql: malformed answer: invalid JSON at byte 9"},
      {"newrelic graphql error", &RuleSourcesTest::NewRelic,
       Json(200, ReadFixture("newrelic/conditions/graphql_error.json")),
       "newrelic: account 4420147: POST /graphql: Access denied to account 4420147"},
      {"grafana 401", &RuleSourcesTest::Grafana, Json(401, R"({"message":"invalid API key"})"),
       "grafana: GET /api/v1/provisioning/alert-rules: HTTP 401: invalid API key"},
      {"grafana 500", &RuleSourcesTest::Grafana, Json(500, R"({"message":"database is locked"})"),
       "grafana: GET /api/v1/provisioning/alert-rules: HTTP 500: database is locked"},
      {"grafana malformed", &RuleSourcesTest::Grafana, Json(200, R"({"groups":3})"),
       "grafana: GET /api/v1/provisioning/alert-rules: malformed answer: groups: must be an "
       "array"},
      {"azure expired token", &RuleSourcesTest::Azure,
       Json(401, ReadFixture("azure/rules/expired_token.json")),
       "azure: " + metric_alerts +
           ": HTTP 401: ExpiredAuthenticationToken: The access token expiry UTC time "
           "'12/8/2026 2:00:00 AM' is earlier than current UTC time '12/8/2026 3:10:41 AM'."},
      {"azure 502",
       &RuleSourcesTest::Azure,
       {.status = 502, .body = "<html>Bad gateway</html>"},
       "azure: " + metric_alerts + ": HTTP 502: <html>Bad gateway</html>"},
      {"azure malformed", &RuleSourcesTest::Azure, Json(200, R"({"value":{}})"),
       "azure: " + metric_alerts + ": malformed answer: value: must be an array"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    server_->Enqueue(c.answer);
    RuleSourceRead read = ReadOne((this->*c.config)());
    EXPECT_EQ(read.status.code(), Code::kUnavailable);
    EXPECT_EQ(read.status.message(), c.message);
    EXPECT_TRUE(read.rules.empty());
  }
}

TEST_F(RuleSourcesTest, ASlowServerTimesOut) {
  options_.total_timeout = std::chrono::milliseconds(300);
  server_->Enqueue({.status = 200, .body = "[]", .delay = std::chrono::seconds(2)});
  RuleSourceRead read = ReadOne(Grafana());
  EXPECT_EQ(read.status.code(), Code::kUnavailable);
  EXPECT_TRUE(
      read.status.message().starts_with("grafana: GET /api/v1/provisioning/alert-rules: timeout"))
      << read.status.message();
}

TEST_F(RuleSourcesTest, AnUntrustedCertificateIsRefused) {
  options_.ca_file.clear();  // the system's CAs do not include the test CA
  server_->SetDefault(Json(200, "[]"));
  RuleSourceRead read = ReadOne(Grafana());
  EXPECT_EQ(read.status.code(), Code::kUnavailable);
  EXPECT_TRUE(
      read.status.message().starts_with("grafana: GET /api/v1/provisioning/alert-rules: tls"))
      << read.status.message();
}

TEST_F(RuleSourcesTest, AnUnreadableTokenFileIsTheCause) {
  Config c = Grafana();
  c.grafana->token.file = (dir_ / "missing").string();
  RuleSourceRead read = ReadOne(c);
  EXPECT_EQ(read.status.message(), "grafana: token_file: cannot read " +
                                       (dir_ / "missing").string() + ": No such file or directory");
  EXPECT_TRUE(server_->Requests().empty());
}

TEST_F(RuleSourcesTest, SavedAnswersNeedNoServer) {
  Config c;
  c.grafana =
      GrafanaConfig{.rules_file = testing::FixturePath("grafana/rules/export.yaml").string()};
  c.azure = AzureConfig{
      .rules_file = testing::FixturePath("azure/rules/scheduled_query_rules.json").string()};
  testing::WriteFile(dir_ / "nr.json",
                     "[" + ReadFixture("newrelic/conditions/policies_page1.json") + "," +
                         ReadFixture("newrelic/conditions/conditions_page2.json") + "]");
  c.newrelic = NewRelicConfig{.conditions_file = (dir_ / "nr.json").string()};
  std::vector<RuleSourceRead> reads = ReadRuleSources(c, options_);
  ASSERT_EQ(reads.size(), 3u);
  for (const RuleSourceRead& r : reads) EXPECT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(reads[0].origin, "grafana");
  EXPECT_EQ(reads[0].rules.at(0).definition.name, "Disk almost full");
  EXPECT_EQ(reads[1].origin, "newrelic");
  EXPECT_EQ(reads[1].rules.at(0).definition.name, "Storage / Zulip Server Low Storage");
  EXPECT_EQ(reads[2].origin, "azure");
  EXPECT_EQ(reads[2].rules.at(0).definition.name, "perf");
  EXPECT_TRUE(server_->Requests().empty());

  testing::WriteFile(dir_ / "broken.json", "{\"value\": [");
  c = Config();
  c.azure = AzureConfig{.rules_file = (dir_ / "broken.json").string()};
  RuleSourceRead broken = ReadOne(c);
  EXPECT_EQ(broken.status.message(), "azure: " + (dir_ / "broken.json").string() +
                                         ": malformed answer: invalid JSON at byte 12");
}

}  // namespace
}  // namespace nagame::bot
