// Parser tests for Alertmanager v4 webhooks: real payloads and malformed ones.
#include "bot/sources/alertmanager.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/files.h"

namespace nagame::bot {
namespace {

using nagame::testing::ReadFixture;
using rules::AlertStatus;

Time Now() { return **ParseRfc3339("2026-11-28T21:00:00Z"); }

struct FixtureCase {
  const char* file;
  size_t alerts;
  const char* first_rule;
  const char* first_fingerprint;
  AlertStatus first_status;
  const char* first_starts_at;
  const char* first_ends_at;  // "" = unset
};

TEST(ParseAlertmanagerWebhook, RealPayloads) {
  const FixtureCase cases[] = {
      {"alertmanager/probe_failure_firing.json", 1, "ProbeFailure", "1a30ba71cca2921f",
       AlertStatus::kFiring, "2023-02-06T13:08:45.828Z", ""},
      {"alertmanager/captured/first_firing.json", 1, "AlwaysFiring", "7e9a8b94ecb6e646",
       AlertStatus::kFiring, "2026-11-28T20:03:46.566Z", ""},
      {"alertmanager/captured/resolved.json", 1, "Flapping", "dacf9b9d4514851e",
       AlertStatus::kResolved, "2026-11-28T20:04:00.566Z", "2026-11-28T20:04:10.566Z"},
      {"alertmanager/captured/several_alerts.json", 2, "TargetUp", nullptr, AlertStatus::kFiring,
       "2026-11-28T20:03:52.477Z", ""},
      {"alertmanager/captured/ha_resolved_unannounced_episode.json", 1, "Flapping",
       "dacf9b9d4514851e", AlertStatus::kResolved, "2026-11-28T19:55:05.88Z",
       "2026-11-28T19:55:10.88Z"},
      {"alertmanager/captured/ceph_rule_firing.json", 1, "PrometheusJobMissing", nullptr,
       AlertStatus::kFiring, "2026-11-28T20:04:16.612Z", ""},
  };
  for (const FixtureCase& c : cases) {
    SCOPED_TRACE(c.file);
    auto d = ParseAlertmanagerWebhook(ReadFixture(c.file), Now());
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    EXPECT_EQ(d->source, "alertmanager");
    ASSERT_EQ(d->alerts.size(), c.alerts);
    const auto& a = d->alerts[0];
    EXPECT_EQ(a.rule, c.first_rule);
    if (c.first_fingerprint) EXPECT_EQ(a.fingerprint, c.first_fingerprint);
    EXPECT_EQ(a.fingerprint.size(), 16u);
    EXPECT_EQ(a.status, c.first_status);
    EXPECT_EQ(FormatRfc3339(a.starts_at), c.first_starts_at);
    EXPECT_EQ(a.ends_at ? FormatRfc3339(*a.ends_at) : "", c.first_ends_at);
  }
}

TEST(ParseAlertmanagerWebhook, KeepsDeliveryFieldsAndDecodesEscapes) {
  auto d = ParseAlertmanagerWebhook(ReadFixture("alertmanager/captured/first_firing.json"), Now());
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->receiver, "webhook");
  EXPECT_EQ(d->group_key, "{}:{alertname=\"AlwaysFiring\"}");
  EXPECT_EQ(d->external_url, "http://127.0.0.1:58653");
  EXPECT_EQ(d->alerts[0].generator_url,
            "http://127.0.0.1:37847/graph?g0.expr=vector%281%29&g0.tab=1");
  EXPECT_EQ(d->alerts[0].labels.at("team"), "sre");
  EXPECT_EQ(d->alerts[0].annotations.at("runbook_url"),
            "https://runbooks.example.com/acceptance/AlwaysFiring");
}

TEST(ParseAlertmanagerWebhook, MixedFiringAndResolvedV034) {
  auto d =
      ParseAlertmanagerWebhook(ReadFixture("alertmanager/mixed_firing_resolved_v034.json"), Now());
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_EQ(d->alerts.size(), 2u);
  EXPECT_EQ(d->alerts[0].status, AlertStatus::kFiring);
  EXPECT_EQ(d->alerts[1].status, AlertStatus::kResolved);
  EXPECT_EQ(d->receiver, "team\\.a");
}

// A minimal valid body with one alert whose JSON is `alert`.
std::string Body(const std::string& alert, const std::string& extra = "") {
  return R"({"version":"4","status":"firing","receiver":"r","groupKey":"g",)" + extra +
         R"("alerts":[)" + alert + "]}";
}
const char* kGoodAlert =
    R"({"status":"firing","labels":{"alertname":"A"},"annotations":{},)"
    R"("startsAt":"2026-11-28T20:00:00Z","endsAt":"0001-01-01T00:00:00Z","fingerprint":"00000000000000aa"})";

TEST(ParseAlertmanagerWebhook, MalformedBodiesNameTheField) {
  struct Case {
    std::string body;
    const char* field;
  };
  const Case cases[] = {
      {"", "body"},
      {"{", "body"},
      {"[]", "body"},
      {"null", "body"},
      {R"({"status":"firing","alerts":[]})", "version"},
      {R"({"version":4,"alerts":[]})", "version"},
      {R"({"version":"3","alerts":[]})", "version"},
      {R"({"version":"4"})", "alerts"},
      {R"({"version":"4","alerts":{}})", "alerts"},
      {R"({"version":"4","alerts":[],"truncatedAlerts":"x"})", "truncatedAlerts"},
      // Issue 15: a 5,000-digit number overflows a double; it was a 500, not a 400.
      {R"({"version":"4","alerts":[],"truncatedAlerts":)" + std::string(5000, '9') + "}", "body"},
      {R"({"version":"4","alerts":[],"truncatedAlerts":18446744073709551615})", "truncatedAlerts"},
      {R"({"version":"4","alerts":[],"receiver":5})", "receiver"},
      {Body("42"), "alerts[0]"},
      {Body(R"({"labels":{"alertname":"A"},"startsAt":"2026-11-28T20:00:00Z"})"),
       "alerts[0].status"},
      {Body(R"({"status":"pending","labels":{"alertname":"A"},"startsAt":"2026-11-28T20:00:00Z"})"),
       "alerts[0].status"},
      {Body(R"({"status":"firing","startsAt":"2026-11-28T20:00:00Z"})"), "alerts[0].labels"},
      {Body(R"({"status":"firing","labels":["a"],"startsAt":"2026-11-28T20:00:00Z"})"),
       "alerts[0].labels"},
      {Body(R"({"status":"firing","labels":{"alertname":1},"startsAt":"2026-11-28T20:00:00Z"})"),
       "alerts[0].labels.alertname"},
      {Body(R"({"status":"firing","labels":{"job":"x"},"startsAt":"2026-11-28T20:00:00Z"})"),
       "alerts[0].labels.alertname"},
      {Body(R"({"status":"firing","labels":{"alertname":"A"}})"), "alerts[0].startsAt"},
      {Body(R"({"status":"firing","labels":{"alertname":"A"},"startsAt":"yesterday"})"),
       "alerts[0].startsAt"},
      {Body(R"({"status":"firing","labels":{"alertname":"A"},"startsAt":1700000000})"),
       "alerts[0].startsAt"},
      {Body(R"({"status":"firing","labels":{"alertname":"A"},"startsAt":"0001-01-01T00:00:00Z"})"),
       "alerts[0].startsAt"},
      {Body(
           R"({"status":"resolved","labels":{"alertname":"A"},"startsAt":"2026-11-28T20:00:00Z","endsAt":"2026-11-28T19:00:00Z"})"),
       "alerts[0].endsAt"},
      {Body(
           R"({"status":"firing","labels":{"alertname":"A"},"annotations":{"s":[1]},"startsAt":"2026-11-28T20:00:00Z"})"),
       "alerts[0].annotations.s"},
      {Body(std::string(kGoodAlert) +
            R"(,{"status":"firing","labels":{"alertname":"B"},"startsAt":"2026-13-01T00:00:00Z"})"),
       "alerts[1].startsAt"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.body);
    auto d = ParseAlertmanagerWebhook(c.body, Now());
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.status().code(), Code::kInvalidArgument);
    EXPECT_EQ(d.status().field(), c.field) << d.status().ToString();
  }
}

TEST(ParseAlertmanagerWebhook, InvalidUtf8IsRejected) {
  std::string body = Body(R"({"status":"firing","labels":{"alertname":"A)" +
                          std::string("\xff\xfe") + R"("},"startsAt":"2026-11-28T20:00:00Z"})");
  auto d = ParseAlertmanagerWebhook(body, Now());
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().field(), "body");
}

TEST(ParseAlertmanagerWebhook, DeepNestingIsRejectedWithoutRecursion) {
  std::string deep(100000, '[');
  auto d = ParseAlertmanagerWebhook(deep, Now());
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().field(), "body");
  std::string nested_label =
      Body(R"({"status":"firing","labels":{"alertname":"A","x":)" + std::string(70, '[') +
           std::string(70, ']') + R"(},"startsAt":"2026-11-28T20:00:00Z"})");
  EXPECT_FALSE(ParseAlertmanagerWebhook(nested_label, Now()).ok());
}

TEST(ParseAlertmanagerWebhook, TenThousandAlertsInOneBody) {
  std::string alerts;
  for (int i = 0; i < 10000; ++i) {
    if (i) alerts += ',';
    alerts += R"({"status":"firing","labels":{"alertname":"Bulk","instance":"host-)" +
              std::to_string(i) + R"("},"startsAt":"2026-11-28T20:00:00Z"})";
  }
  auto d = ParseAlertmanagerWebhook(Body(alerts), Now());
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_EQ(d->alerts.size(), 10000u);
  // Missing fingerprints are computed from the labels: distinct instances, distinct prints.
  EXPECT_NE(d->alerts[0].fingerprint, d->alerts[1].fingerprint);
  EXPECT_EQ(d->alerts[0].fingerprint, rules::FingerprintOf("alertmanager", d->alerts[0].labels));
}

TEST(ParseAlertmanagerWebhook, ResolvedWithoutEndsAtEndsWhenReceived) {
  auto d = ParseAlertmanagerWebhook(
      Body(R"({"status":"resolved","labels":{"alertname":"A"},"startsAt":"2026-11-28T20:00:00Z"})"),
      Now());
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->alerts[0].ends_at, Now());
}

TEST(ParseAlertmanagerWebhook, FiringEndsAtIsIgnored) {
  // Prometheus sends a predicted endsAt (now + resend delay × 4) to Alertmanager's API; a
  // firing alert has not ended whatever a sender says.
  auto d = ParseAlertmanagerWebhook(
      Body(
          R"({"status":"firing","labels":{"alertname":"A"},"startsAt":"2026-11-28T20:00:00Z","endsAt":"2026-11-28T20:04:00Z"})"),
      Now());
  ASSERT_TRUE(d.ok());
  EXPECT_FALSE(d->alerts[0].ends_at.has_value());
}

}  // namespace
}  // namespace nagame::bot
