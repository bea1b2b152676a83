// Fuzz target: every registered webhook source, through the registry, on a raw body and
// headers. The first byte picks the source (tests/fixtures/sources/all_sources.yaml configures
// each); a second byte of 0x01 starts "Name: value" header lines ended by an empty line; the
// rest is the body.
//
// Invariants: Authenticate answers OK or kUnauthenticated; Parse answers a delivery or
// kInvalidArgument naming a field. An accepted delivery passes ValidateDelivery, parses the
// same way twice, survives the ingest journal's codec unchanged, keeps endsAt only on resolved
// alerts (never before startsAt), and — re-serialised as an Alertmanager webhook body — parses
// again to the same events.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "bot/config.h"
#include "bot/sources/alertmanager.h"
#include "bot/sources/source.h"
#include "storage/delivery_codec.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/support/files.h"
#include "tests/support/webhook_request.h"

namespace nagame::fuzz {
namespace {

const Time kReceivedAt = Time(std::chrono::seconds(1764900000));

const bot::Config& Sources() {
  static const bot::Config config = [] {
    auto c = bot::LoadConfig(testing::FixturePath("sources/all_sources.yaml").string());
    Check(c.ok(), "all_sources.yaml loads", c.ok() ? "" : c.status().ToString());
    return *c;
  }();
  return config;
}

// The delivery as Alertmanager's webhook would send it (formats.md §1).
std::string AlertmanagerBody(const rules::Delivery& d) {
  nlohmann::json alerts = nlohmann::json::array();
  for (const rules::AlertEvent& a : d.alerts) {
    rules::Labels labels = a.labels;
    labels["alertname"] = a.rule;
    nlohmann::json alert = {{"status", rules::AlertStatusName(a.status)},
                            {"labels", labels},
                            {"annotations", a.annotations},
                            {"startsAt", FormatRfc3339(a.starts_at)},
                            {"generatorURL", a.generator_url},
                            {"fingerprint", a.fingerprint}};
    alert["endsAt"] = a.ends_at ? FormatRfc3339(*a.ends_at) : "0001-01-01T00:00:00Z";
    alerts.push_back(std::move(alert));
  }
  return nlohmann::json{{"version", "4"},          {"receiver", d.receiver},
                        {"groupKey", d.group_key}, {"externalURL", d.external_url},
                        {"status", d.status},      {"truncatedAlerts", d.truncated_alerts},
                        {"alerts", alerts}}
      .dump();
}

// What ParseAlertmanagerWebhook must give for AlertmanagerBody(d): the same delivery from the
// Alertmanager source, each alert's rule also its alertname label, no acknowledger.
rules::Delivery AsAlertmanagerSees(rules::Delivery d) {
  d.source = "alertmanager";
  for (rules::AlertEvent& a : d.alerts) {
    a.labels["alertname"] = a.rule;
    a.acknowledged_by.reset();
  }
  return d;
}

void CheckAccepted(const std::string& source, const rules::Delivery& d,
                   const bot::ConfiguredSource& parser, const bot::WebhookRequest& request) {
  Check(d.source == source, "delivery names its source", d.source);
  Status valid = rules::ValidateDelivery(d);
  Check(valid.ok(), "accepted delivery is valid", valid.ToString());
  for (const rules::AlertEvent& a : d.alerts) {
    if (a.status == rules::AlertStatus::kFiring) {
      Check(!a.ends_at.has_value(), "a firing alert has no end", a.rule);
    } else {
      Check(a.ends_at.has_value() && *a.ends_at >= a.starts_at,
            "a resolved alert ends, not before it starts", a.rule);
    }
  }
  auto again = parser.Parse(request);
  Check(again.ok() && *again == d, "parsing is deterministic");

  auto decoded = storage::DecodeDelivery(storage::EncodeDelivery(d));
  Check(decoded.ok() && *decoded == d, "the journal codec round-trips the delivery",
        decoded.ok() ? "" : decoded.status().ToString());

  const std::string body = AlertmanagerBody(d);
  auto reparsed = bot::ParseAlertmanagerWebhook(body, kReceivedAt);
  Check(reparsed.ok(), "the re-serialised body parses",
        reparsed.ok() ? body : reparsed.status().ToString() + "\n" + body);
  Check(*reparsed == AsAlertmanagerSees(d), "the re-serialised body parses to the same events",
        body);
}

}  // namespace
}  // namespace nagame::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nagame;
  using namespace nagame::fuzz;
  Input in(data, size);
  const auto& sources = bot::AllSources();
  const std::string source(sources[in.Byte() % sources.size()].name);
  std::map<std::string, std::string> headers;
  if (!in.Rest().empty() && in.Rest().front() == '\x01') {
    in.Byte();
    for (std::string_view line = in.Line(); !line.empty(); line = in.Line()) {
      size_t colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      headers[std::string(line.substr(0, colon))] = std::string(value);
    }
  }
  testing::OwnedWebhookRequest owned(std::string(in.Rest()), headers, {}, kReceivedAt);
  const bot::ConfiguredSource& parser = *Sources().sources.at(source);

  Status auth = parser.Authenticate(owned.get());
  Check(auth.ok() || auth.code() == Code::kUnauthenticated, "Authenticate: OK or 401",
        auth.ToString());
  auto parsed = parser.Parse(owned.get());
  if (parsed.ok()) {
    CheckAccepted(source, *parsed, parser, owned.get());
  } else {
    CheckLocatedError(parsed.status(), Code::kInvalidArgument);
  }
  return 0;
}
