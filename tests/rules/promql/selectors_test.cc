// Tests for what an expression selects: selectors, certain names, "does it select metric X".
#include "rules/promql/selectors.h"

#include <gtest/gtest.h>

#include "rules/promql/parser.h"

namespace nagame::rules::promql {
namespace {

Expr MustParse(const std::string& text) {
  auto e = Parse(text);
  EXPECT_TRUE(e.ok()) << text << ": " << e.status().ToString();
  if (!e.ok()) return Expr{};
  return std::move(*e);
}

TEST(Selectors, ListsEverySelectorInSourceOrderWithItsModifiers) {
  std::string text =
      "topk(3, rate(a{job=\"x\"}[5m] offset 1h)) / on(job) group_left "
      "max_over_time(b[1h:5m] @ end()) + {__name__=\"c\", env!=\"dev\"} @ 100 offset -2m";
  Expr e = MustParse(text);
  std::vector<Selector> s = Selectors(e);
  ASSERT_EQ(s.size(), 3u);

  EXPECT_EQ(s[0].metric, "a");
  ASSERT_EQ(s[0].matchers.size(), 1u);
  EXPECT_EQ(s[0].matchers[0], (Matcher{"job", MatchOp::kEqual, "x"}));
  EXPECT_EQ(s[0].range, std::optional<Duration>(std::chrono::minutes(5)));
  EXPECT_EQ(s[0].offset, std::chrono::hours(1));
  EXPECT_FALSE(s[0].at.has_value());
  EXPECT_EQ(text.substr(s[0].position.begin, s[0].position.end - s[0].position.begin),
            "a{job=\"x\"}[5m] offset 1h");

  // The subquery's modifiers belong to the subquery, not to the selector inside it.
  EXPECT_EQ(s[1].metric, "b");
  EXPECT_FALSE(s[1].range.has_value());
  EXPECT_FALSE(s[1].at.has_value());

  EXPECT_EQ(s[2].metric, "c");
  EXPECT_EQ(s[2].matchers.size(), 2u);
  EXPECT_EQ(s[2].offset, -std::chrono::minutes(2));
  ASSERT_TRUE(s[2].at.has_value());
  EXPECT_EQ(s[2].at->kind, AtModifier::Kind::kTimestamp);
  EXPECT_EQ(s[2].at->timestamp, 100);
  EXPECT_EQ(MetricNames(e), (std::set<std::string>{"a", "b", "c"}));
}

TEST(Selectors, LiteralsAndFunctionsWithoutSelectorsSelectNothing) {
  EXPECT_TRUE(Selectors(MustParse("vector(time() % 300) < bool 60")).empty());
  EXPECT_TRUE(MetricNames(MustParse("\"s\"")).empty());
}

TEST(SelectsMetric, NameRegexAndNegativeMatchers) {
  struct Case {
    const char* expr;
    const char* metric;
    bool selects;
  };
  const Case cases[] = {
      {"up == 0", "up", true},
      {"up == 0", "upx", false},
      {"{__name__=\"up\"}", "up", true},
      {"{__name__=~\"node_(load1|load5)\"}", "node_load1", true},
      {"{__name__=~\"node_(load1|load5)\"}", "node_load15", false},  // full-anchored
      {"{__name__=~\"node_.+\", __name__!=\"node_load1\"}", "node_load5", true},
      {"{__name__=~\"node_.+\", __name__!=\"node_load1\"}", "node_load1", false},
      {"{__name__!~\"go_.*\", job=\"x\"}", "up", true},
      {"{__name__!~\"go_.*\", job=\"x\"}", "go_goroutines", false},
      {"{job=\"x\"}", "up", false},               // no name constraint: names no metric
      {"{__name__=~\"\\\\pLup\"}", "up", false},  // RE2 classes: \pL is one letter
      {"{__name__=~\"\\\\pLup\"}", "éup", true},
      {"sum(rate(kube_pod_container_status_restarts_total[15m])) > 0",
       "kube_pod_container_status_restarts_total", true},
  };
  for (const Case& c : cases) {
    Expr e = MustParse(c.expr);
    EXPECT_EQ(SelectsMetric(e, c.metric), c.selects) << c.expr << " / " << c.metric;
  }
}

TEST(SelectsMetricFamily, CoversTheSeriesOfHistogramsAndCounters) {
  Expr hist = MustParse("histogram_quantile(0.9, rate(http_request_duration_seconds_bucket[5m]))");
  EXPECT_TRUE(SelectsMetricFamily(hist, "http_request_duration_seconds"));
  EXPECT_FALSE(SelectsMetricFamily(hist, "http_request_size_bytes"));
  Expr counter = MustParse("rate(http_requests_total[5m])");
  EXPECT_TRUE(SelectsMetricFamily(counter, "http_requests"));
  EXPECT_TRUE(SelectsMetricFamily(counter, "http_requests_total"));
  Expr regex = MustParse("{__name__=~\"kube_pod_.*\"}");
  EXPECT_TRUE(SelectsMetricFamily(regex, "kube_pod_status_ready"));
}

}  // namespace
}  // namespace nagame::rules::promql
