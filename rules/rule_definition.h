// RuleDefinition: an alerting or recording rule as written in a Prometheus rule file or served
// by Prometheus' /api/v1/rules.
#pragma once

#include <string>
#include <vector>

#include "rules/alert_event.h"
#include "rules/time.h"

namespace nagame::rules {

struct RuleDefinition {
  std::string name;  // the alert name
  std::string group;
  std::string file;
  int line = 0;
  std::string expr;
  Duration for_duration{0};
  Duration keep_firing_for{0};
  Labels labels;
  Labels annotations;
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
