// Parser tests for New Relic workflow webhooks: the default template's payloads, edited
// templates, acks, and templates that lack what Nagame needs.
#include "bot/sources/newrelic.h"

#include <gtest/gtest.h>

#include <map>

#include <nlohmann/json.hpp>

#include "bot/auth/tokens.h"
#include "bot/config.h"
#include "tests/support/files.h"
#include "tests/support/webhook_request.h"

namespace nagame::bot {
namespace {

using nagame::testing::ReadFixture;
using rules::AlertStatus;

Time Now() { return **ParseRfc3339("2026-11-28T21:00:00Z"); }

TEST(ParseNewRelicWebhook, DefaultTemplatePayloads) {
  struct Case {
    const char* file;
    const char* fingerprint;
    const char* rule;
    AlertStatus status;
    const char* starts_at;
    const char* ends_at;  // "" = unset
    const char* entity;
  };
  const Case cases[] = {
      {"newrelic/issue_activated.json", "c5faa7e6-7b54-402d-af79-f99601e0278c",
       "Golden Signals / Zulip Server Low Storage", AlertStatus::kFiring,
       "2024-04-22T03:05:31.352Z", "", "zulip_app"},
      {"newrelic/issue_closed.json", "95a9344a-2590-48ce-8d83-07e28b6d22c6",
       "Golden Signals / High CPU", AlertStatus::kResolved, "2024-04-22T06:16:30.228Z",
       "2024-04-22T06:17:37.383Z", "main_app-UBUNTU"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file);
    auto d = ParseNewRelicWebhook(ReadFixture(c.file), Now());
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    EXPECT_EQ(d->source, "newrelic");
    ASSERT_EQ(d->alerts.size(), 1u);
    const rules::AlertEvent& a = d->alerts[0];
    EXPECT_EQ(a.fingerprint, c.fingerprint);
    EXPECT_EQ(a.rule, c.rule);
    EXPECT_EQ(a.status, c.status);
    EXPECT_EQ(FormatRfc3339(a.starts_at), c.starts_at);
    EXPECT_EQ(a.ends_at ? FormatRfc3339(*a.ends_at) : "", c.ends_at);
    EXPECT_EQ(a.labels.at("entity"), c.entity);
    EXPECT_EQ(a.labels.at("severity"), "critical");
    EXPECT_EQ(a.labels.at("policy"), "Golden Signals");
    EXPECT_FALSE(a.acknowledged_by.has_value());
  }
}

TEST(ParseNewRelicWebhook, KeepsTitleLinkAndWorkflow) {
  auto d = ParseNewRelicWebhook(ReadFixture("newrelic/issue_activated.json"), Now());
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  const rules::AlertEvent& a = d->alerts[0];
  EXPECT_EQ(a.labels.at("condition"), "Zulip Server Low Storage");
  EXPECT_EQ(a.annotations.at("summary"),
            "zulip_app query result is > 1.0 for 1 minutes on 'Zulip Server Low Storage'");
  EXPECT_EQ(a.annotations.at("trigger"), "STATE_CHANGE");
  EXPECT_EQ(a.annotations.at("workflow"), "testWorkflow");
  EXPECT_EQ(a.annotations.at("total_incidents"), "1");
  EXPECT_EQ(a.generator_url,
            "https://radar-api.service.newrelic.com/accounts/4420147/issues/"
            "c5faa7e6-7b54-402d-af79-f99601e0278c?notifier=WEBHOOK");
  EXPECT_EQ(d->receiver, "testWorkflow");
  EXPECT_EQ(d->status, "ACTIVATED");
}

nlohmann::json Array(std::initializer_list<const char*> items) {
  nlohmann::json out = nlohmann::json::array();
  for (const char* item : items) out.push_back(item);
  return out;
}

// The activated fixture with `edit` applied (keys set, or removed when null).
std::string Edited(const nlohmann::json& edit) {
  nlohmann::json doc = nlohmann::json::parse(ReadFixture("newrelic/issue_activated.json"));
  for (const auto& [key, value] : edit.items()) {
    if (value.is_null()) {
      doc.erase(key);
    } else {
      doc[key] = value;
    }
  }
  return doc.dump();
}

TEST(ParseNewRelicWebhook, EditedTemplatesAreReadLeniently) {
  struct Case {
    const char* name;
    nlohmann::json edit;
    const char* starts_at;
    const char* rule;
    const char* entity;  // nullptr: no entity label
  };
  const char* kStart = "2024-04-22T03:05:31.352Z";
  const char* kRule = "Golden Signals / Zulip Server Low Storage";
  const Case cases[] = {
      {"createdAt as a string", {{"createdAt", "1713755131352"}}, kStart, kRule, "zulip_app"},
      {"createdAt in seconds",
       {{"createdAt", 1713755131}},
       "2024-04-22T03:05:31Z",
       kRule,
       "zulip_app"},
      {"createdAt in seconds with a fraction",
       {{"createdAt", "1713755131.352"}},
       kStart,
       kRule,
       "zulip_app"},
      {"createdAt as RFC 3339",
       {{"createdAt", "2024-04-22T03:05:31.352Z"}},
       kStart,
       kRule,
       "zulip_app"},
      {"issueId instead of id",
       {{"id", nullptr}, {"issueId", "c5faa7e6-7b54-402d-af79-f99601e0278c"}},
       kStart,
       kRule,
       "zulip_app"},
      {"one condition as a string",
       {{"alertConditionNames", "Zulip Server Low Storage"},
        {"alertPolicyNames", "Golden Signals"}},
       kStart,
       kRule,
       "zulip_app"},
      {"conditionName key",
       {{"alertConditionNames", nullptr}, {"conditionName", Array({"Disk"})}},
       kStart,
       "Golden Signals / Disk",
       "zulip_app"},
      {"no policy",
       {{"alertPolicyNames", nullptr}},
       kStart,
       "Zulip Server Low Storage",
       "zulip_app"},
      {"empty policy list",
       {{"alertPolicyNames", nlohmann::json::array()}},
       kStart,
       "Zulip Server Low Storage",
       "zulip_app"},
      {"entities as objects",
       {{"impactedEntities",
         nlohmann::json::array({nlohmann::json::object({{"name", "web-1"}, {"guid", "MXxB"}}),
                                nlohmann::json::object({{"name", "web-2"}})})}},
       kStart,
       kRule,
       "web-1, web-2"},
      {"one entity as a string", {{"impactedEntities", "db-1"}}, kStart, kRule, "db-1"},
      {"no entities", {{"impactedEntities", nullptr}}, kStart, kRule, nullptr},
      {"only what Nagame needs",
       {{"issueUrl", nullptr},
        {"title", nullptr},
        {"priority", nullptr},
        {"impactedEntities", nullptr},
        {"totalIncidents", nullptr},
        {"trigger", nullptr},
        {"isCorrelated", nullptr},
        {"updatedAt", nullptr},
        {"sources", nullptr},
        {"alertPolicyNames", nullptr},
        {"workflowName", nullptr}},
       kStart,
       "Zulip Server Low Storage",
       nullptr},
      {"numbers and booleans as strings",
       {{"totalIncidents", "1"}, {"isCorrelated", "false"}, {"updatedAt", "1713769708699"}},
       kStart,
       kRule,
       "zulip_app"},
      {"state in lower case", {{"state", "activated"}}, kStart, kRule, "zulip_app"},
      {"state CREATED", {{"state", "CREATED"}}, kStart, kRule, "zulip_app"},
      {"unknown keys",
       {{"accountId", 4420147}, {"extra", {{"a", {1, 2}}}}},
       kStart,
       kRule,
       "zulip_app"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto d = ParseNewRelicWebhook(Edited(c.edit), Now());
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    ASSERT_EQ(d->alerts.size(), 1u);
    const rules::AlertEvent& a = d->alerts[0];
    EXPECT_EQ(a.fingerprint, "c5faa7e6-7b54-402d-af79-f99601e0278c");
    EXPECT_EQ(a.status, AlertStatus::kFiring);
    EXPECT_EQ(FormatRfc3339(a.starts_at), c.starts_at);
    EXPECT_EQ(a.rule, c.rule);
    if (c.entity) {
      EXPECT_EQ(a.labels.count("entity") ? a.labels.at("entity") : "", c.entity);
    } else {
      EXPECT_EQ(a.labels.count("entity"), 0u);
    }
  }
}

TEST(ParseNewRelicWebhook, TagsBecomeLabelsWithoutReplacingNagamesOwn) {
  auto d = ParseNewRelicWebhook(Edited({{"tags",
                                         {{"team", Array({"payments"})},
                                          {"env", Array({"prod", "eu"})},
                                          {"replicas", 3},
                                          {"severity", "ignored"},
                                          {"empty", nlohmann::json::array()}}}}),
                                Now());
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  const rules::Labels& labels = d->alerts[0].labels;
  EXPECT_EQ(labels.at("team"), "payments");
  EXPECT_EQ(labels.at("env"), "prod,eu");
  EXPECT_EQ(labels.at("replicas"), "3");
  EXPECT_EQ(labels.at("severity"), "critical");  // from priority
  EXPECT_EQ(labels.count("empty"), 0u);
}

TEST(ParseNewRelicWebhook, ClosedIssueEndsAtClosedAtElseUpdatedAtElseReceipt) {
  struct Case {
    const char* name;
    nlohmann::json edit;
    const char* ends_at;
  };
  const Case cases[] = {
      {"closedAt", {{"state", "CLOSED"}, {"closedAt", 1713769000000}}, "2024-04-22T06:56:40Z"},
      {"updatedAt", {{"state", "CLOSED"}}, "2024-04-22T07:08:28.699Z"},
      {"neither", {{"state", "CLOSED"}, {"updatedAt", nullptr}}, "2026-11-28T21:00:00Z"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto d = ParseNewRelicWebhook(Edited(c.edit), Now());
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    const rules::AlertEvent& a = d->alerts[0];
    EXPECT_EQ(a.status, AlertStatus::kResolved);
    ASSERT_TRUE(a.ends_at.has_value());
    EXPECT_EQ(FormatRfc3339(*a.ends_at), c.ends_at);
  }
}

TEST(ParseNewRelicWebhook, AcknowledgedIssueIsAnAckByItsAcknowledger) {
  struct Case {
    const char* name;
    nlohmann::json edit;
    const char* acknowledged_by;  // nullptr: no ack
  };
  const Case cases[] = {
      {"ACKNOWLEDGED with acknowledgedBy",
       {{"state", "ACKNOWLEDGED"}, {"acknowledgedBy", "maeve@example.com"}},
       "maeve@example.com"},
      {"ACKNOWLEDGED from the default template", {{"state", "ACKNOWLEDGED"}}, "unknown"},
      {"isAcknowledged on a later update",
       {{"state", "ACTIVATED"}, {"isAcknowledged", true}, {"acknowledgedBy", "maeve"}},
       "maeve"},
      {"isAcknowledged as a string",
       {{"isAcknowledged", "true"}, {"acknowledgedBy", Array({"maeve"})}},
       "maeve"},
      {"not acknowledged", {{"isAcknowledged", false}, {"acknowledgedBy", "maeve"}}, nullptr},
      {"isAcknowledged without a name", {{"isAcknowledged", true}}, nullptr},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto d = ParseNewRelicWebhook(Edited(c.edit), Now());
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    const rules::AlertEvent& a = d->alerts[0];
    EXPECT_EQ(a.status, AlertStatus::kFiring);
    if (c.acknowledged_by) {
      EXPECT_EQ(a.acknowledged_by, c.acknowledged_by);
    } else {
      EXPECT_FALSE(a.acknowledged_by.has_value());
    }
  }
}

TEST(ParseNewRelicWebhook, TemplateWithTheAcknowledgerNamesWhoAcked) {
  auto d = ParseNewRelicWebhook(ReadFixture("newrelic/issue_acknowledged_derived.json"), Now());
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  const rules::AlertEvent& a = d->alerts[0];
  EXPECT_EQ(a.fingerprint, "c5faa7e6-7b54-402d-af79-f99601e0278c");
  EXPECT_EQ(FormatRfc3339(a.starts_at), "2024-04-22T03:05:31.352Z");  // the same episode
  EXPECT_EQ(a.status, AlertStatus::kFiring);
  EXPECT_EQ(a.acknowledged_by, "maeve@example.com");
  EXPECT_EQ(a.annotations.at("trigger"), "USER_ACTION");
}

// What the error asks to add to the template: the text between backquotes.
std::string AskedFor(const std::string& message) {
  const size_t open = message.find('`');
  const size_t close = message.find('`', open + 1);
  if (open == std::string::npos || close == std::string::npos) return "";
  return message.substr(open + 1, close - open - 1);
}

// "{{json x}}" and "{{ json x }}" alike.
std::string WithoutSpaces(std::string s) {
  std::erase(s, ' ');
  return s;
}

TEST(ParseNewRelicWebhook, MissingFieldNamesTheTemplateLineToAdd) {
  const std::string template_text =
      WithoutSpaces(ReadFixture("newrelic/default_payload_template.hbs"));
  struct Case {
    nlohmann::json edit;
    const char* field;
    const char* variable;
  };
  const Case cases[] = {
      {{{"id", nullptr}}, "id", "issueId"},
      {{{"id", ""}}, "id", "issueId"},
      {{{"state", nullptr}}, "state", "state"},
      {{{"createdAt", nullptr}}, "createdAt", "createdAt"},
      {{{"createdAt", ""}}, "createdAt", "createdAt"},
      {{{"alertConditionNames", nullptr}}, "alertConditionNames", "accumulations.conditionName"},
      {{{"alertConditionNames", nlohmann::json::array()}},
       "alertConditionNames",
       "accumulations.conditionName"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.edit.dump());
    auto d = ParseNewRelicWebhook(Edited(c.edit), Now());
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.status().code(), Code::kInvalidArgument);
    EXPECT_EQ(d.status().field(), c.field);
    const std::string line = AskedFor(d.status().message());
    EXPECT_NE(line.find(c.variable), std::string::npos) << d.status().message();
    // The line to add is the default template's own line for that key.
    EXPECT_NE(template_text.find(WithoutSpaces(line)), std::string::npos) << line;
  }
}

TEST(ParseNewRelicWebhook, MalformedBodiesNameTheField) {
  struct Case {
    std::string body;
    const char* field;
  };
  // Bodies that are not a JSON object: HostileInput (hostile_input_test.cc), for every source.
  const Case cases[] = {
      {Edited({{"id", nlohmann::json::object({{"uuid", "x"}})}}), "id"},
      {Edited({{"id", Array({"a", "b"})}}), "id"},
      {Edited({{"state", "OPEN"}}), "state"},
      {Edited({{"state", true}}), "state"},
      {Edited({{"createdAt", "yesterday"}}), "createdAt"},
      {Edited({{"createdAt", -5}}), "createdAt"},
      {Edited({{"createdAt", 1e20}}), "createdAt"},
      {Edited({{"createdAt", "253402300800000"}}), "createdAt"},  // year 10000
      {Edited({{"createdAt", nlohmann::json::object({{"ms", 1}})}}), "createdAt"},
      {Edited(
           {{"alertConditionNames", nlohmann::json::array({nlohmann::json::object({{"id", 1}})})}}),
       "alertConditionNames[0]"},
      {Edited({{"alertConditionNames", nlohmann::json::object({{"a", "b"}})}}),
       "alertConditionNames"},
      {Edited({{"impactedEntities", std::vector<std::string>(1001, "host")}}), "impactedEntities"},
      {Edited({{"tags", "team=a"}}), "tags"},
      {Edited({{"tags", nlohmann::json::object({{"team", nlohmann::json::object({{"a", "b"}})}})}}),
       "tags.team"},
      {Edited({{"state", "CLOSED"}, {"updatedAt", 1713755131000}}), "updatedAt"},
      {Edited({{"priority", nlohmann::json::object({{"level", "HIGH"}})}}), "priority"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.body.substr(0, 200));
    auto d = ParseNewRelicWebhook(c.body, Now());
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.status().code(), Code::kInvalidArgument);
    EXPECT_EQ(d.status().field(), c.field) << d.status().ToString();
  }
}

// `sources.newrelic` as `block` configures it (the block's lines, indented by four).
Result<Config> Configured(const std::string& block) {
  return ParseConfig("sources:\n  newrelic:\n" + block, "nagame.yaml");
}

TEST(NewRelicSource, DestinationCredentials) {
  testing::TempDir dir;
  testing::WriteFile(dir / "token", "nr-file-token\n");
  struct Case {
    std::string block;
    std::string good, bad;
  };
  const Case cases[] = {
      {"    bearer_token: nr-token\n", "Bearer nr-token", "Bearer nr-tokeN"},
      {"    bearer_token_file: " + (dir / "token").string() + "\n", "Bearer nr-file-token",
       "Bearer nr-file-token\n"},
      {"    basic_auth: {username: nr, password: pw}\n", "Basic " + Base64Encode("nr:pw"),
       "Basic " + Base64Encode("nr:px")},
  };
  const std::string body = ReadFixture("newrelic/issue_activated.json");
  for (const Case& c : cases) {
    SCOPED_TRACE(c.block);
    auto config = Configured(c.block);
    ASSERT_TRUE(config.ok()) << config.status().ToString();
    EXPECT_TRUE(testing::SourceAccepts(*config, "newrelic", c.good, {}, body));
    EXPECT_FALSE(testing::SourceAccepts(*config, "newrelic", c.bad, {}, body));
    EXPECT_FALSE(testing::SourceAccepts(*config, "newrelic", "", {}, body));
    const nlohmann::json described = config->sources.at("newrelic")->Describe();
    EXPECT_EQ(described.dump().find("nr-"), std::string::npos) << described;
  }
  auto open = Configured("    auth: none\n");
  ASSERT_TRUE(open.ok()) << open.status().ToString();
  EXPECT_TRUE(testing::SourceAccepts(*open, "newrelic", "", {}, body));
}

TEST(NewRelicSource, ConfigProblemsNameTheKey) {
  const std::pair<std::string, std::string> cases[] = {
      {"    {}\n", "sources.newrelic: no credentials"},
      {"    bearer_token: t\n    signing_secret: s\n", "sources.newrelic.signing_secret: unknown"},
      {"    bearer_token: \"\"\n", "sources.newrelic.bearer_token: must not be empty"},
  };
  for (const auto& [block, says] : cases) {
    SCOPED_TRACE(block);
    auto config = Configured(block);
    ASSERT_FALSE(config.ok());
    EXPECT_NE(config.status().message().find(says), std::string::npos) << config.status().message();
  }
}

}  // namespace
}  // namespace nagame::bot
