// The normalised form of what an alerting system sends: one Delivery (a webhook request)
// holding AlertEvents (one per alert in it). Every source's parser produces these.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rules/status.h"
#include "rules/time.h"

namespace nagame::rules {

// Label or annotation name → value, sorted by name so serialisation and hashing are stable.
using Labels = std::map<std::string, std::string>;

enum class AlertStatus { kFiring, kResolved };
const char* AlertStatusName(AlertStatus s);  // "firing" | "resolved"

// One alert inside one delivery: a notification about one alert instance.
struct AlertEvent {
  std::string rule;         // alertname (or the source's rule/condition name); never empty
  std::string fingerprint;  // the source's, or FingerprintOf(source, labels)
  AlertStatus status = AlertStatus::kFiring;
  Labels labels;
  Labels annotations;
  Time starts_at;               // when this firing began (the episode identity with fingerprint)
  std::optional<Time> ends_at;  // set on resolved alerts; unset (Go zero time) while firing
  std::string generator_url;
  // Set when this notification says a person acknowledged the alert (New Relic ACKNOWLEDGED,
  // PagerDuty incident.acknowledged): who, as the source names them. Storage records it as an
  // ack of the alert's episode, once per (episode, person).
  std::optional<std::string> acknowledged_by;

  bool operator==(const AlertEvent&) const = default;
};

// One webhook request, normalised.
struct Delivery {
  std::string source;  // "alertmanager", "grafana", ...
  std::string receiver;
  std::string group_key;
  std::string external_url;  // which sender instance (differs between HA peers)
  std::string status;        // the payload's own status, informational
  int64_t truncated_alerts = 0;
  Time received_at;
  std::vector<AlertEvent> alerts;

  bool operator==(const Delivery&) const = default;
};

// What every stored delivery must have: a source, and a rule and fingerprint on every alert.
// Errors: kInvalidArgument with field() "source", "alerts[3].rule" or "alerts[3].fingerprint"
// (the first problem in order).
Status ValidateDelivery(const Delivery& delivery);

// A stable fingerprint for sources that send none: 16 lower-case hex digits of a 64-bit
// FNV-1a hash over the source name and the sorted labels.
std::string FingerprintOf(const std::string& source, const Labels& labels);

}  // namespace nagame::rules
