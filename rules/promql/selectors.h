// What a PromQL expression selects: its vector selectors and the metric names they name. Used by
// stale/dead-metric (names selected for certain) and missing/coverage (could this rule select
// metric family F, regex matchers included).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "rules/promql/ast.h"

namespace nagame::rules::promql {

// One vector selector of an expression, instant or range.
struct Selector {
  // The metric name written before the braces, else the value of the first `__name__="…"`
  // matcher, else empty.
  std::string metric;
  std::vector<Matcher> matchers;  // as written between the braces, `__name__` ones included
  // Set for range selectors (`[5m]`); 0 when the range is a duration expression (`[2m+step()]`).
  std::optional<Duration> range;
  Duration offset{0};            // the selector's own `offset` (0: none, or a duration expression)
  std::optional<AtModifier> at;  // the selector's own `@`
  Position position;             // where it is in the parsed text
};

// Every vector selector in `expr`, in the order they appear in the text.
std::vector<Selector> Selectors(const Expr& expr);

// The metric names `expr` selects with certainty: written names and `__name__="x"` matchers.
// Regex name matchers (`{__name__=~"a|b"}`) contribute nothing here; see SelectsMetric.
std::set<std::string> MetricNames(const Expr& expr);

// Whether `selector` constrains the metric name and `name` satisfies every such constraint: the
// written name, and each `__name__` matcher (=, !=, =~, !~; regexes full-anchored as Prometheus
// matches them). A selector without any name constraint (`{job="x"}`) returns false: it names no
// metric.
bool SelectsMetric(const Selector& selector, std::string_view name);

// True if any selector of `expr` SelectsMetric(`name`).
bool SelectsMetric(const Expr& expr, std::string_view name);

// True if any selector of `expr` selects `family` or one of its series names:
// family + "_total", "_bucket", "_count", "_sum" or "_created".
bool SelectsMetricFamily(const Expr& expr, std::string_view family);

}  // namespace nagame::rules::promql
