// The Prometheus alert-list parser shared by the Alertmanager and Grafana sources.
#include "bot/sources/alert_list.h"

#include <nlohmann/json.hpp>

#include "bot/sources/json_input.h"

namespace nagame::bot {
namespace {

namespace ji = json_input;

Result<rules::AlertEvent> ParseAlert(const nlohmann::json& a, const std::string& path,
                                     Time received_at, const AlertListFormat& format) {
  if (!a.is_object()) return InvalidArgument("must be an object", path);
  rules::AlertEvent ev;
  std::string status;
  NAGAME_ASSIGN_OR_RETURN(status, ji::String(a, "status", path, true));
  if (status == "firing") {
    ev.status = rules::AlertStatus::kFiring;
  } else if (status == "resolved") {
    ev.status = rules::AlertStatus::kResolved;
  } else {
    return InvalidArgument("must be \"firing\" or \"resolved\"", ji::FieldPath(path, "status"));
  }
  NAGAME_ASSIGN_OR_RETURN(ev.labels, ji::StringMap(a, "labels", path, true));
  NAGAME_ASSIGN_OR_RETURN(ev.annotations, ji::StringMap(a, "annotations", path, false));
  auto name = ev.labels.find("alertname");
  if (name == ev.labels.end() || name->second.empty()) {
    return InvalidArgument("is required", ji::FieldPath(path, "labels.alertname"));
  }
  ev.rule = name->second;
  std::optional<Time> starts_at;
  NAGAME_ASSIGN_OR_RETURN(starts_at, ji::Timestamp(a, "startsAt", path, true));
  if (!starts_at) {
    return InvalidArgument("must not be the zero time", ji::FieldPath(path, "startsAt"));
  }
  ev.starts_at = *starts_at;
  NAGAME_ASSIGN_OR_RETURN(ev.ends_at, ji::Timestamp(a, "endsAt", path, false));
  if (ev.status == rules::AlertStatus::kFiring) {
    ev.ends_at.reset();  // a firing alert's endsAt is at most a prediction, never an end
  } else if (!ev.ends_at) {
    ev.ends_at = received_at;
  }
  if (ev.ends_at && *ev.ends_at < ev.starts_at) {
    return InvalidArgument("is before startsAt", ji::FieldPath(path, "endsAt"));
  }
  NAGAME_ASSIGN_OR_RETURN(ev.generator_url, ji::String(a, "generatorURL", path, false));
  NAGAME_ASSIGN_OR_RETURN(ev.fingerprint, ji::String(a, "fingerprint", path, false));
  if (ev.fingerprint.empty()) ev.fingerprint = rules::FingerprintOf(format.source, ev.labels);
  if (format.read_extras != nullptr) NAGAME_RETURN_IF_ERROR(format.read_extras(a, path, ev));
  return ev;
}

}  // namespace

Result<rules::Delivery> ParseAlertList(std::string_view body, Time received_at,
                                       const AlertListFormat& format) {
  nlohmann::json doc;
  NAGAME_ASSIGN_OR_RETURN(doc, ji::Parse(body));
  if (!doc.is_object()) return InvalidArgument("must be a JSON object", "body");

  std::string version;
  NAGAME_ASSIGN_OR_RETURN(version, ji::String(doc, "version", "", true));
  if (version != format.version) {
    return InvalidArgument(
        "unsupported webhook version (want \"" + std::string(format.version) + "\")", "version");
  }
  rules::Delivery d;
  d.source = format.source;
  d.received_at = received_at;
  NAGAME_ASSIGN_OR_RETURN(d.receiver, ji::String(doc, "receiver", "", false));
  NAGAME_ASSIGN_OR_RETURN(d.group_key, ji::String(doc, "groupKey", "", false));
  NAGAME_ASSIGN_OR_RETURN(d.external_url, ji::String(doc, "externalURL", "", false));
  NAGAME_ASSIGN_OR_RETURN(d.status, ji::String(doc, "status", "", false));
  NAGAME_ASSIGN_OR_RETURN(d.truncated_alerts, ji::Integer(doc, "truncatedAlerts", "", false));

  auto alerts = doc.find("alerts");
  if (alerts == doc.end()) return InvalidArgument("is required", "alerts");
  if (!alerts->is_array()) return InvalidArgument("must be an array", "alerts");
  d.alerts.reserve(alerts->size());
  for (size_t i = 0; i < alerts->size(); ++i) {
    std::string path = "alerts[" + std::to_string(i) + "]";
    rules::AlertEvent ev;
    NAGAME_ASSIGN_OR_RETURN(ev, ParseAlert((*alerts)[i], path, received_at, format));
    d.alerts.push_back(std::move(ev));
  }
  return d;
}

}  // namespace nagame::bot
