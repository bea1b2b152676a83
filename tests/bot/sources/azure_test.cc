// Parser tests for Azure Monitor common-alert-schema webhooks: documented payload shapes and
// malformed ones.
#include "bot/sources/azure.h"

#include <gtest/gtest.h>

#include <map>

#include <nlohmann/json.hpp>

#include "bot/config.h"
#include "tests/support/files.h"
#include "tests/support/webhook_request.h"

namespace nagame::bot {
namespace {

using nagame::testing::ReadFixture;
using rules::AlertStatus;
using rules::Labels;

Time Now() { return **ParseRfc3339("2026-11-28T21:00:00Z"); }

const char* kMetricTarget =
    "/subscriptions/<subscription ID>/resourcegroups/pipelinealertrg/providers/"
    "microsoft.compute/virtualmachines/wcus-r2-gen2";
const char* kWorkspace =
    "/subscriptions/11111111-2222-3333-4444-555555555555/resourcegroups/shop-rg/providers/"
    "microsoft.operationalinsights/workspaces/shop-logs";

struct FixtureCase {
  const char* file;
  const char* rule;
  AlertStatus status;
  const char* starts_at;
  const char* ends_at;  // "" = unset
  Labels labels;
};

TEST(ParseAzureWebhook, DocumentedShapes) {
  const Labels metric = {{"severity", "Sev3"},
                         {"signal_type", "Metric"},
                         {"monitoring_service", "Platform"},
                         {"alert_target_ids", kMetricTarget},
                         {"configuration_items", "wcus-r2-gen2"},
                         {"ResourceId", "a0a0a0a0-bbbb-cccc-dddd-e1e1e1e1e1e1"}};
  const Labels log_v2 = {{"severity", "Sev1"},
                         {"signal_type", "Log"},
                         {"monitoring_service", "Log Alerts V2"},
                         {"alert_target_ids", kWorkspace},
                         {"configuration_items", "checkout-vm-2"},
                         {"Computer", "checkout-vm-2"}};
  const FixtureCase cases[] = {
      {"azure/common_schema_metric_resolved.json", "WCUS-R2-Gen2", AlertStatus::kResolved,
       "2019-03-22T13:58:24.3713213Z", "2019-03-22T14:03:16.2246313Z", metric},
      {"azure/metric_fired.json", "WCUS-R2-Gen2", AlertStatus::kFiring,
       "2019-03-22T13:58:24.3713213Z", "", metric},
      {"azure/log_analytics_fired.json",
       "web-cpu-high",
       AlertStatus::kFiring,
       "2026-11-27T08:15:02.5118342Z",
       "",
       {{"severity", "Sev2"},
        {"signal_type", "Log"},
        {"monitoring_service", "Log Analytics"},
        {"alert_target_ids", kWorkspace},
        {"configuration_items", "web-07"},
        {"Computer", "web-07"}}},
      {"azure/log_alerts_v2_fired.json", "checkout-heartbeat-missing", AlertStatus::kFiring,
       "2026-11-27T09:00:41.2093118Z", "", log_v2},
      // Only metric alerts send resolvedDateTime: the end is when the news arrived.
      {"azure/log_alerts_v2_resolved.json", "checkout-heartbeat-missing", AlertStatus::kResolved,
       "2026-11-27T09:00:41.2093118Z", "2026-11-28T21:00:00Z", log_v2},
      {"azure/activity_log_administrative_fired.json",
       "vm-restarted",
       AlertStatus::kFiring,
       "2026-11-27T10:12:31.0837415Z",
       "",
       {{"severity", "Sev4"},
        {"signal_type", "Activity Log"},
        {"monitoring_service", "Activity Log - Administrative"},
        {"alert_target_ids",
         "/subscriptions/11111111-2222-3333-4444-555555555555/resourcegroups/shop-rg/providers/"
         "microsoft.compute/virtualmachines/checkout-vm-2"},
        {"configuration_items", "checkout-vm-2"},
        {"operation_name", "Microsoft.Compute/virtualMachines/restart/action"},
        {"event_source", "Administrative"}}},
      {"azure/prometheus_fired.json",
       "KubePodCrashLooping",
       AlertStatus::kFiring,
       "2026-11-27T11:03:00Z",
       "",
       {{"severity", "Sev2"},
        {"signal_type", "Metric"},
        {"monitoring_service", "Prometheus"},
        {"alert_target_ids",
         "/subscriptions/11111111-2222-3333-4444-555555555555/resourcegroups/shop-rg/providers/"
         "microsoft.monitor/accounts/shop-metrics"},
        {"configuration_items", "shop-aks"},
        {"cluster", "shop-aks"},
        {"namespace", "checkout"},
        {"pod", "checkout-api-6d9f7c8b5-x2x4z"},
        {"dimension_severity", "warning"}}},
  };
  for (const FixtureCase& c : cases) {
    SCOPED_TRACE(c.file);
    auto d = ParseAzureWebhook(ReadFixture(c.file), Now());
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    EXPECT_EQ(d->source, "azure");
    EXPECT_EQ(d->received_at, Now());
    ASSERT_EQ(d->alerts.size(), 1u);
    const rules::AlertEvent& a = d->alerts[0];
    EXPECT_EQ(a.rule, c.rule);
    EXPECT_EQ(a.status, c.status);
    EXPECT_EQ(FormatRfc3339(a.starts_at), c.starts_at);
    EXPECT_EQ(a.ends_at ? FormatRfc3339(*a.ends_at) : "", c.ends_at);
    EXPECT_EQ(a.labels, c.labels);
    EXPECT_EQ(a.fingerprint.size(), 16u);
    EXPECT_FALSE(a.annotations.at("alert_id").empty());
    EXPECT_TRUE(rules::ValidateDelivery(*d).ok());
  }
}

TEST(ParseAzureWebhook, KeepsIdsDescriptionQueriesAndCustomProperties) {
  auto metric = ParseAzureWebhook(ReadFixture("azure/common_schema_metric_resolved.json"), Now());
  ASSERT_TRUE(metric.ok());
  EXPECT_EQ(metric->status, "Resolved");
  EXPECT_EQ(metric->alerts[0].annotations,
            (Labels{{"alert_id",
                     "/subscriptions/<subscription ID>/providers/Microsoft.AlertsManagement/"
                     "alerts/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e"},
                    {"alert_rule_id",
                     "/subscriptions/<subscription ID>/resourceGroups/<resource-group>/providers/"
                     "microsoft.insights/metricAlerts/WCUS-R2-Gen2"},
                    {"metric_name", "Percentage CPU"},
                    {"Key1", "Value1"},
                    {"Key2", "Value2"}}));

  auto old_log = ParseAzureWebhook(ReadFixture("azure/log_analytics_fired.json"), Now());
  ASSERT_TRUE(old_log.ok());
  const auto& a = old_log->alerts[0];
  EXPECT_EQ(a.annotations.at("description"), "Average processor time above 90% on a web node");
  EXPECT_EQ(a.annotations.at("search_query").substr(0, 7), "Perf | ");
  EXPECT_EQ(a.generator_url.substr(0, 45), "https://portal.azure.com/#Analyticsblade/sear");

  auto v2 = ParseAzureWebhook(ReadFixture("azure/log_alerts_v2_fired.json"), Now());
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(v2->alerts[0].annotations.at("search_query"),
            "Heartbeat | where Computer startswith \"checkout-\"");
  EXPECT_NE(v2->alerts[0].generator_url.find("LogsBlade"), std::string::npos);

  auto prom = ParseAzureWebhook(ReadFixture("azure/prometheus_fired.json"), Now());
  ASSERT_TRUE(prom.ok());
  EXPECT_EQ(prom->alerts[0].annotations.at("summary"),
            "Pod checkout/checkout-api-6d9f7c8b5-x2x4z is crash looping");
}

TEST(ParseAzureWebhook, FiredAndResolvedOfOneAlertShareTheEpisodeIdentity) {
  const std::pair<const char*, const char*> pairs[] = {
      {"azure/metric_fired.json", "azure/common_schema_metric_resolved.json"},
      {"azure/log_alerts_v2_fired.json", "azure/log_alerts_v2_resolved.json"},
  };
  for (auto [fired_file, resolved_file] : pairs) {
    SCOPED_TRACE(fired_file);
    auto fired = ParseAzureWebhook(ReadFixture(fired_file), Now());
    auto resolved = ParseAzureWebhook(ReadFixture(resolved_file), Now());
    ASSERT_TRUE(fired.ok() && resolved.ok());
    EXPECT_EQ(fired->alerts[0].fingerprint, resolved->alerts[0].fingerprint);
    EXPECT_EQ(fired->alerts[0].starts_at, resolved->alerts[0].starts_at);
    EXPECT_EQ(fired->alerts[0].annotations.at("alert_id"),
              resolved->alerts[0].annotations.at("alert_id"));
  }
}

// A metric alert body with `essentials` and `context` spliced in.
std::string Body(const std::string& essentials_extra, const std::string& context = "null",
                 const std::string& monitor_condition = "Fired") {
  return R"({"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{)"
         R"("alertId":"/subscriptions/s/providers/Microsoft.AlertsManagement/alerts/a1",)"
         R"("alertRule":"cpu","severity":"Sev2","monitorCondition":")" +
         monitor_condition + R"(","firedDateTime":"2026-11-28T20:00:00.1234567Z")" +
         essentials_extra + R"(},"alertContext":)" + context + "}}";
}
// `body` with its first `from` replaced by `to`.
std::string With(std::string body, const std::string& from, const std::string& to) {
  body.replace(body.find(from), from.size(), to);
  return body;
}
std::string Criteria(const std::string& all_of) {
  return R"({"conditionType":"SingleResourceMultipleMetricCriteria","condition":{"allOf":)" +
         all_of + "}}";
}

TEST(ParseAzureWebhook, FingerprintFollowsTheSeriesNotTheAlertInstance) {
  auto fp = [](const std::string& body) {
    auto d = ParseAzureWebhook(body, Now());
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return d.ok() ? d->alerts[0].fingerprint : "";
  };
  std::string host_a = Criteria(R"([{"dimensions":[{"name":"host","value":"a"}]}])");
  std::string host_b = Criteria(R"([{"dimensions":[{"name":"host","value":"b"}]}])");
  const std::string base = fp(Body("", host_a));
  // Another alert instance of the same series (a later firing, another alertId).
  EXPECT_EQ(fp(With(With(Body("", host_a), "alerts/a1", "alerts/a2"), "20:00:00", "20:30:00")),
            base);
  // A changed severity is the same series; another dimension value is another.
  EXPECT_EQ(fp(With(Body("", host_a), "Sev2", "Sev0")), base);
  EXPECT_NE(fp(Body("", host_b)), base);
}

TEST(ParseAzureWebhook, DimensionsOfSeveralCriteriaAreJoined) {
  auto d = ParseAzureWebhook(
      Body("", Criteria(R"([{"metricName":"a","dimensions":[{"name":"host","value":"x"}]},)"
                        R"({"metricName":"b","dimensions":[{"name":"host","value":"y"},)"
                        R"({"name":"zone","value":3},{"name":"extra","value":null}]},)"
                        R"({"metricName":"a","dimensions":[{"name":"host","value":"x"}]}])")),
      Now());
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->alerts[0].labels.at("host"), "x,y");
  EXPECT_EQ(d->alerts[0].labels.at("zone"), "3");
  EXPECT_EQ(d->alerts[0].labels.count("extra"), 0u);
  EXPECT_EQ(d->alerts[0].annotations.at("metric_name"), "a,b");
}

TEST(ParseAzureWebhook, ResolvedWithoutResolvedDateTimeEndsWhenReceived) {
  auto d = ParseAzureWebhook(Body(R"(,"resolvedDateTime":"")", "null", "Resolved"), Now());
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->alerts[0].ends_at, Now());
  // A Fired notification has not ended, whatever resolvedDateTime says.
  auto fired = ParseAzureWebhook(Body(R"(,"resolvedDateTime":"2026-11-28T20:05:00Z")"), Now());
  ASSERT_TRUE(fired.ok());
  EXPECT_FALSE(fired->alerts[0].ends_at.has_value());
}

TEST(ParseAzureWebhook, AlertRuleIdIsReadInEitherSpelling) {
  for (const char* key : {"alertRuleId", "alertRuleID", "AlertRuleId"}) {
    auto d = ParseAzureWebhook(Body(std::string(R"(,")") + key + R"(":"/r/1")"), Now());
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d->alerts[0].annotations.at("alert_rule_id"), "/r/1") << key;
  }
}

TEST(ParseAzureWebhook, MalformedBodiesNameTheField) {
  struct Case {
    std::string body;
    const char* field;
  };
  const Case cases[] = {
      {"", "body"},
      {"[]", "body"},
      {R"({"data":{}})", "schemaId"},
      {R"({"schemaId":"Microsoft.Insights/activityLogs","data":{}})", "schemaId"},
      {R"({"schemaId":"azureMonitorCommonAlertSchema"})", "data"},
      {R"({"schemaId":"azureMonitorCommonAlertSchema","data":[]})", "data"},
      {R"({"schemaId":"azureMonitorCommonAlertSchema","data":{}})", "data.essentials"},
      {R"({"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{"alertRule":"r"}}})",
       "data.essentials.alertId"},
      {R"({"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{"alertId":"a"}}})",
       "data.essentials.alertRule"},
      {Body("", "null", "Active"), "data.essentials.monitorCondition"},
      {With(Body(""), "2026-11-28T20:00:00.1234567Z", "3/22/2019 1:36:31 PM"),
       "data.essentials.firedDateTime"},
      {With(Body(""), "\"2026-11-28T20:00:00.1234567Z\"", "1774728000"),
       "data.essentials.firedDateTime"},
      {With(Body(""), "\"2026-11-28T20:00:00.1234567Z\"", "\"0001-01-01T00:00:00Z\""),
       "data.essentials.firedDateTime"},
      {Body(R"(,"resolvedDateTime":"2026-11-28T19:00:00Z")", "null", "Resolved"),
       "data.essentials.resolvedDateTime"},
      {Body(R"(,"alertTargetIDs":"/subscriptions/s")"), "data.essentials.alertTargetIDs"},
      {Body(R"(,"configurationItems":["a",7])"), "data.essentials.configurationItems[1]"},
      {With(Body(""), "\"Sev2\"", "2"), "data.essentials.severity"},
      {Body("", "[]"), "data.alertContext"},
      {Body("", R"({"condition":{"allOf":{}}})"), "data.alertContext.condition.allOf"},
      {Body("", Criteria(R"([{"dimensions":[{"value":"x"}]}])")),
       "data.alertContext.condition.allOf[0].dimensions[0].name"},
      {Body("", Criteria(R"([{},{"dimensions":[{"name":"h","value":["x"]}]}])")),
       "data.alertContext.condition.allOf[1].dimensions[0].value"},
      {Body("", R"({"Dimensions":"Computer"})"), "data.alertContext.Dimensions"},
      {Body("", R"({"labels":{"pod":{"a":1}}})"), "data.alertContext.labels.pod"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.body);
    auto d = ParseAzureWebhook(c.body, Now());
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.status().code(), Code::kInvalidArgument);
    EXPECT_EQ(d.status().field(), c.field) << d.status().ToString();
  }
}

// --- sources.azure ---------------------------------------------------------------------------

// The configured azure source's answer to a request with this query string.
Status Authenticate(const Config& c, std::map<std::string, std::string> query,
                    const std::string& authorization = "") {
  testing::OwnedWebhookRequest request("{}", {{"Authorization", authorization}}, std::move(query));
  return c.sources.at("azure")->Authenticate(request.get());
}

TEST(AzureSource, TokenInTheQueryString) {
  auto c = ParseConfig("sources:\n  azure: {token: az-url-secret}\n", "nagame.yaml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_TRUE(Authenticate(*c, {{"token", "az-url-secret"}}).ok());
  for (const auto& query :
       std::vector<std::map<std::string, std::string>>{{},
                                                       {{"token", ""}},
                                                       {{"token", "az-url-secreT"}},
                                                       {{"token", "az-url-secret "}},
                                                       {{"Token", "az-url-secret"}},
                                                       {{"secret", "az-url-secret"}}}) {
    Status s = Authenticate(*c, query);
    EXPECT_EQ(s.code(), Code::kUnauthenticated);
    EXPECT_EQ(s.message().find("az-url-secret"), std::string::npos) << s.message();
  }
  // Azure cannot send a header; one is not a way in.
  EXPECT_FALSE(Authenticate(*c, {}, "Bearer az-url-secret").ok());
  EXPECT_EQ(c->sources.at("azure")->Challenge(), "");
  EXPECT_EQ(c->sources.at("azure")->Describe(),
            nlohmann::json({{"auth", "query_token"}, {"token", "<redacted>"}}));
  EXPECT_EQ(RedactedSummary(*c).find("az-url-secret"), std::string::npos);
}

TEST(AzureSource, TokenFileAndAuthNone) {
  testing::TempDir dir;
  testing::WriteFile(dir / "azure.token", "from-a-file\n");
  testing::WriteFile(dir / "nagame.yaml", "sources:\n  azure: {token_file: azure.token}\n");
  auto c = LoadConfig((dir / "nagame.yaml").string());
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_TRUE(Authenticate(*c, {{"token", "from-a-file"}}).ok());
  EXPECT_FALSE(Authenticate(*c, {{"token", "from-a-file\n"}}).ok());

  auto open = ParseConfig("sources:\n  azure: {auth: none}\n", "nagame.yaml");
  ASSERT_TRUE(open.ok()) << open.status().message();
  EXPECT_TRUE(Authenticate(*open, {}).ok());
  EXPECT_EQ(open->sources.at("azure")->Describe(), nlohmann::json({{"auth", "none"}}));
}

TEST(AzureSource, ConfigProblemsNameFileLineAndKey) {
  const std::pair<const char*, const char*> cases[] = {
      {"sources:\n  azure: {}\n",
       "nagame.yaml:2:3: sources.azure: no credentials: set token (Azure sends it as ?token= in "
       "the webhook URL), or \"auth: none\" to accept unauthenticated requests"},
      {"sources:\n  azure:\n    bearer_token: t\n",
       "nagame.yaml:3:5: sources.azure.bearer_token: unknown key\n"
       "nagame.yaml:2:3: sources.azure: no credentials: set token (Azure sends it as ?token= in "
       "the webhook URL), or \"auth: none\" to accept unauthenticated requests"},
      {"sources:\n  azure: {token: \"\"}\n",
       "nagame.yaml:2:11: sources.azure.token: must not be empty"},
      {"sources:\n  azure: {token: a, token_file: /tmp/t}\n",
       "nagame.yaml:2:21: sources.azure.token_file: give either token or token_file, not both"},
      {"sources:\n  azure: {token: a, auth: none}\n",
       "nagame.yaml:2:21: sources.azure.auth: \"none\" contradicts the token given for this "
       "source"},
      {"sources:\n  azure: {auth: basic}\n",
       "nagame.yaml:2:11: sources.azure.auth: must be \"none\" (the credential is set with "
       "token)"},
      {"sources:\n  azure: [token]\n",
       "nagame.yaml:2:3: sources.azure: must be a mapping (key: value)"},
  };
  for (const auto& [yaml, message] : cases) {
    auto got = ParseConfig(yaml, "nagame.yaml");
    ASSERT_FALSE(got.ok()) << yaml;
    EXPECT_EQ(got.status().message(), message) << yaml;
  }
}

}  // namespace
}  // namespace nagame::bot
