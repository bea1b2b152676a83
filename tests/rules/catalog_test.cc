// The coverage catalog: the built-in files parse, cover what design §5 lists, every suggested
// rule passes `promtool check rules`; broken files are refused with file:line.
#include "rules/catalog.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <set>

#include "tests/support/files.h"

namespace nagame::rules {
namespace {

const std::vector<CatalogEntry>& Builtin() {
  const auto& catalog = BuiltinCatalog();
  EXPECT_TRUE(catalog.ok()) << catalog.status().ToString();
  static const std::vector<CatalogEntry> kNone;
  return catalog.ok() ? *catalog : kNone;
}

TEST(Catalog, BuiltinParsesAndCoversTheDesignList) {
  const std::vector<CatalogEntry>& catalog = Builtin();
  EXPECT_GE(catalog.size(), 15u);
  std::set<std::string> ids;
  for (const CatalogEntry& e : catalog) ids.insert(e.id);
  // Design §5: pod restarts and crash loops, pods not ready, replicas mismatch, targets down,
  // blackbox probe failures, filesystem fill prediction, certificate expiry, HTTP error
  // ratio, latency histograms, OOM kills, CPU throttling, volume fill, failed jobs,
  // Prometheus rule-evaluation and notification failures, Watchdog.
  for (const char* id :
       {"kube-pod-crash-looping", "kube-pod-not-ready", "kube-deployment-replicas-mismatch",
        "targets-down", "blackbox-probe-failures", "node-filesystem-fill-prediction",
        "probe-certificate-expiry", "http-error-ratio", "http-latency-histogram",
        "container-oom-kills", "container-cpu-throttling", "kube-persistent-volume-filling-up",
        "kube-job-failed", "prometheus-rule-evaluation-failures",
        "prometheus-notification-failures", "watchdog"}) {
    EXPECT_TRUE(ids.count(id)) << id;
  }
}

TEST(Catalog, EverySuggestedRuleIsDocumentedAndNamed) {
  for (const CatalogEntry& e : Builtin()) {
    SCOPED_TRACE(e.id);
    auto rule = CatalogRule(e);
    ASSERT_TRUE(rule.ok()) << rule.status().ToString();
    EXPECT_FALSE(rule->name.empty());
    EXPECT_TRUE(rule->labels.count("severity"));
    EXPECT_TRUE(rule->annotations.count("summary"));
    EXPECT_TRUE(rule->annotations.count("runbook_url"));
    EXPECT_EQ(e.rule_yaml.rfind("- alert: " + rule->name + "\n", 0), 0u) << e.rule_yaml;
  }
}

// Runs `command`, returning its exit status and merged output.
std::pair<int, std::string> RunCommand(const std::string& command) {
  std::string output;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return {-1, "popen failed"};
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
  return {pclose(pipe), output};
}

TEST(Catalog, EverySuggestedRulePassesPromtool) {
  const char* kPromtool = "/usr/bin/promtool";
  ASSERT_TRUE(std::filesystem::exists(kPromtool))
      << "promtool missing: install the Debian package `prometheus` (scripts/install-deps.sh)";
  testing::TempDir dir;
  std::string file = "groups:\n";
  for (const CatalogEntry& e : Builtin()) {
    file += "  - name: " + e.id + "\n    rules:\n";
    size_t start = 0;
    while (start < e.rule_yaml.size()) {
      size_t end = e.rule_yaml.find('\n', start);
      if (end == std::string::npos) end = e.rule_yaml.size();
      file += "      " + e.rule_yaml.substr(start, end - start) + "\n";
      start = end + 1;
    }
  }
  testing::WriteFile(dir / "catalog_rules.yml", file);
  auto [status, output] =
      RunCommand(std::string(kPromtool) + " check rules " + (dir / "catalog_rules.yml").string());
  EXPECT_EQ(status, 0) << output;
  EXPECT_NE(output.find("SUCCESS: " + std::to_string(Builtin().size()) + " rules found"),
            std::string::npos)
      << output;
}

TEST(Catalog, BrokenFilesAreRefusedWithFileAndLine) {
  struct Case {
    const char* name;
    const char* yaml;
    const char* error;  // a line of the message
  };
  const char* kGoodRule =
      "    rule: |\n"
      "      - alert: TargetDown\n"
      "        expr: up == 0\n";
  const std::string good_head =
      "entries:\n"
      "  - id: targets-down\n"
      "    title: Targets down\n"
      "    metrics: [up]\n"
      "    covered_by: [up]\n";
  const std::string bad_expr = good_head +
                               "    rule: |\n"
                               "      - alert: TargetDown\n"
                               "        expr: up ==\n";
  const std::string uncovered = good_head +
                                "    rule: |\n"
                                "      - alert: Load\n"
                                "        expr: node_load1 > 4\n";
  const std::string two = good_head +
                          "    rule: |\n"
                          "      - alert: A\n"
                          "        expr: up == 0\n"
                          "      - alert: B\n"
                          "        expr: up == 0\n";
  const std::string bad_names = std::string(
                                    "entries:\n"
                                    "  - id: Targets_Down\n"
                                    "    title: \"\"\n"
                                    "    metrics: [\"not a metric\"]\n"
                                    "    covered_by: []\n") +
                                kGoodRule;
  const std::string unknown_key = good_head + kGoodRule + "    owner: me\n";
  const Case cases[] = {
      {"not YAML", "entries: [", "c.yaml:1:"},
      {"no entries", "other: 1\n", "c.yaml:1:1: other: unknown key"},
      {"bad expression points into the rule", bad_expr.c_str(),
       "c.yaml:8:20: entries[0].rule[0].expr:"},
      {"the rule must cover the entry", uncovered.c_str(),
       "c.yaml:7:1: entries[0].rule: the rule selects no covered_by metric"},
      {"one rule only", two.c_str(), "c.yaml:7:1: entries[0].rule: must hold exactly one"},
      {"bad id", bad_names.c_str(), "c.yaml:2:9: entries[0].id: must match [a-z0-9-]+"},
      {"empty title", bad_names.c_str(), "c.yaml:3:12: entries[0].title: must be a non-empty"},
      {"bad metric", bad_names.c_str(), "c.yaml:4:15: entries[0].metrics[0]: must be a metric"},
      {"empty covered_by", bad_names.c_str(), "c.yaml:5:17: entries[0].covered_by: must be a"},
      {"unknown key", unknown_key.c_str(), "c.yaml:9:5: entries[0]: unknown key \"owner\""},
      {"missing keys", "entries:\n  - id: x\n", "c.yaml:2:5: entries[0].rule: is required"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto parsed = ParseCatalogFile(c.yaml, "c.yaml");
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.status().code(), Code::kInvalidArgument);
    EXPECT_NE(parsed.status().message().find(c.error), std::string::npos)
        << parsed.status().message();
  }
}

TEST(Catalog, DuplicateIdsAcrossFilesAreRefused) {
  const std::string file =
      "entries:\n"
      "  - id: targets-down\n"
      "    title: Targets down\n"
      "    metrics: [up]\n"
      "    covered_by: [up]\n"
      "    rule: |\n"
      "      - alert: TargetDown\n"
      "        expr: up == 0\n";
  auto one = ParseCatalog({{"a.yaml", file}});
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(one->at(0).rule_yaml, "- alert: TargetDown\n  expr: up == 0\n");
  auto twice = ParseCatalog({{"a.yaml", file}, {"b.yaml", file}});
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.status().message(),
            "b.yaml: entries[0].id: duplicate id \"targets-down\" (first in a.yaml)");
}

}  // namespace
}  // namespace nagame::rules
