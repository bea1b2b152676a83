// missing/uncaught-incident: an incident for a service that no alert for that service preceded.
#include <algorithm>
#include <cctype>

#include "rules/checks/checks.h"
#include "rules/rule_history.h"

namespace nagame::rules::checks {
namespace {

bool SameService(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

class MissingUncaughtIncidentCheck : public Check {
 public:
  std::string_view id() const override { return "missing/uncaught-incident"; }
  Category category() const override { return Category::kMissing; }
  std::string_view description() const override {
    return "an incident in the window for a service with no alert for it (a service_labels "
           "label equal to the service, or an episode linked to the incident) firing in the "
           "lookback before it started";
  }
  nlohmann::json default_options() const override {
    return {{"lookback", "60m"},
            {"service_labels", nlohmann::json::array({"service", "job", "app", "namespace"})}};
  }

  Result<std::vector<Problem>> Run(const CheckInput& in, const CheckOptions& opt) const override {
    const Duration lookback = opt.Dur("lookback");
    const std::vector<std::string> labels = opt.Strings("service_labels");
    std::vector<Problem> out;
    for (const Incident& incident : in.incidents) {
      if (!in.window.Contains(incident.started_at) || incident.service.empty()) continue;
      // Whether `e` is about the incident's service (names compare case-insensitively: people
      // type "Checkout" for service="checkout").
      auto about = [&](const Episode& e) {
        if (incident.episode_id == e.id) return true;
        return std::any_of(labels.begin(), labels.end(), [&](const std::string& l) {
          auto it = e.labels.find(l);
          return it != e.labels.end() && SameService(it->second, incident.service);
        });
      };
      const Time from = incident.started_at - lookback;
      bool caught = false;
      const Episode* late = nullptr;  // the first alert for the service after it started
      for (const Episode& e : in.episodes) {
        if (!about(e)) continue;
        Interval span = e.Span(in.now);
        if (span.start <= incident.started_at && span.end >= from) {
          caught = true;
          break;
        }
        if (span.start > incident.started_at && (!late || e.starts_at < late->starts_at)) late = &e;
      }
      if (!caught) out.push_back(Describe(incident, lookback, labels, late));
    }
    return out;
  }

 private:
  static Problem Describe(const Incident& incident, Duration lookback,
                          const std::vector<std::string>& labels, const Episode* late) {
    Problem p;
    p.severity = Severity::kCritical;
    p.summary = "incident " + nlohmann::json(incident.text).dump() + " (" +
                FormatRfc3339(incident.started_at) + "): no alert for " + incident.service +
                " in the " + FormatDuration(lookback) + " before";
    if (late) {
      p.summary += "; first alert " + late->rule + " came " +
                   FormatDuration(late->starts_at - incident.started_at) + " after";
    }
    p.evidence = {{"incident_id", incident.id},
                  {"service", incident.service},
                  {"text", incident.text},
                  {"started_at", FormatRfc3339(incident.started_at)},
                  {"lookback", FormatDuration(lookback)},
                  {"service_labels", labels}};
    p.evidence["first_alert_after"] =
        late ? nlohmann::json{{"rule", late->rule},
                              {"starts_at", FormatRfc3339(late->starts_at)},
                              {"delay", FormatDuration(late->starts_at - incident.started_at)}}
             : nlohmann::json();
    p.fix.text = "add an alert on the symptom users saw (errors or latency of " + incident.service +
                 "), so it fires before users notice";
    p.fix.yaml = SymptomRules(incident.service);
    return p;
  }

  // Error-ratio and latency alerts for `service`; metric names and thresholds are placeholders.
  static std::string SymptomRules(const std::string& service) {
    std::string yaml = R"(# TODO: use your own request metrics and the SLO of @SERVICE@
- alert: @ERROR_ALERT@
  expr: |
    sum(rate(http_requests_total{service=@QUOTED@, code=~"5.."}[5m]))
      / sum(rate(http_requests_total{service=@QUOTED@}[5m])) > 0.05
  for: 5m
  labels:
    severity: page
    service: @QUOTED@
  annotations:
    summary: @ERROR_SUMMARY@
    runbook_url: "TODO: link to the runbook"
- alert: @LATENCY_ALERT@
  expr: |
    histogram_quantile(0.99,
      sum by (le) (rate(http_request_duration_seconds_bucket{service=@QUOTED@}[5m]))) > 1
  for: 10m
  labels:
    severity: page
    service: @QUOTED@
  annotations:
    summary: @LATENCY_SUMMARY@
    runbook_url: "TODO: link to the runbook"
)";
    const std::pair<std::string, std::string> fills[] = {
        {"@SERVICE@", service},
        {"@QUOTED@", nlohmann::json(service).dump()},
        {"@ERROR_ALERT@", AlertNameFrom(service, "HighErrorRatio")},
        {"@LATENCY_ALERT@", AlertNameFrom(service, "HighLatency")},
        {"@ERROR_SUMMARY@", nlohmann::json("More than 5% of " + service + " requests fail").dump()},
        {"@LATENCY_SUMMARY@", nlohmann::json(service + " p99 latency is above 1s").dump()},
    };
    for (const auto& [key, value] : fills) {
      for (size_t at = yaml.find(key); at != std::string::npos;
           at = yaml.find(key, at + value.size())) {
        yaml.replace(at, key.size(), value);
      }
    }
    return yaml;
  }
};

}  // namespace

const Check& MissingUncaughtIncident() {
  static const MissingUncaughtIncidentCheck kCheck;
  return kCheck;
}

}  // namespace nagame::rules::checks
