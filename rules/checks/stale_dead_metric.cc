// stale/dead-metric: a rule selects a metric that has no series in Prometheus, so it cannot fire.
#include <algorithm>
#include <set>

#include "rules/checks/checks.h"
#include "rules/promql/parser.h"
#include "rules/promql/selectors.h"
#include "rules/rule_history.h"

namespace nagame::rules::checks {
namespace {

using promql::Selector;

// Metrics that exist only while alerts fire (Prometheus writes them itself).
bool IsAlertStateMetric(const std::string& name) {
  return name == "ALERTS" || name == "ALERTS_FOR_STATE";
}

// The selectors of `e` whose metric must have series for the rule to work: all of them except
// those under absent() and absent_over_time(), which fire precisely when there are none.
void PresenceSelectors(const promql::Expr& e, std::vector<Selector>& out) {
  if (e.As<promql::VectorSelector>() || e.As<promql::MatrixSelector>()) {
    for (Selector& s : promql::Selectors(e)) out.push_back(std::move(s));
    return;
  }
  std::vector<const promql::Expr*> children;
  if (const auto* c = e.As<promql::Call>()) {
    if (c->function == "absent" || c->function == "absent_over_time") return;
    for (const promql::ExprPtr& arg : c->args) children.push_back(arg.get());
  } else if (const auto* sq = e.As<promql::SubqueryExpr>()) {
    children = {sq->expr.get()};
  } else if (const auto* a = e.As<promql::AggregateExpr>()) {
    children = {a->param.get(), a->expr.get()};
  } else if (const auto* b = e.As<promql::BinaryExpr>()) {
    children = {b->lhs.get(), b->rhs.get()};
  } else if (const auto* u = e.As<promql::UnaryExpr>()) {
    children = {u->expr.get()};
  } else if (const auto* p = e.As<promql::ParenExpr>()) {
    children = {p->expr.get()};
  }
  for (const promql::Expr* child : children) {
    if (child) PresenceSelectors(*child, out);
  }
}

// How a finding names what `s` selects: its metric name, or its `__name__` matchers.
std::string SelectedName(const Selector& s) {
  if (!s.metric.empty()) return s.metric;
  std::string out = "{";
  for (const promql::Matcher& m : s.matchers) {
    if (m.name != "__name__") continue;
    if (out.size() > 1) out += ", ";
    out += m.name + promql::MatchOpText(m.op) + promql::QuoteString(m.value);
  }
  return out + "}";
}

// Up to 3 present metric names that share the longest prefix (at least 60% of it) with
// `dead`: what it was probably renamed to.
std::vector<std::string> SimilarNames(const std::string& dead,
                                      const std::set<std::string>& present) {
  std::vector<std::pair<size_t, std::string>> scored;
  for (const std::string& name : present) {
    size_t common =
        std::mismatch(dead.begin(), dead.end(), name.begin(), name.end()).first - dead.begin();
    if (common >= 4 && common * 10 >= dead.size() * 6) scored.push_back({common, name});
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::string> out;
  for (size_t i = 0; i < scored.size() && i < 3; ++i) out.push_back(scored[i].second);
  return out;
}

class StaleDeadMetricCheck : public Check {
 public:
  std::string_view id() const override { return "stale/dead-metric"; }
  Category category() const override { return Category::kStale; }
  std::string_view description() const override {
    return "a defined PromQL rule selects a metric with no series in Prometheus (names with a "
           "colon, recording-rule outputs by convention, are skipped unless check_recorded; "
           "NRQL and KQL rules are not PromQL and are not checked)";
  }
  nlohmann::json default_options() const override { return {{"check_recorded", false}}; }

  Result<std::vector<Problem>> Run(const CheckInput& in, const CheckOptions& opt) const override {
    NAGAME_RETURN_IF_ERROR(RequireInput(in.rules_availability, "rule definitions"));
    NAGAME_RETURN_IF_ERROR(RequireInput(in.prometheus_availability, "Prometheus"));
    NAGAME_RETURN_IF_ERROR(RequirePromQLRules(in.rules));
    const bool check_recorded = opt.Flag("check_recorded");
    std::vector<Problem> out;
    for (const DefinedRule& rule : in.rules) {
      if (!IsPromQL(rule)) continue;  // NRQL, KQL, …: not PromQL, never guessed at
      // An expression that does not parse is hygiene's finding, not a dead metric.
      auto expr = promql::Parse(rule.definition.expr);
      if (!expr.ok()) continue;
      std::vector<Selector> selectors;
      PresenceSelectors(*expr, selectors);
      std::vector<std::string> dead;
      for (const Selector& s : selectors) {
        std::string name = SelectedName(s);
        if (!IsDead(in, s, check_recorded) || std::count(dead.begin(), dead.end(), name)) {
          continue;
        }
        dead.push_back(name);
      }
      if (!dead.empty()) out.push_back(Describe(in, rule, dead));
    }
    return out;
  }

 private:
  static bool IsDead(const CheckInput& in, const Selector& s, bool check_recorded) {
    bool names_metric = !s.metric.empty() ||
                        std::any_of(s.matchers.begin(), s.matchers.end(),
                                    [](const promql::Matcher& m) { return m.name == "__name__"; });
    if (!names_metric || IsAlertStateMetric(s.metric)) return false;
    if (!check_recorded && s.metric.find(':') != std::string::npos) return false;
    if (!s.metric.empty() && in.prometheus_metrics.count(s.metric)) return false;
    return std::none_of(in.prometheus_metrics.begin(), in.prometheus_metrics.end(),
                        [&s](const std::string& name) { return promql::SelectsMetric(s, name); });
  }

  static Problem Describe(const CheckInput& in, const DefinedRule& rule,
                          const std::vector<std::string>& dead) {
    Problem p;
    p.source = rule.source;
    p.rule = rule.definition.name;
    p.severity = Severity::kWarning;
    std::string names;
    nlohmann::json similar = nlohmann::json::object();
    std::vector<std::string> hints;
    for (const std::string& d : dead) {
      names += (names.empty() ? "" : ", ") + d;
      std::vector<std::string> like = SimilarNames(d, in.prometheus_metrics);
      similar[d] = like;
      hints.insert(hints.end(), like.begin(), like.end());
    }
    p.summary = dead.size() == 1 ? "selects " + names + ", which has no series in Prometheus"
                                 : "selects " + std::to_string(dead.size()) +
                                       " metrics with no series in Prometheus: " + names;
    p.evidence = DefinitionEvidence(rule);
    p.evidence["dead_metrics"] = dead;
    p.evidence["similar_metrics"] = similar;
    p.evidence["metrics_in_prometheus"] = in.prometheus_metrics.size();
    std::string place = DefinitionPlace(rule);
    p.fix.text = "fix the expression";
    if (!hints.empty()) {
      p.fix.text += " (renamed? similar metrics that exist: ";
      for (size_t i = 0; i < hints.size(); ++i) p.fix.text += (i ? ", " : "") + hints[i];
      p.fix.text += ")";
    }
    p.fix.text += " or delete the rule" + (place.empty() ? std::string() : " from " + place);
    return p;
  }
};

}  // namespace

const Check& StaleDeadMetric() {
  static const StaleDeadMetricCheck kCheck;
  return kCheck;
}

}  // namespace nagame::rules::checks
