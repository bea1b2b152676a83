// Parser tests for PagerDuty v3 webhooks: PagerDuty's documented payloads, the incident
// lifecycle, events that are not about an incident, and malformed bodies.
#include "bot/sources/pagerduty.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bot/auth/hmac.h"
#include "bot/config.h"
#include "tests/support/files.h"
#include "tests/support/webhook_request.h"

namespace nagame::bot {
namespace {

using nagame::testing::ReadFixture;
using rules::AlertStatus;

Time Now() { return **ParseRfc3339("2026-11-28T21:00:00Z"); }

TEST(ParsePagerDutyWebhook, IncidentEvents) {
  struct Case {
    const char* file;
    const char* event_type;
    AlertStatus status;
    const char* starts_at;
    const char* ends_at;          // "" = unset
    const char* acknowledged_by;  // nullptr = not an ack
  };
  const Case cases[] = {
      // Documented example (developer-docs, docs/webhooks/01-Overview.md): reopened.
      {"pagerduty/incident_priority_updated_docs_example.json", "incident.priority_updated",
       AlertStatus::kFiring, "2020-10-02T18:45:22Z", "", nullptr},
      // Constructed from the documented incident data type (see the fixtures' README).
      {"pagerduty/constructed_incident_triggered.json", "incident.triggered", AlertStatus::kFiring,
       "2020-04-09T15:16:27Z", "", nullptr},
      {"pagerduty/constructed_incident_acknowledged.json", "incident.acknowledged",
       AlertStatus::kFiring, "2020-04-09T15:16:27Z", "", "Tenex Engineer"},
      {"pagerduty/constructed_incident_resolved.json", "incident.resolved", AlertStatus::kResolved,
       "2020-04-09T15:16:27Z", "2020-04-09T15:46:40.007Z", nullptr},
      {"pagerduty/constructed_incident_reopened.json", "incident.reopened", AlertStatus::kFiring,
       "2020-10-02T18:45:22Z", "", nullptr},
      {"pagerduty/constructed_incident_reopened_resolved.json", "incident.resolved",
       AlertStatus::kResolved, "2020-10-02T18:45:22Z", "2020-10-02T19:10:00.25Z", nullptr},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file);
    auto d = ParsePagerDutyWebhook(ReadFixture(c.file), Now());
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    EXPECT_EQ(d->source, "pagerduty");
    EXPECT_EQ(d->status, c.event_type);
    ASSERT_EQ(d->alerts.size(), 1u);
    const rules::AlertEvent& a = d->alerts[0];
    EXPECT_EQ(a.fingerprint, "PGR0VU2");
    EXPECT_EQ(a.rule, "API Service");
    EXPECT_EQ(a.status, c.status);
    EXPECT_EQ(FormatRfc3339(a.starts_at), c.starts_at);
    EXPECT_EQ(a.ends_at ? FormatRfc3339(*a.ends_at) : "", c.ends_at);
    if (c.acknowledged_by) {
      EXPECT_EQ(a.acknowledged_by, c.acknowledged_by);
    } else {
      EXPECT_FALSE(a.acknowledged_by.has_value());
    }
  }
}

TEST(ParsePagerDutyWebhook, LabelsAndAnnotationsOfTheDocumentedExample) {
  auto d = ParsePagerDutyWebhook(
      ReadFixture("pagerduty/incident_priority_updated_docs_example.json"), Now());
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->group_key, "5ac64822-4adc-4fda-ade0-410becf0de4f");
  const rules::AlertEvent& a = d->alerts[0];
  const rules::Labels want = {{"service", "API Service"}, {"service_id", "PF9KMXH"},
                              {"severity", "P1"},         {"priority", "P1"},
                              {"urgency", "high"},        {"escalation_policy", "Default"},
                              {"team", "Engineering"}};
  EXPECT_EQ(a.labels, want);
  EXPECT_EQ(a.annotations.at("summary"), "A little bump in the road");
  EXPECT_EQ(a.annotations.at("incident_key"), "d3640fbd41094207a1c11e58e46b1662");
  EXPECT_EQ(a.annotations.at("incident_number"), "2");
  EXPECT_EQ(a.generator_url, "https://acme.pagerduty.com/incidents/PGR0VU2");
}

// The constructed triggered event with `edit` applied to event.data (null removes a key).
std::string EditedData(const nlohmann::json& edit, const char* event_type = nullptr) {
  nlohmann::json doc =
      nlohmann::json::parse(ReadFixture("pagerduty/constructed_incident_triggered.json"));
  nlohmann::json& data = doc["event"]["data"];
  for (const auto& [key, value] : edit.items()) {
    if (value.is_null()) {
      data.erase(key);
    } else {
      data[key] = value;
    }
  }
  if (event_type) doc["event"]["event_type"] = event_type;
  return doc.dump();
}

TEST(ParsePagerDutyWebhook, OtherIncidentEventsFollowTheIncidentsStatus) {
  struct Case {
    const char* event_type;
    const char* status;
    AlertStatus want;
  };
  const Case cases[] = {
      {"incident.escalated", "triggered", AlertStatus::kFiring},
      {"incident.priority_updated", "acknowledged", AlertStatus::kFiring},
      {"incident.priority_updated", "resolved", AlertStatus::kResolved},
      {"incident.unacknowledged", "triggered", AlertStatus::kFiring},
      // The event type wins over a stale status.
      {"incident.resolved", "triggered", AlertStatus::kResolved},
      {"incident.reopened", "resolved", AlertStatus::kFiring},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.event_type) + " " + c.status);
    auto d = ParsePagerDutyWebhook(EditedData({{"status", c.status}}, c.event_type), Now());
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    ASSERT_EQ(d->alerts.size(), 1u);
    EXPECT_EQ(d->alerts[0].status, c.want);
    EXPECT_FALSE(d->alerts[0].acknowledged_by.has_value());
  }
}

TEST(ParsePagerDutyWebhook, EventsNotAboutAnIncidentAreAcceptedWithoutAlerts) {
  const std::string note = R"({"event":{"id":"01","event_type":"incident.annotated",)"
                           R"("resource_type":"incident","occurred_at":"2020-10-02T18:45:22.169Z",)"
                           R"("agent":null,"client":null,"data":{"incident":{"id":"PGR0VU2",)"
                           R"("type":"incident_reference"},"id":"P2LA89X","content":"hi",)"
                           R"("trimmed":false,"type":"incident_note"}}})";
  const std::string ping =
      R"({"event":{"id":"01","event_type":"pagey.ping","resource_type":"pagey",)"
      R"("occurred_at":"2021-12-08T22:44:11.421Z","agent":null,"client":null,"data":{"message":)"
      R"("Hello from your friend Pagey!","type":"ping"}}})";
  const std::string bodies[] = {ReadFixture("pagerduty/service_updated_docs_example.json"), note,
                                ping};
  for (const std::string& body : bodies) {
    SCOPED_TRACE(body.substr(0, 120));
    auto d = ParsePagerDutyWebhook(body, Now());
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    EXPECT_EQ(d->source, "pagerduty");
    EXPECT_TRUE(d->alerts.empty());
  }
}

TEST(ParsePagerDutyWebhook, AcknowledgerFallsBackToTheAgentIdThenUnknown) {
  nlohmann::json doc =
      nlohmann::json::parse(ReadFixture("pagerduty/constructed_incident_acknowledged.json"));
  doc["event"]["agent"].erase("summary");
  auto by_id = ParsePagerDutyWebhook(doc.dump(), Now());
  ASSERT_TRUE(by_id.ok()) << by_id.status().ToString();
  EXPECT_EQ(by_id->alerts[0].acknowledged_by, "PLH1HKV");
  doc["event"]["agent"] = nullptr;
  auto unknown = ParsePagerDutyWebhook(doc.dump(), Now());
  ASSERT_TRUE(unknown.ok()) << unknown.status().ToString();
  EXPECT_EQ(unknown->alerts[0].acknowledged_by, "unknown");
}

TEST(ParsePagerDutyWebhook, ResolvedWithoutOccurredAtEndsAtReceipt) {
  nlohmann::json doc =
      nlohmann::json::parse(ReadFixture("pagerduty/constructed_incident_resolved.json"));
  doc["event"].erase("occurred_at");
  auto d = ParsePagerDutyWebhook(doc.dump(), Now());
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->alerts[0].ends_at, Now());
}

TEST(ParsePagerDutyWebhook, MalformedBodiesNameTheField) {
  struct Case {
    std::string body;
    const char* field;
  };
  nlohmann::json early =
      nlohmann::json::parse(ReadFixture("pagerduty/constructed_incident_resolved.json"));
  early["event"]["occurred_at"] = "2020-04-09T15:00:00Z";
  // Bodies that are not a JSON object: HostileInput (hostile_input_test.cc), for every source.
  const Case cases[] = {
      {"{}", "event"},
      {R"({"event":[]})", "event"},
      {R"({"event":{"data":{}}})", "event.event_type"},
      {R"({"event":{"event_type":7,"data":{}}})", "event.event_type"},
      {R"({"event":{"event_type":"incident.triggered"}})", "event.data"},
      {R"({"event":{"event_type":"incident.triggered","data":"PGR0VU2"}})", "event.data"},
      {R"({"event":{"event_type":"incident.triggered","data":{"type":5}}})", "event.data.type"},
      {EditedData({{"id", nullptr}}), "event.data.id"},
      {EditedData({{"id", 42}}), "event.data.id"},
      {EditedData({{"id", ""}}), "event.data.id"},
      {EditedData({{"service", nullptr}}), "event.data.service"},
      {EditedData({{"service", "API Service"}}), "event.data.service"},
      {EditedData({{"service", nlohmann::json::object({{"id", "PF9KMXH"}})}}),
       "event.data.service.summary"},
      {EditedData({{"created_at", nullptr}}), "event.data.created_at"},
      {EditedData({{"created_at", "2020-04-09"}}), "event.data.created_at"},
      {EditedData({{"created_at", 1586445387}}), "event.data.created_at"},
      {EditedData({{"created_at", "10000-01-01T00:00:00Z"}}), "event.data.created_at"},
      {EditedData({{"reopened_at", "soon"}}), "event.data.reopened_at"},
      {EditedData({{"teams", "Engineering"}}), "event.data.teams"},
      {EditedData({{"teams", nlohmann::json::array({"Engineering"})}}), "event.data.teams[0]"},
      {EditedData({{"priority", nlohmann::json::object({{"summary", 1}})}}),
       "event.data.priority.summary"},
      {EditedData({{"title", nlohmann::json::array()}}), "event.data.title"},
      {early.dump(), "event.occurred_at"},
      // go-pagerduty's signed test body has no created_at: without a start there is no
      // episode to put the incident in.
      {ReadFixture("pagerduty/incident_priority_updated_signed.json"), "event.data.created_at"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.body.substr(0, 200));
    auto d = ParsePagerDutyWebhook(c.body, Now());
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.status().code(), Code::kInvalidArgument);
    EXPECT_EQ(d.status().field(), c.field) << d.status().ToString();
  }
}

// PagerDuty's published test vector (go-pagerduty webhookv3/webhookv3_test.go).
constexpr char kVectorSecret[] = "lDQHScfUeXUKaQRNF+8XIiDKZ7XX3itBAYzwU0TARw8lJqRnkKl2iB1anSb0Z+IK";
constexpr char kVectorSignature[] =
    "v1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd";
constexpr char kVectorMismatch[] =
    "v1=7020c8a7ec668a9b7012bc3dd82e483394b038f4230acc6785efbf2a7d8bcaf5";

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

TEST(VerifyPagerDutySignature, PublishedVectorAndRotation) {
  const std::string body = ReadFixture("pagerduty/incident_priority_updated_signed.json");
  const std::vector<std::string> one = {kVectorSecret};
  const std::vector<std::string> rotating = {"the-new-secret", kVectorSecret};
  const std::string other = "v1=" + HexLower(HmacSha256("the-new-secret", body));
  struct Case {
    std::string header;
    std::vector<std::string> secrets;
    bool valid;
  };
  const Case cases[] = {
      {kVectorSignature, one, true},
      {kVectorMismatch, one, false},
      {"", one, false},
      {kVectorSignature, {}, false},
      {kVectorSignature, rotating, true},  // the old secret still signs during rotation
      {other, rotating, true},
      {other, one, false},
      {std::string(kVectorMismatch) + "," + kVectorSignature, one, true},
      {other + ", " + kVectorSignature, one, true},
      {"v1=" + Upper(std::string(kVectorSignature).substr(3)), one, true},
      {"v0=" + std::string(kVectorSignature).substr(3), one, false},
      {std::string(kVectorSignature).substr(3), one, false},  // no version
      {std::string(kVectorSignature).substr(0, 66), one, false},
      {std::string(kVectorSignature) + "00", one, false},
      {",,,", one, false},
      {"v1=", one, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.header);
    Status st = VerifyPagerDutySignature(c.header, body, c.secrets);
    if (c.valid) {
      EXPECT_TRUE(st.ok()) << st.ToString();
    } else {
      EXPECT_EQ(st.code(), Code::kUnauthenticated);
      EXPECT_EQ(st.message().find(kVectorSecret), std::string::npos);
      EXPECT_EQ(st.message().find("0c0b94"), std::string::npos);
    }
  }
  // The signature covers the exact bytes: a reformatted body no longer matches.
  EXPECT_FALSE(VerifyPagerDutySignature(kVectorSignature, body + "\n", one).ok());
}

// `sources.pagerduty` as `block` configures it (the block's lines, indented by four).
Result<Config> Configured(const std::string& block, const std::string& origin = "nagame.yaml") {
  return ParseConfig("sources:\n  pagerduty:\n" + block, origin);
}

bool Accepts(const Config& config, const std::string& body, const std::string& signature) {
  return testing::SourceAccepts(config, "pagerduty", "", {{"X-PagerDuty-Signature", signature}},
                                body);
}

std::string Sign(const std::string& secret, const std::string& body) {
  return "v1=" + HexLower(HmacSha256(secret, body));
}

TEST(PagerDutySource, SigningSecretsInlineOrFromAFile) {
  testing::TempDir dir;
  testing::WriteFile(dir / "secrets", "pd-old\r\n\n  pd-new  \n");
  testing::WriteFile(dir / "nagame.yaml",
                     "sources:\n  pagerduty:\n    signing_secrets_file: secrets\n");
  auto from_file = LoadConfig((dir / "nagame.yaml").string());
  ASSERT_TRUE(from_file.ok()) << from_file.status().ToString();
  struct Case {
    const char* name;
    Result<Config> config;
    std::vector<std::string> valid;
  };
  Case cases[] = {
      {"list", Configured("    signing_secrets: [pd-old, pd-new]\n"), {"pd-old", "pd-new"}},
      {"block list", Configured("    signing_secrets:\n      - pd-old\n"), {"pd-old"}},
      {"one string", Configured("    signing_secrets: pd-new\n"), {"pd-new"}},
      {"file", std::move(from_file), {"pd-old", "pd-new"}},
  };
  const std::string body = ReadFixture("pagerduty/constructed_incident_triggered.json");
  for (Case& c : cases) {
    SCOPED_TRACE(c.name);
    ASSERT_TRUE(c.config.ok()) << c.config.status().ToString();
    for (const std::string& secret : c.valid) {
      EXPECT_TRUE(Accepts(*c.config, body, Sign(secret, body))) << secret;
    }
    EXPECT_FALSE(Accepts(*c.config, body, Sign("pd-other", body)));
    EXPECT_FALSE(Accepts(*c.config, body, ""));
    const ConfiguredSource& source = *c.config->sources.at("pagerduty");
    EXPECT_EQ(source.Challenge(), "");
    const nlohmann::json described = source.Describe();
    EXPECT_EQ(described["signing_secrets"].size(), c.valid.size());
    EXPECT_EQ(described.dump().find("pd-"), std::string::npos) << described;
    EXPECT_EQ(RedactedSummary(*c.config).find("pd-"), std::string::npos);
  }
}

TEST(PagerDutySource, ConfigProblemsNameTheKeyNeverTheSecret) {
  const std::pair<std::string, std::string> cases[] = {
      {"    {}\n", "nagame.yaml:2:3: sources.pagerduty: needs signing_secrets"},
      {"    signing_secrets: []\n", "sources.pagerduty: needs signing_secrets"},
      {"    signing_secrets: [pd-secret, \"\"]\n",
       "sources.pagerduty.signing_secrets[1]: must not be empty"},
      {"    signing_secrets: [[pd-secret]]\n", "sources.pagerduty.signing_secrets[0]: must be"},
      {"    signing_secrets: {a: pd-secret}\n", "sources.pagerduty.signing_secrets: must be"},
      {"    signing_secrets: [pd-secret]\n    signing_secrets_file: /nonexistent\n",
       "sources.pagerduty.signing_secrets_file: give either"},
      {"    signing_secrets: pd-secret\n    signing_secrets_file: /nonexistent\n",
       "sources.pagerduty.signing_secrets_file: give either"},
      {"    signing_secrets_file: /nonexistent/secrets.txt\n",
       "sources.pagerduty.signing_secrets_file: cannot read"},
      {"    signing_secrets: [pd-secret]\n    bearer_token: pd-secret\n",
       "sources.pagerduty.bearer_token: unknown key"},
  };
  for (const auto& [block, says] : cases) {
    SCOPED_TRACE(block);
    auto config = Configured(block);
    ASSERT_FALSE(config.ok());
    EXPECT_NE(config.status().message().find(says), std::string::npos) << config.status().message();
    EXPECT_EQ(config.status().message().find("pd-secret"), std::string::npos)
        << config.status().message();
  }
}

}  // namespace
}  // namespace nagame::bot
