// stale/undocumented: each missing key on its own and together, and the YAML with placeholders.
#include <gtest/gtest.h>

#include "rules/check_runner.h"
#include "tests/support/check_harness.h"
#include "tests/support/golden.h"
#include "tests/support/history_builder.h"

namespace nagame::rules {
namespace {

using testing::HistoryBuilder;
using testing::Week;

const Labels kDocumented = {{"runbook_url", "https://runbooks/x"}, {"summary", "x is down"}};
const Labels kLabelled = {{"severity", "page"}, {"team", "shop"}};

constexpr char kCheck[] = "stale/undocumented";

// A case: rule A defined with `labels` and `annotations`; `missing`: what its one finding
// lists (none: no finding).
testing::CheckCase Documented(const char* name, Labels labels, Labels annotations,
                              std::vector<std::string> missing,
                              nlohmann::json options = nlohmann::json::object()) {
  std::vector<std::string> flagged;
  if (!missing.empty()) flagged.push_back(nlohmann::json(missing).dump());
  return {name,
          [labels, annotations](HistoryBuilder& h) {
            h.Rule("A").Defined("up == 0");
            h.input().rules[0].definition.labels = labels;
            h.input().rules[0].definition.annotations = annotations;
          },
          flagged, std::move(options)};
}

TEST(StaleUndocumented, Table) {
  const testing::CheckCase cases[] = {
      Documented("fully documented", kLabelled, kDocumented, {}),
      Documented("description instead of summary is fine", kLabelled,
                 {{"runbook_url", "https://runbooks/x"}, {"description", "long text"}}, {}),
      Documented("no runbook_url", kLabelled, {{"summary", "x"}}, {"runbook_url"}),
      Documented("an empty runbook_url counts as none", kLabelled,
                 {{"runbook_url", ""}, {"summary", "x"}}, {"runbook_url"}),
      Documented("no summary or description", kLabelled, {{"runbook_url", "https://runbooks/x"}},
                 {"summary or description"}),
      Documented("message, the older name, is fine", kLabelled,
                 {{"runbook_url", "https://runbooks/x"}, {"message", "x is failing"}}, {}),
      Documented("no severity", {{"team", "shop"}}, kDocumented, {"severity label"}),
      Documented("no owner label needed by default", {{"severity", "page"}}, kDocumented, {}),
      Documented("no team when the config asks for one", {{"severity", "page"}}, kDocumented,
                 {"owner label (team)"}, {{"owner_labels", {"team"}}}),
      Documented("any of the configured owner labels", {{"severity", "page"}, {"owner", "ana"}},
                 kDocumented, {}, {{"owner_labels", {"team", "owner"}}}),
      Documented("an empty owner label counts as none", {{"severity", "page"}, {"team", ""}},
                 kDocumented, {"owner label (team)"}, {{"owner_labels", {"team"}}}),
      Documented("nothing at all", {}, {},
                 {"runbook_url", "summary or description", "severity label"}),
      Documented("nothing at all, owners asked for", {}, {},
                 {"runbook_url", "summary or description", "severity label", "owner label (team)"},
                 {{"owner_labels", {"team"}}}),
  };
  testing::ExpectTable({kCheck, testing::EvidenceOf("missing")}, cases);
}

TEST(StaleUndocumented, UnableToRunWithoutRuleDefinitions) {
  HistoryBuilder h(Week("2026-11-23"));
  CheckReport report = testing::RunOnly(kCheck, h.Build());
  ASSERT_EQ(report.unable.size(), 1u);
  EXPECT_TRUE(report.problems.empty());
}

TEST(StaleUndocumented, RendersTheRuleWithPlaceholders) {
  HistoryBuilder h(Week("2026-11-23"));
  h.Rule("HighCPU").Defined(
      "avg by (instance) (rate(node_cpu_seconds_total{mode!=\"idle\"}[5m])) > 0.9",
      std::chrono::minutes(15));
  CheckInput in = h.Build();
  in.rules[0].definition.file = "rules/node.yml";
  in.rules[0].definition.line = 12;
  in.rules[0].definition.labels = {{"severity", "warning"}};
  in.rules[0].definition.annotations = {{"summary", "{{ $labels.instance }} CPU above 90%"}};
  CheckReport report = testing::RunOnly(kCheck, in);
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0].summary, "no runbook_url");
  testing::ExpectGolden("checks/stale_undocumented.json", testing::RenderProblems(report));
}

// A New Relic condition is documented in New Relic: the fix says where, with no Prometheus
// rule snippet that would not fit it.
TEST(StaleUndocumented, ARuleInAnotherLanguageGetsNoPrometheusSnippet) {
  HistoryBuilder h(Week("2026-11-23"));
  h.Rule("Storage / Zulip Server Low Storage")
      .Defined("SELECT latest(diskFreePercent) FROM StorageSample");
  CheckInput in = h.Build();
  in.rules[0].definition.language = kNRQL;
  in.rules[0].definition.file = "New Relic account 4420147";
  in.rules[0].definition.labels = {{"severity", "critical"}};
  CheckReport report = testing::RunOnly(kCheck, in);
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0].summary, "no runbook_url or summary or description");
  EXPECT_EQ(report.problems[0].fix.text,
            "add them in New Relic account 4420147, as that system names them");
  EXPECT_EQ(report.problems[0].fix.yaml, "");
  EXPECT_EQ(report.problems[0].evidence["language"], "nrql");
}

}  // namespace
}  // namespace nagame::rules
