// Walks a PromQL tree for its selectors and answers "does it select metric X".
#include "rules/promql/selectors.h"

namespace nagame::rules::promql {
namespace {

constexpr std::string_view kMetricNameLabel = "__name__";

Selector FromVector(const VectorSelector& vs, std::optional<Duration> range, Position position) {
  Selector s;
  s.metric = vs.name;
  if (s.metric.empty()) {
    for (const Matcher& m : vs.matchers) {
      if (m.name == kMetricNameLabel && m.op == MatchOp::kEqual) {
        s.metric = m.value;
        break;
      }
    }
  }
  s.matchers = vs.matchers;
  s.range = range;
  s.offset = vs.offset.value;
  s.at = vs.at;
  s.position = position;
  return s;
}

void Collect(const Expr& e, std::vector<Selector>& out) {
  if (const VectorSelector* vs = e.As<VectorSelector>()) {
    out.push_back(FromVector(*vs, std::nullopt, e.position));
  } else if (const MatrixSelector* m = e.As<MatrixSelector>()) {
    out.push_back(FromVector(m->selector, m->range.value, e.position));
  } else if (const SubqueryExpr* sq = e.As<SubqueryExpr>()) {
    Collect(*sq->expr, out);
  } else if (const Call* c = e.As<Call>()) {
    for (const ExprPtr& arg : c->args) Collect(*arg, out);
  } else if (const AggregateExpr* a = e.As<AggregateExpr>()) {
    if (a->param) Collect(*a->param, out);
    Collect(*a->expr, out);
  } else if (const BinaryExpr* b = e.As<BinaryExpr>()) {
    Collect(*b->lhs, out);
    Collect(*b->rhs, out);
  } else if (const UnaryExpr* u = e.As<UnaryExpr>()) {
    Collect(*u->expr, out);
  } else if (const ParenExpr* p = e.As<ParenExpr>()) {
    Collect(*p->expr, out);
  }
}

}  // namespace

std::vector<Selector> Selectors(const Expr& expr) {
  std::vector<Selector> out;
  Collect(expr, out);
  return out;
}

std::set<std::string> MetricNames(const Expr& expr) {
  std::set<std::string> names;
  for (const Selector& s : Selectors(expr)) {
    if (!s.metric.empty()) names.insert(s.metric);
  }
  return names;
}

bool SelectsMetric(const Selector& selector, std::string_view name) {
  bool has_name_matcher = false;
  for (const Matcher& m : selector.matchers) {
    if (m.name != kMetricNameLabel) continue;
    has_name_matcher = true;
    if (!m.Matches(name)) return false;
  }
  // Without __name__ matchers, `metric` is the written name (Parse forbids both at once).
  if (!has_name_matcher) return !selector.metric.empty() && selector.metric == name;
  return true;
}

bool SelectsMetric(const Expr& expr, std::string_view name) {
  for (const Selector& s : Selectors(expr)) {
    if (SelectsMetric(s, name)) return true;
  }
  return false;
}

bool SelectsMetricFamily(const Expr& expr, std::string_view family) {
  static const char* kSuffixes[] = {"", "_total", "_bucket", "_count", "_sum", "_created"};
  std::vector<Selector> selectors = Selectors(expr);
  for (const char* suffix : kSuffixes) {
    std::string name = std::string(family) + suffix;
    for (const Selector& s : selectors) {
      if (SelectsMetric(s, name)) return true;
    }
  }
  return false;
}

}  // namespace nagame::rules::promql
