// The coverage catalog (design §5, `missing/coverage`): data files rules/catalog/*.yaml that
// say which metric families mean "this kind of system is here", what counts as alerting on
// it, and the rule to suggest. This file holds their loader; the files themselves are
// compiled into the binary (BuiltinCatalog) so a deployed bot needs no data directory.
//
// File format (one or more entries per file):
//   entries:
//     - id: kube-pod-crash-looping          # unique over all files; [a-z0-9-]+
//       title: Pod restarts and crash loops
//       metrics: [kube_pod_container_status_restarts_total]   # any present: system is here
//       covered_by:                         # a rule selecting any of these covers it;
//         - kube_pod_container_status_restarts_total          # "alertname=Watchdog" means a
//         - kube_pod_container_status_waiting_reason          # rule with that alert name
//       rule: |                             # the suggested rule: one alerting rule as a
//         - alert: KubePodCrashLooping      # one-item list, ready to paste under `rules:`
//           expr: increase(kube_pod_container_status_restarts_total[1h]) > 5
//           …
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rules/check.h"
#include "rules/rule_definition.h"
#include "rules/status.h"

namespace nagame::rules {

// The alert name an "alertname=<Name>" covered_by item stands for, or "" for a metric name.
std::string CoveringAlertName(std::string_view covered_by_item);

// Parses one catalog file. Validation: the top level holds only `entries`, a list; an entry
// has exactly the keys id, title, metrics, covered_by, rule; `id` matches [a-z0-9-]+;
// `title` is not empty; `metrics` and `covered_by` are non-empty lists of metric names
// (covered_by items may also be "alertname=<Name>"); `rule` is a one-item list holding one
// alerting rule that passes rules::ParseRuleFile's validation and selects at least one
// covered_by metric (or carries the covered_by alert name), so the suggestion covers what it
// claims to. Errors: kInvalidArgument listing every problem, one per line, as
// "<origin>:<line>:<column>: <key path>: <problem>" (a problem inside `rule` points at its
// line in the file). yaml-cpp exceptions never escape.
Result<std::vector<CatalogEntry>> ParseCatalogFile(std::string_view yaml_text,
                                                   std::string_view origin);

// Parses every file (origin, text) in order and concatenates the entries. Errors: every
// file's problems, plus "<origin>:<line>:<column>: entries[i].id: duplicate id … (first in
// <origin>)" for an id used twice.
Result<std::vector<CatalogEntry>> ParseCatalog(
    const std::vector<std::pair<std::string, std::string>>& files);

// The suggested rule of `entry` parsed (for promtool-free checks of its content).
// Errors: as ParseRuleFile.
Result<RuleDefinition> CatalogRule(const CatalogEntry& entry);

// The catalog shipped with Nagame: every rules/catalog/*.yaml of the source tree, embedded at
// build time, parsed once. A parse error here is a bug caught by the tests.
const Result<std::vector<CatalogEntry>>& BuiltinCatalog();

// The embedded files (origin "rules/catalog/<name>.yaml", text), in name order.
const std::vector<std::pair<std::string, std::string>>& BuiltinCatalogFiles();

}  // namespace nagame::rules
