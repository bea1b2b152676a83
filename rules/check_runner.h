// Runs every enabled registered check over one CheckInput and collects the report.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "rules/check.h"

namespace nagame::rules {

// Every check, in registration order (rules/checks/registry.cc). Lives for the program.
const std::vector<const Check*>& AllChecks();
// The check with `id`, or nullptr.
const Check* FindCheck(std::string_view id);

struct ChecksSettings {
  std::set<std::string> disabled;                 // check ids
  std::map<std::string, nlohmann::json> options;  // check id → options object
};

// The options `check` runs with under `settings`: its configured object over its defaults.
CheckOptions OptionsFor(const Check& check, const ChecksSettings& settings);

// A check that could not run, and why.
struct UnableToRun {
  std::string check;
  std::string reason;
};

struct CheckReport {
  std::vector<Problem> problems;  // ordered by category, severity (worst first), check, rule
  std::vector<UnableToRun> unable;
};

// The machine's cores, 1 … 4: RunChecks' default number of threads.
int DefaultCheckWorkers();

// Runs the enabled checks on `workers` threads (the caller's included; checks are pure and
// read `input` only). A check's error Status or exception becomes an UnableToRun entry; it
// never stops the other checks. The report does not depend on `workers`.
CheckReport RunChecks(const CheckInput& input, const ChecksSettings& settings,
                      int workers = DefaultCheckWorkers());

// Validates settings against the registry: unknown check ids, options a check does not know.
Status ValidateChecksSettings(const ChecksSettings& settings);

}  // namespace nagame::rules
