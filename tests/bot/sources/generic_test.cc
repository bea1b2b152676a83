// Parser tests for generic JSON webhooks: mappings over sample bodies, and bodies a mapping
// does not fit.
#include "bot/sources/generic.h"

#include <gtest/gtest.h>

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
JsonPointer P(const char* text) { return *JsonPointer::Parse(text); }

// The mapping of single_*.json: one alert per body.
GenericMapping Single() {
  GenericMapping m;
  m.rule = P("/name");
  m.key = P("/id");
  m.status = P("/state");
  m.firing = {"open"};
  m.resolved = {"closed"};
  m.starts_at = P("/opened");
  m.ends_at = P("/closed");
  m.labels = P("/tags");
  return m;
}

// The mapping of batch_epoch.json: alerts under /items, labels one pointer each, no key.
GenericMapping Batch() {
  GenericMapping m;
  m.alerts = P("/items");
  m.rule = P("/check/name");
  m.status = P("/status");
  m.firing = {"DOWN", "DEGRADED"};
  m.resolved = {"UP"};
  m.starts_at = P("/since");
  m.ends_at = P("/until");
  m.label_pointers = {{"region", P("/region")}, {"url", P("/check/url")}};
  return m;
}

TEST(ParseGenericWebhook, SingleAlertBodies) {
  const Labels tags = {{"host", "db-1"}, {"mount", "/var"}, {"priority", "2"}, {"paged", "true"}};
  auto open = ParseGenericWebhook(ReadFixture("generic/single_open.json"), Now(), Single());
  ASSERT_TRUE(open.ok()) << open.status().ToString();
  EXPECT_EQ(open->source, "generic");
  ASSERT_EQ(open->alerts.size(), 1u);
  EXPECT_EQ(open->alerts[0].rule, "disk almost full");
  EXPECT_EQ(open->alerts[0].fingerprint, "chk-4711");
  EXPECT_EQ(open->alerts[0].status, AlertStatus::kFiring);
  EXPECT_EQ(FormatRfc3339(open->alerts[0].starts_at), "2026-11-27T07:00:00Z");
  EXPECT_FALSE(open->alerts[0].ends_at.has_value());
  EXPECT_EQ(open->alerts[0].labels, tags);
  EXPECT_TRUE(rules::ValidateDelivery(*open).ok());

  auto closed = ParseGenericWebhook(ReadFixture("generic/single_closed.json"), Now(), Single());
  ASSERT_TRUE(closed.ok()) << closed.status().ToString();
  EXPECT_EQ(closed->alerts[0].status, AlertStatus::kResolved);
  EXPECT_EQ(closed->alerts[0].starts_at, open->alerts[0].starts_at);
  EXPECT_EQ(FormatRfc3339(*closed->alerts[0].ends_at), "2026-11-27T07:42:10Z");
  EXPECT_EQ(closed->alerts[0].fingerprint, open->alerts[0].fingerprint);
}

TEST(ParseGenericWebhook, ArrayOfAlertsWithEpochTimes) {
  auto d = ParseGenericWebhook(ReadFixture("generic/batch_epoch.json"), Now(), Batch());
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_EQ(d->alerts.size(), 2u);
  const auto& down = d->alerts[0];
  const auto& up = d->alerts[1];
  EXPECT_EQ(down.rule, "homepage");
  EXPECT_EQ(down.status, AlertStatus::kFiring);
  EXPECT_EQ(FormatRfc3339(down.starts_at), "2026-11-27T08:00:00Z");  // epoch seconds
  EXPECT_EQ(down.labels, (Labels{{"region", "eu-west"}, {"url", "https://shop.example.com/"}}));
  // Without a key, the identity is a hash of the rule and the labels.
  EXPECT_EQ(down.fingerprint, rules::FingerprintOf("generic/homepage", down.labels));
  EXPECT_EQ(up.rule, "api health");
  EXPECT_EQ(up.status, AlertStatus::kResolved);
  EXPECT_EQ(FormatRfc3339(up.starts_at), "2026-11-27T08:00:00Z");     // epoch milliseconds
  EXPECT_EQ(FormatRfc3339(*up.ends_at), "2026-11-27T08:05:12.345Z");  // numeric string
  EXPECT_NE(up.fingerprint, down.fingerprint);
}

TEST(ParseGenericWebhook, ResolvedWithoutAnEndEndsWhenReceived) {
  GenericMapping m = Single();
  auto d = ParseGenericWebhook(
      R"({"id":"1","name":"r","state":"closed","opened":"2026-11-28T20:00:00Z"})", Now(), m);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->alerts[0].ends_at, Now());
  m.ends_at.reset();
  d = ParseGenericWebhook(
      R"({"id":"1","name":"r","state":"closed","opened":"2026-11-28T20:00:00Z","closed":"x"})",
      Now(), m);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->alerts[0].ends_at, Now());
  // A start after our clock (the sender's runs ahead): the end we supply is the start.
  d = ParseGenericWebhook(
      R"({"id":"1","name":"r","state":"closed","opened":"2026-11-28T21:00:05Z"})", Now(), m);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->alerts[0].ends_at, d->alerts[0].starts_at);
}

TEST(ParseGenericWebhook, FiringEndIsIgnored) {
  auto d = ParseGenericWebhook(
      R"({"id":"1","name":"r","state":"open","opened":"2026-11-28T20:00:00Z","closed":"2026-11-28T20:05:00Z"})",
      Now(), Single());
  ASSERT_TRUE(d.ok());
  EXPECT_FALSE(d->alerts[0].ends_at.has_value());
}

TEST(ParseGenericWebhook, BodyThatIsAnArrayAndEscapedPointers) {
  GenericMapping m;
  m.alerts = P("");
  m.rule = P("/a~1b");
  m.status = P("/s~0t");
  m.firing = {"1"};
  m.resolved = {"0"};
  m.starts_at = P("/t");
  auto d = ParseGenericWebhook(R"([{"a/b":"r1","s~t":1,"t":1795766400},)"
                               R"({"a/b":"r2","s~t":0,"t":1795766400}])",
                               Now(), m);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_EQ(d->alerts.size(), 2u);
  EXPECT_EQ(d->alerts[0].rule, "r1");
  EXPECT_EQ(d->alerts[0].status, AlertStatus::kFiring);
  EXPECT_EQ(d->alerts[1].status, AlertStatus::kResolved);
  // An empty array is a delivery of no alerts.
  d = ParseGenericWebhook("[]", Now(), m);
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->alerts.empty());
}

TEST(ParseGenericWebhook, BodiesTheMappingDoesNotFitNameThePointer) {
  struct Case {
    const char* body;
    const char* field;
    const char* message_part;
  };
  const std::string good_item = R"({"check":{"name":"h"},"status":"DOWN","since":1795766400})";
  const Case single[] = {
      {"", "body", "invalid JSON"},
      {"{", "body", "invalid JSON"},
      {R"({"id":"1","state":"open","opened":"2026-11-28T20:00:00Z"})", "/name",
       "missing (mapping rule)"},
      {R"({"id":"1","name":{"x":1},"state":"open","opened":"2026-11-28T20:00:00Z"})", "/name",
       "must be a string or number (mapping rule)"},
      {R"({"id":"1","name":"","state":"open","opened":"2026-11-28T20:00:00Z"})", "/name",
       "must not be empty"},
      {R"({"id":"1","name":"r","opened":"2026-11-28T20:00:00Z"})", "/state",
       "missing (mapping status.pointer)"},
      {R"({"id":"1","name":"r","state":"pending","opened":"2026-11-28T20:00:00Z"})", "/state",
       "matches neither status.firing [open] nor status.resolved [closed]"},
      {R"({"name":"r","state":"open","opened":"2026-11-28T20:00:00Z"})", "/id",
       "missing (mapping key)"},
      {R"({"id":"1","name":"r","state":"open"})", "/opened", "missing (mapping starts_at)"},
      {R"({"id":"1","name":"r","state":"open","opened":"yesterday"})", "/opened", "RFC 3339"},
      {R"({"id":"1","name":"r","state":"open","opened":0})", "/opened", "zero time"},
      {R"({"id":"1","name":"r","state":"open","opened":-5})", "/opened", "positive epoch"},
      {R"({"id":"1","name":"r","state":"open","opened":1e300})", "/opened", "after the year 2261"},
      {R"({"id":"1","name":"r","state":"open","opened":"10000-01-01T00:00:00Z"})", "/opened", ""},
      {R"({"id":"1","name":"r","state":"open","opened":"NaN"})", "/opened", ""},
      {R"({"id":"1","name":"r","state":"open","opened":[1]})", "/opened", "epoch number"},
      {R"({"id":"1","name":"r","state":"closed","opened":"2026-11-28T20:00:00Z","closed":"2026-11-28T19:00:00Z"})",
       "/closed", "before starts_at"},
      {R"({"id":"1","name":"r","state":"open","opened":"2026-11-28T20:00:00Z","tags":["a"]})",
       "/tags", "must be an object (mapping labels)"},
      {R"({"id":"1","name":"r","state":"open","opened":"2026-11-28T20:00:00Z","tags":{"a/b":{}}})",
       "/tags/a~1b", "must be a string, number or boolean"},
  };
  for (const Case& c : single) {
    SCOPED_TRACE(c.body);
    auto d = ParseGenericWebhook(c.body, Now(), Single());
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.status().code(), Code::kInvalidArgument);
    EXPECT_EQ(d.status().field(), c.field) << d.status().ToString();
    EXPECT_NE(d.status().message().find(c.message_part), std::string::npos)
        << d.status().ToString();
  }
  const std::string batch[][3] = {
      {R"({"other":[]})", "/items", "missing (mapping alerts)"},
      {R"({"items":{}})", "/items", "must be an array"},
      {R"({"items":[)" + good_item + R"(,{"status":"DOWN","since":1795766400}]})",
       "/items/1/check/name", "missing (mapping rule)"},
      {R"({"items":[)" + good_item +
           R"(,{"check":{"name":"h"},"status":"DOWN","since":1,"region":[]}]})",
       "/items/1/region", "mapping labels.region"},
  };
  for (const auto& [body, field, message_part] : batch) {
    SCOPED_TRACE(body);
    auto d = ParseGenericWebhook(body, Now(), Batch());
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.status().field(), field) << d.status().ToString();
    EXPECT_NE(d.status().message().find(message_part), std::string::npos) << d.status().ToString();
  }
}

TEST(ParseGenericWebhook, LargeArrayOfAlerts) {
  std::string items;
  for (int i = 0; i < 10000; ++i) {
    if (i) items += ',';
    items += R"({"check":{"name":"bulk"},"region":"r)" + std::to_string(i) +
             R"(","status":"DOWN","since":1795766400})";
  }
  auto d = ParseGenericWebhook(R"({"items":[)" + items + "]}", Now(), Batch());
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_EQ(d->alerts.size(), 10000u);
  EXPECT_NE(d->alerts[0].fingerprint, d->alerts[1].fingerprint);
}

// --- sources.generic ----------------------------------------------------------------------

using testing::OwnedWebhookRequest;

TEST(GenericSource, ConfiguredMappingParsesTheSampleBodies) {
  auto c = ParseConfig(
      "sources:\n"
      "  generic:\n"
      "    bearer_token: generic-secret\n"
      "    mapping:\n"
      "      alerts: /items\n"
      "      rule: /check/name\n"
      "      status:\n"
      "        pointer: /status\n"
      "        firing: [DOWN, DEGRADED]\n"
      "        resolved: UP\n"
      "      starts_at: /since\n"
      "      ends_at: /until\n"
      "      labels:\n"
      "        region: /region\n"
      "        url: /check/url\n",
      "nagame.yaml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  const ConfiguredSource& source = *c->sources.at("generic");
  const std::string body = ReadFixture("generic/batch_epoch.json");
  EXPECT_TRUE(testing::SourceAccepts(*c, "generic", "Bearer generic-secret"));
  EXPECT_FALSE(testing::SourceAccepts(*c, "generic", "Bearer generic-secreT"));
  EXPECT_EQ(source.Challenge(), "Bearer realm=\"nagame\"");
  OwnedWebhookRequest request(body, {}, {}, Now());
  auto d = source.Parse(request.get());
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(*d, *ParseGenericWebhook(body, Now(), Batch()));
  EXPECT_EQ(source.Describe(), nlohmann::json::parse(R"({
      "auth": "bearer", "bearer_token": "<redacted>",
      "mapping": {"alerts": "/items", "rule": "/check/name", "starts_at": "/since",
                  "ends_at": "/until",
                  "status": {"pointer": "/status", "firing": ["DOWN", "DEGRADED"],
                             "resolved": ["UP"]},
                  "labels": {"region": "/region", "url": "/check/url"}}})"));

  auto single = ParseConfig(
      "sources:\n  generic:\n    auth: none\n    mapping: {rule: /name, fingerprint: /id, "
      "status: {pointer: /state, firing: [open], resolved: [closed]}, starts_at: /opened, "
      "ends_at: /closed, labels: /tags}\n",
      "nagame.yaml");
  ASSERT_TRUE(single.ok()) << single.status().message();
  const std::string open = ReadFixture("generic/single_open.json");
  OwnedWebhookRequest open_request(open, {}, {}, Now());
  auto parsed = single->sources.at("generic")->Parse(open_request.get());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(*parsed, *ParseGenericWebhook(open, Now(), Single()));
}

// `nagame check-config` runs the same loader: every mapping problem, with its place.
TEST(GenericSource, MappingProblemsNameFileLineAndKey) {
  auto config = [](const std::string& mapping) {
    return "sources:\n  generic:\n    auth: none\n    mapping:\n" + mapping;
  };
  const std::string good_status = "      status: {pointer: /s, firing: [a], resolved: [b]}\n";
  const std::pair<std::string, std::string> cases[] = {
      {"sources:\n  generic: {auth: none}\n",
       "nagame.yaml:2:3: sources.generic: mapping is required (JSON pointers to rule, status and "
       "starts_at at least)"},
      {config("      rule: /r\n"),
       "nagame.yaml:4:5: sources.generic.mapping: status is required\n"
       "nagame.yaml:4:5: sources.generic.mapping: starts_at is required"},
      {config("      rule: name\n" + good_status + "      starts_at: /t\n"),
       "nagame.yaml:5:7: sources.generic.mapping.rule: not a JSON pointer \"name\": a JSON pointer "
       "starts with \"/\" (RFC 6901)"},
      {config("      rule: /a~2b\n" + good_status + "      starts_at: /t\n"),
       "nagame.yaml:5:7: sources.generic.mapping.rule: not a JSON pointer \"/a~2b\": in a JSON "
       "pointer \"~\" must be followed by 0 or 1 (RFC 6901)"},
      {config("      rule: \"\"\n" + good_status + "      starts_at: /t\n"),
       "nagame.yaml:5:7: sources.generic.mapping.rule: must not be empty (a JSON pointer such as "
       "\"/name\")"},
      {config("      rule: [/a]\n" + good_status + "      starts_at: /t\n"),
       "nagame.yaml:5:7: sources.generic.mapping.rule: must be a JSON pointer (e.g. \"/name\")"},
      {config("      rule: /r\n      status: /s\n      starts_at: /t\n"),
       "nagame.yaml:6:7: sources.generic.mapping.status: must be a mapping: {pointer: /state, "
       "firing: [values…], resolved: [values…]}"},
      {config("      rule: /r\n      status: {firing: [a]}\n      starts_at: /t\n"),
       "nagame.yaml:6:7: sources.generic.mapping.status: pointer is required (where the status "
       "is in an alert)"},
      {config("      rule: /r\n      status: {pointer: /s}\n      starts_at: /t\n"),
       "nagame.yaml:6:7: sources.generic.mapping.status: firing is required (the status values "
       "that mean firing)"},
      {config("      rule: /r\n      status: {pointer: /s, firing: []}\n      starts_at: /t\n"),
       "nagame.yaml:6:29: sources.generic.mapping.status.firing: needs at least one value"},
      {config("      rule: /r\n      status:\n        pointer: /s\n        firing: [open, "
              "firing]\n        resolved: [closed, open]\n      starts_at: /t\n"),
       "nagame.yaml:9:28: sources.generic.mapping.status.resolved[1]: \"open\" is also a firing "
       "value: each value means one status"},
      {config("      rule: /r\n" + good_status +
              "      starts_at: /t\n      key: /k\n"
              "      fingerprint: /f\n"),
       "nagame.yaml:9:7: sources.generic.mapping.fingerprint: give either key or fingerprint, "
       "not both"},
      {config("      rule: /r\n" + good_status + "      starts_at: /t\n      labels: {a: b}\n"),
       "nagame.yaml:8:16: sources.generic.mapping.labels.a: not a JSON pointer \"b\": a JSON "
       "pointer starts with \"/\" (RFC 6901)"},
      {config("      rule: /r\n" + good_status + "      starts_at: /t\n      lables: /l\n"),
       "nagame.yaml:8:7: sources.generic.mapping.lables: unknown key (did you mean \"labels\"?)"},
      {config("      rule: /r\n" + good_status + "      starts_at: /t\n      alerts: items\n"),
       "nagame.yaml:8:7: sources.generic.mapping.alerts: not a JSON pointer \"items\": a JSON "
       "pointer starts with \"/\" (RFC 6901)"},
  };
  for (const auto& [yaml, message] : cases) {
    auto got = ParseConfig(yaml, "nagame.yaml");
    ASSERT_FALSE(got.ok()) << yaml;
    EXPECT_EQ(got.status().message(), message) << yaml;
  }
  // The whole body as the array of alerts.
  auto whole = ParseConfig(
      config("      alerts: \"\"\n      rule: /r\n" + good_status + "      starts_at: /t\n"),
      "nagame.yaml");
  EXPECT_TRUE(whole.ok()) << whole.status().message();
}

TEST(GenericSource, CheckConfigReportsMappingProblemsWithTheirLine) {
  testing::TempDir dir;
  const std::string path = (dir / "nagame.yaml").string();
  testing::WriteFile(dir / "nagame.yaml",
                     "sources:\n"
                     "  generic:\n"
                     "    auth: none\n"
                     "    mapping:\n"
                     "      rule: name\n"
                     "      status: {pointer: /s, firing: [up], resolved: [up]}\n");
  Status st = CheckConfigFile(path);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(),
            path + ":4:5: sources.generic.mapping: starts_at is required\n" + path +
                ":5:7: sources.generic.mapping.rule: not a JSON pointer \"name\": a JSON pointer "
                "starts with \"/\" (RFC 6901)\n" +
                path +
                ":6:54: sources.generic.mapping.status.resolved[0]: \"up\" is also a firing "
                "value: each value means one status");
}

}  // namespace
}  // namespace nagame::bot
