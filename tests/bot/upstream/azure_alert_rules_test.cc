// Mapping Azure Resource Manager's metricAlerts and scheduledQueryRules list answers into rule
// definitions, and every malformed shape refused with the field that is wrong.
#include "bot/upstream/azure_alert_rules.h"

#include <gtest/gtest.h>

#include "tests/support/files.h"

namespace nagame::bot {
namespace {

using namespace std::chrono_literals;
using testing::ReadFixture;

AzureRulePage Page(const char* fixture) {
  auto page = ParseAzureRulePage(nlohmann::json::parse(ReadFixture(fixture)), "GET /x");
  EXPECT_TRUE(page.ok()) << page.status().ToString();
  return page.ok() ? *page : AzureRulePage();
}

TEST(AzureAlertRules, MetricAlertsKeepCriteriaSeverityTagsAndWindow) {
  AzureRulePage first = Page("azure/rules/metric_alerts_page1.json");
  EXPECT_EQ(first.next_link, "NEXT_LINK");
  ASSERT_EQ(first.rules.size(), 1u);
  const rules::DefinedRule& r = first.rules[0];
  EXPECT_EQ(r.source, "azure");
  EXPECT_EQ(r.definition.name, "WCUS-R2-Gen2");  // the common schema's essentials.alertRule
  EXPECT_EQ(r.definition.group, "PipelineAlertRG");
  EXPECT_EQ(r.definition.language, rules::kAzureMetric);
  EXPECT_EQ(r.definition.expr,
            "Average Microsoft.Compute/virtualMachines/Percentage CPU GreaterThan 80.5");
  EXPECT_EQ(r.definition.for_duration, 5min);
  EXPECT_EQ(r.definition.labels.at("severity"), "Sev3");
  EXPECT_EQ(r.definition.labels.at("team"), "compute");
  EXPECT_EQ(r.definition.labels.size(), 2u);  // the hidden-link tag is not a label
  EXPECT_EQ(r.definition.annotations.at("runbook_url"), "https://runbooks.example.com/vm-cpu");
  EXPECT_EQ(r.definition.annotations.at("description"), "CPU of the gen2 pipeline VM");
  EXPECT_TRUE(r.definition.enabled);

  AzureRulePage last = Page("azure/rules/metric_alerts_page2.json");
  EXPECT_EQ(last.next_link, "");
  ASSERT_EQ(last.rules.size(), 1u);
  EXPECT_EQ(last.rules[0].definition.expr,
            "Average Microsoft.Storage/storageAccounts/SuccessE2ELatency GreaterThan "
            "dynamic(High)");
  EXPECT_FALSE(last.rules[0].definition.enabled);
  EXPECT_EQ(last.rules[0].definition.for_duration, 15min);
}

TEST(AzureAlertRules, LogAlertsKeepTheirKqlAndLeaveLogToMetricOut) {
  AzureRulePage page = Page("azure/rules/scheduled_query_rules.json");
  ASSERT_EQ(page.rules.size(), 1u);
  const rules::RuleDefinition& d = page.rules[0].definition;
  EXPECT_EQ(d.name, "perf");
  EXPECT_EQ(d.group, "QueryResourceGroupName");
  EXPECT_EQ(d.language, rules::kKQL);
  EXPECT_EQ(d.expr, "Perf | where ObjectName == \"Processor\"");
  EXPECT_EQ(d.for_duration, 10min);
  EXPECT_EQ(d.labels.at("severity"), "Sev4");
  EXPECT_EQ(d.labels.at("owner"), "sre");
}

TEST(AzureAlertRules, MalformedAnswersNameTheField) {
  struct Case {
    const char* name;
    const char* body;
    const char* message;
  };
  const Case cases[] = {
      {"not an object", "[]", "GET /x: malformed answer: must be an object"},
      {"no value", "{}", "GET /x: malformed answer: value: is required"},
      {"unknown type", R"({"value":[{"type":"Microsoft.Web/sites","name":"n"}]})",
       "GET /x: malformed answer: value[0].type: is neither a metric alert nor a scheduled query "
       "rule"},
      {"no properties", R"({"value":[{"type":"Microsoft.Insights/metricAlerts","name":"n"}]})",
       "GET /x: malformed answer: value[0].properties: is required"},
      {"bad window",
       R"({"value":[{"type":"Microsoft.Insights/metricAlerts","name":"n","properties":{"windowSize":"5m"}}]})",
       "GET /x: malformed answer: value[0].properties.windowSize: must be an ISO 8601 duration "
       "such as \"PT5M\""},
      {"severity out of range",
       R"({"value":[{"type":"Microsoft.Insights/metricAlerts","name":"n","properties":{"severity":7}}]})",
       "GET /x: malformed answer: value[0].properties.severity: must be 0 … 4"},
      {"criterion without metric",
       R"({"value":[{"type":"Microsoft.Insights/metricAlerts","name":"n","properties":{"criteria":{"allOf":[{"operator":"GreaterThan"}]}}}]})",
       "GET /x: malformed answer: value[0].properties.criteria.allOf[0].metricName: is required"},
      {"nextLink not a string", R"({"value":[],"nextLink":3})",
       "GET /x: malformed answer: nextLink: must be a string"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto page = ParseAzureRulePage(nlohmann::json::parse(c.body), "GET /x");
    ASSERT_FALSE(page.ok());
    EXPECT_EQ(page.status().code(), Code::kUnavailable);
    EXPECT_EQ(page.status().message(), c.message);
  }
}

TEST(AzureAlertRules, ErrorText) {
  EXPECT_EQ(AzureErrorText(nlohmann::json::parse(ReadFixture("azure/rules/expired_token.json")))
                .substr(0, 44),
            "ExpiredAuthenticationToken: The access token");
  EXPECT_EQ(AzureErrorText(nlohmann::json::parse(R"({"message":"x"})")), "");
}

}  // namespace
}  // namespace nagame::bot
