// Tests for the per-rule helpers checks share: input availability, definition places and
// evidence, alert names made from free text.
#include "rules/rule_history.h"

#include <gtest/gtest.h>

namespace nagame::rules {
namespace {

TEST(RequireInput, OkOrUnavailableWithTheCause) {
  Availability a;  // not configured by default
  Status s = RequireInput(a, "Prometheus");
  EXPECT_EQ(s.code(), Code::kUnavailable);
  EXPECT_EQ(s.message(), "Prometheus unavailable: not configured");
  a.status = Status::Ok();
  EXPECT_TRUE(RequireInput(a, "Prometheus").ok());
}

TEST(DefinitionPlace, FileAndLineWhenKnown) {
  DefinedRule r;
  EXPECT_EQ(DefinitionPlace(r), "");
  r.definition.file = "rules/k8s.yml";
  EXPECT_EQ(DefinitionPlace(r), "rules/k8s.yml");
  r.definition.line = 42;
  EXPECT_EQ(DefinitionPlace(r), "rules/k8s.yml:42");
}

TEST(DefinitionEvidence, DefinedSinceIsNullWhenUnknown) {
  DefinedRule r;
  r.definition.expr = "up == 0";
  EXPECT_TRUE(DefinitionEvidence(r)["defined_since"].is_null());
  EXPECT_EQ(DefinitionEvidence(r)["expr"], "up == 0");
  r.defined_since = **ParseRfc3339("2026-03-02T00:00:00Z");
  EXPECT_EQ(DefinitionEvidence(r)["defined_since"], "2026-03-02T00:00:00Z");
}

TEST(AlertNameFrom, Table) {
  struct Case {
    const char* text;
    const char* suffix;
    const char* want;
  };
  const Case cases[] = {
      {"checkout-api", "HighErrorRatio", "CheckoutApiHighErrorRatio"},
      {"checkout p99 latency", "Trend", "CheckoutP99LatencyTrend"},
      {"search error ratio (%)", "", "SearchErrorRatio"},
      {"HTTP 5xx", "", "HTTP5xx"},
      {"99th", "Trend", "Alert99thTrend"},
      {"", "Trend", "AlertTrend"},
      {"日本語", "", "Alert"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(AlertNameFrom(c.text, c.suffix), c.want);
  }
}

TEST(RuleEpisodes, StartedWithinKeepsOnlyNewFirings) {
  Window w{**ParseRfc3339("2026-11-23T00:00:00Z"), **ParseRfc3339("2026-11-30T00:00:00Z")};
  std::vector<Episode> episodes(3);
  episodes[0].id = 1;
  episodes[0].starts_at = w.from - std::chrono::hours(1);  // carried over
  episodes[0].ends_at = w.from + std::chrono::hours(1);
  episodes[1].id = 2;
  episodes[1].starts_at = w.from;
  episodes[2].id = 3;
  episodes[2].starts_at = w.to - std::chrono::seconds(1);
  auto groups = GroupByRule(episodes, w, w.to);
  ASSERT_EQ(groups.size(), 1u);
  std::vector<int64_t> ids;
  for (const Episode* e : groups.begin()->second.StartedWithin(w)) ids.push_back(e->id);
  EXPECT_EQ(ids, (std::vector<int64_t>{2, 3}));
}

TEST(TeamOf, TeamThenOwnerThenUnowned) {
  Episode e;
  EXPECT_EQ(TeamOf(e), "unowned");
  e.labels["owner"] = "aki";
  EXPECT_EQ(TeamOf(e), "aki");
  e.labels["team"] = "shop";
  EXPECT_EQ(TeamOf(e), "shop");
  e.labels["team"] = "";
  EXPECT_EQ(TeamOf(e), "aki");
}

TEST(MostCommonLabel, MostFrequentValueTiesToTheSmallest) {
  std::vector<Episode> e(4);
  e[0].labels["severity"] = "warning";
  e[1].labels["severity"] = "critical";
  e[2].labels["severity"] = "warning";
  std::vector<const Episode*> all = {&e[0], &e[1], &e[2], &e[3]};
  EXPECT_EQ(MostCommonLabel(all, "severity"), "warning");
  EXPECT_EQ(MostCommonLabel({&e[0], &e[1]}, "severity"), "critical");
  EXPECT_EQ(MostCommonLabel(all, "team"), "");
}

TEST(Elapsed, ClampsTheWindowToNow) {
  Window w{**ParseRfc3339("2026-11-23T00:00:00Z"), **ParseRfc3339("2026-11-30T00:00:00Z")};
  EXPECT_EQ(Elapsed(w, w.to + std::chrono::hours(5)).to, w.to);
  EXPECT_EQ(Elapsed(w, w.from + std::chrono::hours(5)).to, w.from + std::chrono::hours(5));
  EXPECT_EQ(Elapsed(w, w.from - std::chrono::hours(5)).length(), Duration::zero());
}

TEST(TopCounts, LargestFirstTiesByName) {
  std::map<std::string, int64_t> counts = {{"b", 3}, {"a", 3}, {"c", 9}, {"d", 1}};
  EXPECT_EQ(TopCounts(counts, 3),
            (std::vector<std::pair<std::string, int64_t>>{{"c", 9}, {"a", 3}, {"b", 3}}));
  EXPECT_TRUE(TopCounts({}, 3).empty());
}

TEST(FormatDecimal, OneDecimalWithoutTrailingZero) {
  EXPECT_EQ(FormatDecimal(2.14), "2.1");
  EXPECT_EQ(FormatDecimal(2.0), "2");
  EXPECT_EQ(FormatDecimal(0.05), "0.1");
}

TEST(AlertnameMatcher, QuotesForAlertmanagerAndYaml) {
  EXPECT_EQ(AlertnameMatcher({"HighCPU"}), R"('alertname="HighCPU"')");
  EXPECT_EQ(AlertnameMatcher({"A", "B.c"}), R"('alertname=~"A|B\\.c"')");
  EXPECT_EQ(AlertnameMatcher({"it's \"x\""}), R"('alertname="it''s \"x\""')");
}

TEST(ChildRouteYaml, NestsSettingsUnderTheMatcher) {
  EXPECT_EQ(ChildRouteYaml({"A"}, {"repeat_interval: 12h"}),
            "route:\n  routes:\n    - matchers: ['alertname=\"A\"']\n"
            "      repeat_interval: 12h\n");
  EXPECT_EQ(TicketRouteYaml("A"),
            "# alertmanager.yml: send A to a ticket queue, at most once a day\n"
            "route:\n  routes:\n    - matchers: ['alertname=\"A\"']\n"
            "      receiver: ticket-queue\n      group_by: [alertname]\n"
            "      repeat_interval: 24h\n");
}

TEST(TimeIntervalYaml, WeekdayRangesAndLocation) {
  EXPECT_EQ(FormatClock(0), "00:00");
  EXPECT_EQ(FormatClock(8 * 60 + 5), "08:05");
  EXPECT_EQ(FormatClock(1440), "24:00");
  EXPECT_EQ(TimeIntervalYaml("working-hours", 8 * 60, 18 * 60, {5, 1, 2, 3, 4}, "Asia/Tokyo"),
            "time_intervals:\n"
            "  - name: \"working-hours\"\n"
            "    time_intervals:\n"
            "      - times:\n"
            "          - start_time: \"08:00\"\n"
            "            end_time: \"18:00\"\n"
            "        weekdays: ['monday:friday']\n"
            "        location: \"Asia/Tokyo\"\n");
  EXPECT_NE(TimeIntervalYaml("x", 0, 60, {0, 3, 6}, "UTC")
                .find("weekdays: ['sunday', 'wednesday', 'saturday']"),
            std::string::npos);
}

TEST(TimeIntervalYaml, AnIntervalPastMidnightIsSplitOntoTheNextDay) {
  EXPECT_EQ(TimeIntervalYaml("n", 23 * 60 + 30, 24 * 60 + 45, {}, "UTC"),
            "time_intervals:\n"
            "  - name: \"n\"\n"
            "    time_intervals:\n"
            "      - times:\n"
            "          - start_time: \"23:30\"\n"
            "            end_time: \"24:00\"\n"
            "        location: \"UTC\"\n"
            "      - times:\n"
            "          - start_time: \"00:00\"\n"
            "            end_time: \"00:45\"\n"
            "        location: \"UTC\"\n");
  // Saturday night runs into Sunday morning.
  std::string y = TimeIntervalYaml("n", 23 * 60, 25 * 60, {6}, "");
  EXPECT_NE(y.find("weekdays: ['saturday']"), std::string::npos);
  EXPECT_NE(y.find("weekdays: ['sunday']"), std::string::npos);
  EXPECT_EQ(y.find("location"), std::string::npos);
}

TEST(RuleYamlWithTiming, AMadeUpDefinitionShowsItsLabelsAndAnUnchangedExpr) {
  DefinedRule made_up;
  made_up.definition.labels["severity"] = "info";
  EXPECT_EQ(RuleYamlWithTiming("A", &made_up, std::nullopt, std::nullopt),
            "- alert: A\n  expr: ...  # unchanged\n  labels:\n    severity: \"info\"\n");
}

}  // namespace
}  // namespace nagame::rules

namespace nagame::rules {
namespace {

TEST(RuleYamlWithTiming, NoPrometheusRuleForAnotherLanguage) {
  DefinedRule nrql;
  nrql.definition.expr = "SELECT average(cpuPercent) FROM SystemSample";
  nrql.definition.language = kNRQL;
  EXPECT_EQ(RuleYamlWithTiming("Golden Signals / High CPU", &nrql, std::chrono::minutes(10),
                               std::nullopt),
            "");
  EXPECT_NE(RuleYamlWithTiming("HighCPU", nullptr, std::nullopt, std::nullopt), "");
}

TEST(RequirePromQLRules, AppliesWhenAnyRuleIsPromQL) {
  DefinedRule prom, kql;
  kql.definition.language = kKQL;
  EXPECT_TRUE(RequirePromQLRules({}).ok());
  EXPECT_TRUE(RequirePromQLRules({kql, prom}).ok());
  EXPECT_EQ(RequirePromQLRules({kql}).message(),
            "does not apply to KQL rules (1 rule; none is PromQL)");
}

}  // namespace
}  // namespace nagame::rules
