// Prometheus rule files: YAML text → alerting and recording rules, validated the way
// `promtool check rules` validates them, with every problem located in the file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rule_definition.h"
#include "rules/status.h"

namespace nagame::rules {

// One rule group as written.
struct RuleGroup {
  std::string name;
  int line = 0;              // 1-based line of the group's first key
  Duration interval{0};      // 0: the server's evaluation_interval
  Duration query_offset{0};  // 0: the server's default
  int64_t limit = 0;         // 0: no limit
  Labels labels;             // Prometheus 3.x group labels (already merged into each rule)
};

// The rules of one file, in file order.
struct RuleFile {
  std::string file;  // the origin given to ParseRuleFile
  std::vector<RuleGroup> groups;
  std::vector<RuleDefinition> alerts;
  std::vector<RecordingRule> records;
};

// Parses and validates a rule file. `origin` names the file in messages and fills the `file`
// fields; each rule's `line` is the 1-based line of its first key (`- alert: …`).
//
// Validation follows Prometheus' rulefmt: the top level holds only `groups`; a group has a
// non-empty `name` unique in the file and only the keys name, interval, query_offset, limit,
// labels, rules; a rule has exactly one of `alert` and `record`, a non-empty `expr` that parses
// as PromQL (rules/promql/parser.h), durations (`for`, `keep_firing_for`, `interval`,
// `query_offset`) in Prometheus' strict syntax ("0" or units y w d h m s ms in that order),
// label and annotation names that are valid label names and scalar values, and only the keys
// alert, record, expr, for, keep_firing_for, labels, annotations. A recording rule has a valid
// metric name and no for, keep_firing_for or annotations. Duplicate keys are errors. Not
// checked: Go template syntax in labels and annotations.
//
// A PrometheusRule object (prometheus-operator's custom resource: `kind: PrometheusRule`,
// `apiVersion: monitoring.coreos.com/…`) is read as the rule file in its `spec`, with key paths
// starting "spec.groups[…]"; its groups may also hold `partial_response_strategy`; `metadata`
// is not read. A file of several such objects (`---` between them) gives the rules of all of
// them; group names are unique per object. Any other `kind` is an error. Of a plain rule file
// only the first YAML document is read, as Prometheus does.
//
// An empty document is a file with no groups. Returns kInvalidArgument listing every problem,
// one per line, as "<origin>:<line>:<column>: <key path>: <problem>", e.g.
// "rules.yml:12:14: groups[0].rules[3].for: not a duration: \"5x\""; field() is the key path of
// the first. A PromQL error points inside the expression (its line and column in the file)
// when the scalar's quoting can be followed, else at the start of the `expr` value. YAML syntax
// errors are reported as "<origin>:<line>:<column>: invalid YAML: <yaml-cpp message>".
// yaml-cpp exceptions never escape.
Result<RuleFile> ParseRuleFile(std::string_view yaml_text, std::string_view origin);

}  // namespace nagame::rules
