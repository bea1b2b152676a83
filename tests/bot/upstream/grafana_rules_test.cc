// Mapping Grafana's alert rules (provisioning API answers and exports) into rule definitions,
// and every malformed shape refused with the field that is wrong.
#include "bot/upstream/grafana_rules.h"

#include <gtest/gtest.h>

#include "bot/upstream/saved_answer.h"
#include "tests/support/files.h"

namespace nagame::bot {
namespace {

using namespace std::chrono_literals;
using testing::FixturePath;

nlohmann::json Fixture(const char* name) {
  auto body = ReadSavedAnswer(FixturePath(name).string(), true);
  EXPECT_TRUE(body.ok()) << body.status().ToString();
  return body.ok() ? *body : nlohmann::json();
}

TEST(GrafanaRules, MapsTheProvisioningApiAnswer) {
  auto rules = ParseGrafanaRules(Fixture("grafana/rules/provisioning_api.json"), "GET /x");
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  ASSERT_EQ(rules->size(), 2u);  // the recording rule is left out
  const rules::DefinedRule& cpu = rules->at(0);
  EXPECT_EQ(cpu.source, "grafana");
  EXPECT_EQ(cpu.definition.name, "High CPU usage");
  EXPECT_EQ(cpu.definition.group, "checkout");
  EXPECT_EQ(cpu.definition.file, "Grafana folder platform-alerts");
  EXPECT_EQ(cpu.definition.language, rules::kGrafanaQuery);
  EXPECT_EQ(cpu.definition.expr,
            "A: avg by (instance) (rate(node_cpu_seconds_total{mode!=\"idle\"}[5m]))\nC: A");
  EXPECT_EQ(cpu.definition.for_duration, 5min);
  EXPECT_EQ(cpu.definition.labels.at("team"), "checkout");
  EXPECT_EQ(cpu.definition.labels.at("severity"), "warning");
  EXPECT_EQ(cpu.definition.annotations.at("runbook_url"), "https://runbooks.example.com/cpu");
  EXPECT_TRUE(cpu.definition.enabled);
  const rules::DefinedRule& lag = rules->at(1);
  EXPECT_EQ(lag.definition.expr, "A: SELECT now() - max(created_at) AS lag FROM orders\nB: A");
  EXPECT_EQ(lag.definition.for_duration, 15min);
  EXPECT_FALSE(lag.definition.enabled);  // isPaused
  EXPECT_TRUE(lag.definition.labels.empty());
}

TEST(GrafanaRules, MapsAnExportedYamlFile) {
  auto rules = ParseGrafanaRules(Fixture("grafana/rules/export.yaml"), "export.yaml");
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  ASSERT_EQ(rules->size(), 1u);
  const rules::RuleDefinition& d = rules->at(0).definition;
  EXPECT_EQ(d.name, "Disk almost full");
  EXPECT_EQ(d.group, "storage");  // from the group
  EXPECT_EQ(d.file, "Grafana folder Platform");
  EXPECT_EQ(d.for_duration, 10min);
  EXPECT_EQ(d.labels.at("severity"), "critical");
  EXPECT_EQ(d.annotations.at("summary"), "Disk {{ $labels.mountpoint }} below 10%");
  EXPECT_EQ(d.expr, "A: node_filesystem_avail_bytes / node_filesystem_size_bytes\nC: A");
}

TEST(GrafanaRules, MalformedAnswersNameTheField) {
  struct Case {
    const char* name;
    const char* body;
    const char* message;
  };
  const Case cases[] = {
      {"a string", R"("rules")", "GET /r: malformed answer: must be a list of rules or an export"},
      {"export without groups", R"({"apiVersion":1})",
       "GET /r: malformed answer: groups: is required"},
      {"rule not an object", R"([1])", "GET /r: malformed answer: [0]: must be an object"},
      {"no title", R"([{"ruleGroup":"g"}])", "GET /r: malformed answer: [0].title: is required"},
      {"empty title", R"([{"title":""}])",
       "GET /r: malformed answer: [0].title: must not be empty"},
      {"bad for", R"([{"title":"t","for":"soon"}])",
       "GET /r: malformed answer: [0].for: must be a duration such as \"5m\""},
      {"labels not strings", R"([{"title":"t","labels":{"team":3}}])",
       "GET /r: malformed answer: [0].labels.team: must be a string"},
      {"isPaused not bool", R"([{"title":"t","isPaused":"no"}])",
       "GET /r: malformed answer: [0].isPaused: must be a boolean"},
      {"data not a list", R"([{"title":"t","data":{}}])",
       "GET /r: malformed answer: [0].data: must be an array"},
      {"export rule broken", R"({"groups":[{"name":"g","rules":[{"title":5}]}]})",
       "GET /r: malformed answer: groups[0].rules[0].title: must be a string"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto rules = ParseGrafanaRules(nlohmann::json::parse(c.body), "GET /r");
    ASSERT_FALSE(rules.ok());
    EXPECT_EQ(rules.status().code(), Code::kUnavailable);
    EXPECT_EQ(rules.status().message(), c.message);
  }
}

TEST(GrafanaRules, ErrorText) {
  EXPECT_EQ(GrafanaErrorText(nlohmann::json::parse(R"({"message":"invalid API key"})")),
            "invalid API key");
  EXPECT_EQ(GrafanaErrorText(nlohmann::json::parse(R"([1])")), "");
}

}  // namespace
}  // namespace nagame::bot
