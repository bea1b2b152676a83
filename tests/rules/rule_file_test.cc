// Tests for reading Prometheus rule files: structure, validation with exact positions, and real
// files (Debian's Ceph alerts, the demo rules).
#include "rules/rule_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "tests/support/files.h"

namespace nagame::rules {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

constexpr const char* kGood = R"(# A file with both kinds of rule.
groups:
  - name: api
    interval: 30s
    rules:
      - record: job:http_errors:rate5m
        expr: sum by (job) (rate(http_requests_total{code=~"5.."}[5m]))
        labels:
          source: recording
      - alert: HighErrorRate
        expr: |
          job:http_errors:rate5m
            / on (job) job:http_requests:rate5m > 0.05
        for: 10m
        keep_firing_for: 5m
        labels:
          severity: page
          team: checkout
        annotations:
          summary: "{{ $labels.job }} fails"
          runbook_url: https://runbooks.example.com/api
  - name: hosts
    rules:
      - alert: HostDown
        expr: up{job="node"} == 0
        for: 0
)";

TEST(ParseRuleFile, ReadsAlertsRecordsAndGroups) {
  auto file = ParseRuleFile(kGood, "rules.yml");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->file, "rules.yml");
  ASSERT_EQ(file->groups.size(), 2u);
  EXPECT_EQ(file->groups[0].name, "api");
  EXPECT_EQ(file->groups[0].interval, seconds(30));
  EXPECT_EQ(file->groups[0].line, 3);

  ASSERT_EQ(file->records.size(), 1u);
  const RecordingRule& rec = file->records[0];
  EXPECT_EQ(rec.record, "job:http_errors:rate5m");
  EXPECT_EQ(rec.group, "api");
  EXPECT_EQ(rec.file, "rules.yml");
  EXPECT_EQ(rec.line, 6);
  EXPECT_EQ(rec.labels, (Labels{{"source", "recording"}}));

  ASSERT_EQ(file->alerts.size(), 2u);
  const RuleDefinition& high = file->alerts[0];
  EXPECT_EQ(high.name, "HighErrorRate");
  EXPECT_EQ(high.group, "api");
  EXPECT_EQ(high.line, 10);
  EXPECT_EQ(high.expr, "job:http_errors:rate5m\n  / on (job) job:http_requests:rate5m > 0.05\n");
  EXPECT_EQ(high.for_duration, minutes(10));
  EXPECT_EQ(high.keep_firing_for, minutes(5));
  EXPECT_EQ(high.labels, (Labels{{"severity", "page"}, {"team", "checkout"}}));
  EXPECT_EQ(high.annotations.at("summary"), "{{ $labels.job }} fails");
  EXPECT_EQ(high.annotations.at("runbook_url"), "https://runbooks.example.com/api");

  const RuleDefinition& down = file->alerts[1];
  EXPECT_EQ(down.name, "HostDown");
  EXPECT_EQ(down.group, "hosts");
  EXPECT_EQ(down.line, 24);
  EXPECT_EQ(down.for_duration, Duration::zero());
}

TEST(ParseRuleFile, EmptyFilesAndGroupsAreFine) {
  for (const char* text : {"", "# nothing\n", "groups:\n", "groups: []\n",
                           "groups:\n  - name: empty\n", "groups:\n  - name: e\n    rules: []\n"}) {
    auto file = ParseRuleFile(text, "f.yml");
    ASSERT_TRUE(file.ok()) << text << ": " << file.status().ToString();
    EXPECT_TRUE(file->alerts.empty());
  }
}

TEST(ParseRuleFile, GroupLabelsAndNumbersAsLabelValues) {
  auto file = ParseRuleFile(R"(groups:
  - name: g
    labels: {team: db, severity: info}
    limit: 10
    query_offset: 1m
    rules:
      - alert: A
        expr: vector(1)
        labels: {severity: 5}
)",
                            "f.yml");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->groups[0].limit, 10);
  EXPECT_EQ(file->groups[0].query_offset, minutes(1));
  EXPECT_EQ(file->alerts[0].labels, (Labels{{"severity", "5"}, {"team", "db"}}));
}

// A PrometheusRule object as kube-prometheus's manifests/*-prometheusRule.yaml write them.
constexpr char kPrometheusRule[] = R"(apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  labels:
    app.kubernetes.io/name: node-exporter
  name: node-exporter-rules
  namespace: monitoring
spec:
  groups:
  - name: node-exporter
    partial_response_strategy: warn
    rules:
    - alert: NodeFilesystemAlmostOutOfSpace
      annotations:
        description: Filesystem on {{ $labels.device }} has only {{ $value }}% left.
        runbook_url: https://runbooks.example/nodefilesystemalmostoutofspace
        summary: Filesystem has less than 5% space left.
      expr: |
        node_filesystem_avail_bytes{job="node-exporter",fstype!=""} < 5
      for: 30m
      labels:
        severity: warning
    - expr: sum by (instance) (rate(node_cpu_seconds_total[5m]))
      record: instance:node_cpu:rate5m
)";

TEST(ParseRuleFile, ReadsThePrometheusRuleObjectsSpec) {
  auto file = ParseRuleFile(kPrometheusRule, "node.yaml");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  ASSERT_EQ(file->groups.size(), 1u);
  EXPECT_EQ(file->groups[0].name, "node-exporter");
  ASSERT_EQ(file->alerts.size(), 1u);
  EXPECT_EQ(file->alerts[0].name, "NodeFilesystemAlmostOutOfSpace");
  EXPECT_EQ(file->alerts[0].line, 13);
  EXPECT_EQ(file->alerts[0].for_duration, minutes(30));
  EXPECT_EQ(file->alerts[0].annotations.at("summary"), "Filesystem has less than 5% space left.");
  ASSERT_EQ(file->records.size(), 1u);
  EXPECT_EQ(file->records[0].record, "instance:node_cpu:rate5m");
}

TEST(ParseRuleFile, ReadsEveryObjectOfAStream) {
  std::string two = std::string(kPrometheusRule) + "---\n" + kPrometheusRule;
  auto file = ParseRuleFile(two, "node.yaml");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  ASSERT_EQ(file->alerts.size(), 2u);
  EXPECT_EQ(file->alerts[1].line, 13 + 25);
  // A plain rule file is one document, as Prometheus reads it.
  auto plain = ParseRuleFile("groups: []\n---\ngroups:\n  - name: a\n", "f.yml");
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_TRUE(plain->groups.empty());
}

TEST(ParseRuleFile, EveryKindOfProblemWithItsPosition) {
  struct Case {
    const char* name;
    std::string text;
    const char* error;  // the whole message
  };
  const Case cases[] = {
      {"not yaml", "groups:\n  - name: [a\n",
       "f.yml:3:1: invalid YAML: end of sequence flow not found"},
      {"root is a list", "- a\n",
       "f.yml:1:1: must be a mapping (a rule file has a \"groups\" list)"},
      {"unknown top-level key", "groups: []\nrules: []\n",
       "f.yml:2:1: rules: unknown key (expected one of: groups)"},
      {"groups not a list", "groups: {a: b}\n", "f.yml:1:9: groups: must be a list of rule groups"},
      {"group without name", "groups:\n  - rules: []\n",
       "f.yml:2:5: groups[0].name: group name is required"},
      {"empty group name", "groups:\n  - name: \"\"\n",
       "f.yml:2:11: groups[0].name: group name must not be empty"},
      {"repeated group name", "groups:\n  - name: a\n  - name: a\n",
       "f.yml:3:11: groups[1].name: group name \"a\" repeated in the same file"},
      {"unknown group key", "groups:\n  - name: a\n    evaluation_delay: 1m\n",
       "f.yml:3:5: groups[0].evaluation_delay: unknown key (expected one of: name, interval, "
       "query_offset, limit, labels, rules)"},
      {"bad interval", "groups:\n  - name: a\n    interval: often\n",
       "f.yml:3:15: groups[0].interval: not a duration: \"often\""},
      {"rules not a list", "groups:\n  - name: a\n    rules: x\n",
       "f.yml:3:12: groups[0].rules: must be a list of rules"},
      {"alert and record",
       "groups:\n  - name: a\n    rules:\n      - alert: A\n        record: b\n        expr: x\n",
       "f.yml:4:9: groups[0].rules[0]: only one of 'record' and 'alert' must be set"},
      {"neither alert nor record", "groups:\n  - name: a\n    rules:\n      - expr: x\n",
       "f.yml:4:9: groups[0].rules[0]: one of 'record' or 'alert' must be set"},
      {"missing expr", "groups:\n  - name: a\n    rules:\n      - alert: A\n",
       "f.yml:4:9: groups[0].rules[0].expr: field 'expr' must be set in rule"},
      {"bad for",
       "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n        for: 5x\n",
       "f.yml:6:14: groups[0].rules[0].for: not a duration: \"5x\""},
      {"for in wrong unit order",
       "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n        for: 30m1h\n",
       "f.yml:6:14: groups[0].rules[0].for: not a duration: \"30m1h\""},
      {"bad keep_firing_for",
       "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n"
       "        keep_firing_for: [1m]\n",
       "f.yml:6:26: groups[0].rules[0].keep_firing_for: must be a string"},
      {"unknown rule key",
       "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n        fro: 5m\n",
       "f.yml:6:9: groups[0].rules[0].fro: unknown key (expected one of: alert, record, expr, "
       "for, keep_firing_for, labels, annotations)"},
      {"duplicate key",
       "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n        expr: down\n",
       "f.yml:6:9: groups[0].rules[0].expr: duplicate key"},
      {"label value not a string",
       "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n"
       "        labels:\n          team: [a, b]\n",
       "f.yml:7:17: groups[0].rules[0].labels.team: must be a string"},
      {"bad label name",
       "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n"
       "        labels:\n          0team: a\n",
       "f.yml:7:11: groups[0].rules[0].labels.\"0team\": invalid label name \"0team\""},
      {"__name__ label",
       "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n"
       "        labels:\n          __name__: a\n",
       "f.yml:7:11: groups[0].rules[0].labels.__name__: invalid label name \"__name__\""},
      {"annotations not a mapping",
       "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n"
       "        annotations: summary\n",
       "f.yml:6:22: groups[0].rules[0].annotations: must be a mapping (annotation name: value)"},
      {"recording rule with for",
       "groups:\n  - name: a\n    rules:\n      - record: a:b\n        expr: up\n        for: 5m\n",
       "f.yml:6:9: groups[0].rules[0].for: invalid field 'for' in recording rule"},
      {"recording rule with annotations",
       "groups:\n  - name: a\n    rules:\n      - record: a:b\n        expr: up\n"
       "        annotations: {a: b}\n",
       "f.yml:6:9: groups[0].rules[0].annotations: invalid field 'annotations' in recording rule"},
      {"bad recording rule name",
       "groups:\n  - name: a\n    rules:\n      - record: a-b\n        expr: up\n",
       "f.yml:4:17: groups[0].rules[0].record: invalid recording rule name \"a-b\""},
      // PromQL errors point into the expression, whatever the scalar's style.
      {"plain expr",
       "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: rate(x[5m]\n",
       "f.yml:5:25: groups[0].rules[0].expr: could not parse expression: unclosed left "
       "parenthesis"},
      {"double-quoted expr with escapes",
       "groups:\n  - name: a\n    rules:\n      - alert: A\n"
       "        expr: \"x{a=\\\"b\\\"} + sum by (a b) (y)\"\n",
       "f.yml:5:39: groups[0].rules[0].expr: could not parse expression: unexpected identifier "
       "\"b\" in grouping opts, expected \",\" or \")\""},
      {"single-quoted expr",
       "groups:\n  - name: a\n    rules:\n      - alert: A\n"
       "        expr: 'x{a=''b''} +'\n",
       "f.yml:5:28: groups[0].rules[0].expr: could not parse expression: unexpected end of "
       "input, expected an expression"},
      {"literal block expr",
       "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: |\n"
       "          sum(rate(x[5m]))\n            / sum(rate(y))\n        for: 5m\n",
       "f.yml:7:24: groups[0].rules[0].expr: could not parse expression: expected type range "
       "vector in call to function \"rate\", got instant vector"},
      {"folded block expr",
       "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: >-\n"
       "          sum by (job)\n          (rate(x))\n",
       "f.yml:7:17: groups[0].rules[0].expr: could not parse expression: expected type range "
       "vector in call to function \"rate\", got instant vector"},
      {"error at the end of a block",
       "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: |\n"
       "          rate(x[5m]\n        for: 5m\n",
       "f.yml:6:21: groups[0].rules[0].expr: could not parse expression: unclosed left "
       "parenthesis"},
      {"multi-line plain expr",
       "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n"
       "          == bool\n          foo bar\n",
       "f.yml:7:15: groups[0].rules[0].expr: could not parse expression: unexpected identifier "
       "\"bar\", expected an operator or the end of the expression"},
      {"anchored expr",
       "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: &e rate(x)\n"
       "      - alert: B\n        expr: *e\n",
       "f.yml:5:23: groups[0].rules[0].expr: could not parse expression: expected type range "
       "vector in call to function \"rate\", got instant vector\n"
       "f.yml:5:23: groups[0].rules[1].expr: could not parse expression: expected type range "
       "vector in call to function \"rate\", got instant vector"},
      {"unfollowed style falls back to the value's start",
       "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: |2\n"
       "          rate(x)\n",
       "f.yml:5:15: groups[0].rules[0].expr: could not parse expression: 1:6: expected type "
       "range vector in call to function \"rate\", got instant vector"},
      // Kubernetes objects: a PrometheusRule's problems carry the spec's path.
  };
  for (const Case& c : cases) {
    auto file = ParseRuleFile(c.text, "f.yml");
    ASSERT_FALSE(file.ok()) << c.name;
    EXPECT_EQ(file.status().code(), Code::kInvalidArgument) << c.name;
    EXPECT_EQ(file.status().message(), c.error) << c.name;
  }
}

TEST(ParseRuleFile, ReportsEveryProblemAndNamesTheFirstField) {
  auto file = ParseRuleFile(
      "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n        for: x\n"
      "      - alert: B\n        expr: rate(up)\n",
      "f.yml");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().message(),
            "f.yml:6:14: groups[0].rules[0].for: not a duration: \"x\"\n"
            "f.yml:8:20: groups[0].rules[1].expr: could not parse expression: expected type "
            "range vector in call to function \"rate\", got instant vector");
  EXPECT_EQ(file.status().field(), "groups[0].rules[0].for");
}

TEST(ParseRuleFile, HostileYamlNeverEscapes) {
  const std::string cases[] = {
      std::string(10000, '['),
      std::string(1500, '[') + std::string(1500, ']'),
      "groups: &a [*a]\n",
      "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: " +
          std::string(3000, '(') + "x" + std::string(3000, ')') + "\n",
      "\t\tgroups:",
      "groups:\n  - {name: a, rules: [{alert: A, expr: up, labels: {a: {b: c}}}]}\n",
      "groups:\n  - name: a\n    rules:\n      - ? [complex, key]\n        : value\n",
      std::string("groups:\0\xff\xfe", 11),
  };
  for (const std::string& text : cases) {
    auto file = ParseRuleFile(text, "h.yml");
    EXPECT_FALSE(file.ok()) << text.substr(0, 80);
    if (!file.ok()) {
      EXPECT_TRUE(file.status().message().starts_with("h.yml:"));
    }
  }
}

TEST(ParseRuleFile, RandomMutationsNeverCrash) {
  const std::string alphabet = "-:|>'\"\\\n #&*![]{}(),=~5msabe\t";
  std::mt19937 rng(7);
  int parsed = 0;
  for (int round = 0; round < 2000; ++round) {
    std::string text = kGood;
    int edits = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < edits; ++k) {
      size_t at = rng() % (text.size() + 1);
      switch (rng() % 3) {
        case 0:
          text.insert(at, 1, alphabet[rng() % alphabet.size()]);
          break;
        case 1:
          if (at < text.size()) text.erase(at, 1);
          break;
        default:
          if (at < text.size()) text[at] = alphabet[rng() % alphabet.size()];
      }
    }
    auto file = ParseRuleFile(text, "m.yml");
    if (file.ok()) {
      ++parsed;
    } else {
      EXPECT_TRUE(file.status().message().starts_with("m.yml:")) << file.status().message();
    }
  }
  EXPECT_GT(parsed, 0);
}

size_t CountOccurrences(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(ParseRuleFile, ReadsDebiansCephAlerts) {
  std::string text = testing::ReadFixture("rules/ceph_default_alerts.yml");
  auto file = ParseRuleFile(text, "ceph_default_alerts.yml");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->alerts.size(), CountOccurrences(text, "- alert:"));
  EXPECT_EQ(file->alerts.size(), 58u);
  EXPECT_TRUE(file->records.empty());
  EXPECT_EQ(file->groups.size(), CountOccurrences(text, "  - name:"));

  const RuleDefinition& first = file->alerts.front();
  EXPECT_EQ(first.name, "CephHealthError");
  EXPECT_EQ(first.group, "cluster health");
  EXPECT_EQ(first.line, 4);
  EXPECT_EQ(first.expr, "ceph_health_status == 2");
  EXPECT_EQ(first.for_duration, minutes(5));
  EXPECT_EQ(first.labels.at("severity"), "critical");
  EXPECT_EQ(first.labels.at("oid"), "1.3.6.1.4.1.50495.1.2.1.2.1");
  EXPECT_EQ(first.annotations.at("summary"), "Ceph is in the ERROR state");
  for (const RuleDefinition& r : file->alerts) {
    EXPECT_FALSE(r.expr.empty()) << r.name;
    EXPECT_GT(r.line, 0) << r.name;
    // `line` is the line of the rule's "- alert:" entry.
    size_t at = 0;
    for (int l = 1; l < r.line; ++l) at = text.find('\n', at) + 1;
    EXPECT_EQ(text.substr(at, text.find('\n', at) - at), "      - alert: \"" + r.name + "\"");
  }
}

TEST(ParseRuleFile, ReadsTheDemoRulesIfPresent) {
  std::filesystem::path dir = std::filesystem::path(NAGAME_SOURCE_DIR) / "docker/demo/rules";
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << "no " << dir;
  size_t alerts = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".yml" && entry.path().extension() != ".yaml") continue;
    std::string text = testing::ReadFile(entry.path());
    auto file = ParseRuleFile(text, entry.path().string());
    ASSERT_TRUE(file.ok()) << file.status().ToString();
    EXPECT_EQ(file->alerts.size(), CountOccurrences(text, "- alert:")) << entry.path();
    alerts += file->alerts.size();
  }
  EXPECT_GT(alerts, 0u);
}

}  // namespace
}  // namespace nagame::rules
