// RuleDefinition: an alerting or recording rule as written in a Prometheus rule file or served
// by Prometheus' /api/v1/rules, or an alert rule read from Grafana, New Relic or Azure Monitor
// (bot/upstream/*_rules.*) mapped into the same shape.
#pragma once

#include <string>
#include <vector>

#include "rules/alert_event.h"
#include "rules/time.h"

namespace nagame::rules {

// The language a rule's `expr` is written in. Only kPromQL is parsed; checks that read the
// expression (stale/dead-metric, missing/coverage) skip the others and say so.
inline constexpr char kPromQL[] = "promql";
inline constexpr char kNRQL[] = "nrql";                 // New Relic NRQL conditions
inline constexpr char kKQL[] = "kql";                   // Azure scheduled query (log) rules
inline constexpr char kAzureMetric[] = "azure-metric";  // Azure metric alert criteria, as text
inline constexpr char kGrafanaQuery[] = "grafana";      // Grafana rule queries (any data source)

struct RuleDefinition {
  std::string name;   // the alert name, as the source's alerts carry it
  std::string group;  // rule group; New Relic policy; Azure resource group
  std::string file;   // rule file path, or where a rule list came from ("newrelic account 1")
  int line = 0;
  std::string expr;
  Duration for_duration{0};  // `for`, or the source's evaluation window / threshold duration
  Duration keep_firing_for{0};
  Labels labels;       // severity and owner/team among them, whatever the source
  Labels annotations;  // summary, description, runbook_url
  std::string language = kPromQL;
  bool enabled = true;  // false: paused/disabled at the source (it cannot fire)
};

struct RecordingRule {
  std::string record;
  std::string group;
  std::string file;
  int line = 0;
  std::string expr;
  Labels labels;
};

}  // namespace nagame::rules
