// Mapping NerdGraph's nrqlConditionsSearch and policiesSearch answers into rule definitions
// named as the New Relic webhook names their alerts, and every malformed shape refused.
#include "bot/upstream/newrelic_conditions.h"

#include <gtest/gtest.h>

#include "tests/support/files.h"

namespace nagame::bot {
namespace {

using namespace std::chrono_literals;
using testing::ReadFixture;

NerdGraphPage Page(const char* fixture) {
  auto page = ParseNerdGraphPage(nlohmann::json::parse(ReadFixture(fixture)), "POST /graphql");
  EXPECT_TRUE(page.ok()) << page.status().ToString();
  return page.ok() ? *page : NerdGraphPage();
}

TEST(NewRelicConditions, PagesCarryTheirCursorsAndAccount) {
  NerdGraphPage first = Page("newrelic/conditions/conditions_page1.json");
  EXPECT_EQ(first.account, 4420147);
  EXPECT_EQ(first.conditions_cursor, "MjAyNi0xMi0wOFQwMTowMDowMFp8MQ==");
  EXPECT_FALSE(first.policies_cursor.has_value());
  NerdGraphPage last = Page("newrelic/conditions/conditions_page2.json");
  EXPECT_EQ(last.conditions_cursor, "");  // null: the last page
  NerdGraphPage policies = Page("newrelic/conditions/policies_page1.json");
  EXPECT_EQ(policies.policies.at("1849302"), "Golden Signals");
}

TEST(NewRelicConditions, ConditionsAreNamedPolicySlashCondition) {
  std::vector<rules::DefinedRule> rules =
      NewRelicRules({Page("newrelic/conditions/policies_page1.json"),
                     Page("newrelic/conditions/conditions_page1.json"),
                     Page("newrelic/conditions/conditions_page2.json")});
  ASSERT_EQ(rules.size(), 3u);
  const rules::DefinedRule& cpu = rules[0];
  EXPECT_EQ(cpu.source, "newrelic");
  EXPECT_EQ(cpu.definition.name, "Golden Signals / High CPU");
  EXPECT_EQ(cpu.definition.group, "Golden Signals");
  EXPECT_EQ(cpu.definition.file, "New Relic account 4420147");
  EXPECT_EQ(cpu.definition.language, rules::kNRQL);
  EXPECT_EQ(cpu.definition.expr, "SELECT average(cpuPercent) FROM SystemSample FACET hostname");
  EXPECT_EQ(cpu.definition.for_duration, 300s);  // the CRITICAL term's, not the WARNING one's
  EXPECT_EQ(cpu.definition.labels.at("severity"), "critical");
  EXPECT_EQ(cpu.definition.annotations.at("runbook_url"), "https://runbooks.example.com/high-cpu");
  EXPECT_EQ(cpu.definition.annotations.at("description"),
            "CPU above 90% for 5 minutes on any host");
  EXPECT_TRUE(cpu.definition.enabled);

  EXPECT_EQ(rules[1].definition.name, "Storage / Zulip Server Low Storage");
  EXPECT_TRUE(rules[1].definition.annotations.empty());  // null description and runbook
  const rules::DefinedRule& legacy = rules[2];
  EXPECT_FALSE(legacy.definition.enabled);
  EXPECT_EQ(legacy.definition.for_duration, 0s);  // no terms
  EXPECT_EQ(legacy.definition.labels.count("severity"), 0u);
}

TEST(NewRelicConditions, UnknownPolicyKeepsTheConditionName) {
  std::vector<rules::DefinedRule> rules =
      NewRelicRules({Page("newrelic/conditions/conditions_page1.json")});
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0].definition.name, "High CPU");
  EXPECT_EQ(rules[0].definition.group, "policy 1849302");
}

TEST(NewRelicConditions, ErrorsAndMalformedAnswersNameTheCause) {
  struct Case {
    const char* name;
    std::string body;
    const char* message;
  };
  const Case cases[] = {
      {"graphql errors", ReadFixture("newrelic/conditions/graphql_error.json"),
       "POST /graphql: Access denied to account 4420147"},
      {"two errors", R"({"errors":[{"message":"a"},{"message":"b"}]})",
       "POST /graphql: a (and 1 more)"},
      {"not an object", "[]", "POST /graphql: malformed answer: must be an object"},
      {"no data", "{}", "POST /graphql: malformed answer: data: is required"},
      {"no account", R"({"data":{"actor":{}}})",
       "POST /graphql: malformed answer: data.actor.account: is required"},
      {"no search", R"({"data":{"actor":{"account":{"alerts":{}}}}})",
       "POST /graphql: malformed answer: data.actor.account.alerts: has neither "
       "nrqlConditionsSearch nor policiesSearch"},
      {"conditions not a list",
       R"({"data":{"actor":{"account":{"alerts":{"nrqlConditionsSearch":{"nrqlConditions":{}}}}}}})",
       "POST /graphql: malformed answer: "
       "data.actor.account.alerts.nrqlConditionsSearch.nrqlConditions: must be an array"},
      {"condition without name",
       R"({"data":{"actor":{"account":{"alerts":{"nrqlConditionsSearch":{"nrqlConditions":[{"enabled":true}]}}}}}})",
       "POST /graphql: malformed answer: "
       "data.actor.account.alerts.nrqlConditionsSearch.nrqlConditions[0].name: is required"},
      {"bad threshold duration",
       R"({"data":{"actor":{"account":{"alerts":{"nrqlConditionsSearch":{"nrqlConditions":[
         {"name":"c","terms":[{"priority":"CRITICAL","thresholdDuration":-5}]}]}}}}}})",
       "POST /graphql: malformed answer: data.actor.account.alerts.nrqlConditionsSearch."
       "nrqlConditions[0].terms[0].thresholdDuration: must be a non-negative number of seconds"},
      {"enabled not bool",
       R"({"data":{"actor":{"account":{"alerts":{"nrqlConditionsSearch":{"nrqlConditions":[{"name":"c","enabled":"yes"}]}}}}}})",
       "POST /graphql: malformed answer: "
       "data.actor.account.alerts.nrqlConditionsSearch.nrqlConditions[0].enabled: must be a "
       "boolean"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto page = ParseNerdGraphPage(nlohmann::json::parse(c.body), "POST /graphql");
    ASSERT_FALSE(page.ok());
    EXPECT_EQ(page.status().code(), Code::kUnavailable);
    EXPECT_EQ(page.status().message(), c.message);
  }
}

TEST(NewRelicConditions, RegionPicksTheEndpoint) {
  EXPECT_EQ(NerdGraphUrl("US"), "https://api.newrelic.com");
  EXPECT_EQ(NerdGraphUrl("EU"), "https://api.eu.newrelic.com");
}

}  // namespace
}  // namespace nagame::bot
