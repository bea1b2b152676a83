// The alert inventory (design §4): one row per rule that fired in the window or is defined,
// with volume, duration, instances, people's actions and the change versus the window before.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/check.h"
#include "rules/check_runner.h"
#include "rules/precision.h"

namespace nagame::rules {

struct InventoryRow {
  std::string source;
  std::string rule;
  std::string severity;  // the rule's `severity` label (definition, else most seen on episodes)
  std::string team;      // `team` (or `owner`) label, likewise
  bool defined = false;  // a rule definition exists
  int64_t episodes = 0;  // overlapping the window
  int64_t started = 0;   // of those, started inside the window
  int64_t instances = 0;
  Duration firing{0};  // summed over instances, clipped to the window
  Duration median{0};  // of episode lengths (open ones run until now)
  Duration p90{0};
  int64_t refires = 0;  // episodes starting within `refire_gap` of the same instance's last end
  int64_t notifications = 0;
  int64_t acks = 0;
  // Responders' labels since history_from (acked episodes, feedback votes): the actionable rate
  // with its 90% interval (rules/precision.h).
  Proportion actionable;
  std::optional<Decision> last_decision;
  int64_t previous_episodes = 0;    // overlapping the previous window
  int64_t delta_episodes = 0;       // episodes - previous_episodes
  std::vector<std::string> checks;  // ids of checks with a finding on this rule
};

struct Inventory {
  Window window;
  std::vector<InventoryRow> rows;  // most episodes first, then by name
};

// Builds the inventory from `in` (its window, episodes, rules, acks, decisions); `report`
// (optional) fills each row's `checks`.
Inventory BuildInventory(const CheckInput& in, const CheckReport* report,
                         Duration refire_gap = std::chrono::minutes(30));

nlohmann::json ToJson(const InventoryRow& row);
nlohmann::json ToJson(const Inventory& inventory);

}  // namespace nagame::rules
