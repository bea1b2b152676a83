// missing/watchdog: a configured source that has sent nothing for silent_for, or ever.
#include <algorithm>

#include "rules/checks/checks.h"
#include "rules/rule_history.h"

namespace nagame::rules::checks {
namespace {

constexpr const char* kWatchdogYaml =
    R"(# Prometheus rule file: always firing, so silence means the pipeline is broken
- alert: Watchdog
  expr: vector(1)
  labels:
    severity: none
  annotations:
    summary: "Always firing: proves Prometheus, Alertmanager and delivery work end to end"
# alertmanager.yml, first under route.routes: page through a dead-man's switch when it stops
# arriving (healthchecks.io, PagerDuty/Opsgenie heartbeat, ...), and keep Nagame hearing it
route:
  routes:
    - matchers: ['alertname="Watchdog"']
      receiver: deadmans-switch
      repeat_interval: 5m
      continue: true
    - matchers: ['alertname="Watchdog"']
      receiver: nagame  # TODO: your receiver that posts to Nagame's webhook
      repeat_interval: 1h
receivers:
  - name: deadmans-switch
    webhook_configs:
      - url: "TODO: your dead-man's-switch URL"
)";

// Whether `rule` looks like an always-firing watchdog.
bool IsWatchdog(const DefinedRule& rule) {
  std::string expr;
  for (char c : rule.definition.expr) {
    if (c != ' ' && c != '\t' && c != '\n') expr += c;
  }
  const std::string& name = rule.definition.name;
  return expr == "vector(1)" || name == "Watchdog" || name == "DeadMansSwitch";
}

class MissingWatchdogCheck : public Check {
 public:
  std::string_view id() const override { return "missing/watchdog"; }
  Category category() const override { return Category::kMissing; }
  std::string_view description() const override {
    return "a configured source that has delivered nothing for silent_for (or never)";
  }
  nlohmann::json default_options() const override { return {{"silent_for", "24h"}}; }

  Result<std::vector<Problem>> Run(const CheckInput& in, const CheckOptions& opt) const override {
    const Duration silent_for = opt.Dur("silent_for");
    const bool has_watchdog = std::any_of(in.rules.begin(), in.rules.end(), IsWatchdog);
    std::vector<Problem> out;
    for (const std::string& source : in.configured_sources) {
      auto last = in.last_delivery_by_source.find(source);
      bool never = last == in.last_delivery_by_source.end();
      if (!never && in.now - last->second < silent_for) continue;
      Problem p;
      p.source = source;
      p.severity = Severity::kCritical;
      p.summary = never ? source + " is configured but has never delivered anything"
                        : source + " has delivered nothing for " +
                              FormatDuration(
                                  std::chrono::floor<std::chrono::minutes>(in.now - last->second)) +
                              " (last " + FormatRfc3339(last->second) + ")";
      p.evidence = {
          {"silent_for", FormatDuration(silent_for)},
          {"last_delivery", never ? nlohmann::json() : nlohmann::json(FormatRfc3339(last->second))},
          {"watchdog_rule_defined", has_watchdog}};
      p.fix.text = has_watchdog
                       ? "a Watchdog rule is defined but nothing arrives: check that " + source +
                             " still routes alerts to Nagame's webhook, and page on its absence "
                             "with a dead-man's switch"
                       : "add an always-firing Watchdog rule and a dead-man's switch that pages "
                         "when it stops arriving; then a silent " +
                             source + " means broken, not calm";
      p.fix.yaml = kWatchdogYaml;
      out.push_back(std::move(p));
    }
    return out;
  }
};

}  // namespace

const Check& MissingWatchdog() {
  static const MissingWatchdogCheck kCheck;
  return kCheck;
}

}  // namespace nagame::rules::checks
