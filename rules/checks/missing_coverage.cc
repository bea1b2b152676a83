// missing/coverage: a kind of system the coverage catalog knows is present (its metrics have
// series in Prometheus), and no defined rule alerts on it.
#include <algorithm>
#include <optional>
#include <set>

#include "rules/catalog.h"
#include "rules/checks/checks.h"
#include "rules/promql/parser.h"
#include "rules/promql/selectors.h"
#include "rules/rule_history.h"

namespace nagame::rules::checks {
namespace {

// A defined rule with its expression parsed once (nullopt when it does not parse).
struct ParsedRule {
  const DefinedRule* rule;
  std::optional<promql::Expr> expr;
};

// Whether `r` covers `entry`: it selects a covered_by metric, or has a covered_by alert name.
bool Covers(const ParsedRule& r, const CatalogEntry& entry) {
  return std::any_of(entry.covered_by.begin(), entry.covered_by.end(),
                     [&r](const std::string& item) {
                       std::string alert = CoveringAlertName(item);
                       if (!alert.empty()) return r.rule->definition.name == alert;
                       return r.expr && promql::SelectsMetric(*r.expr, item);
                     });
}

class MissingCoverageCheck : public Check {
 public:
  std::string_view id() const override { return "missing/coverage"; }
  Category category() const override { return Category::kMissing; }
  std::string_view description() const override {
    return "a coverage catalog entry whose metrics have series in Prometheus while no defined "
           "PromQL rule selects a metric that covers it (ignore: catalog ids not to suggest; NRQL "
           "and KQL rules are not read)";
  }
  nlohmann::json default_options() const override { return {{"ignore", nlohmann::json::array()}}; }

  Result<std::vector<Problem>> Run(const CheckInput& in, const CheckOptions& opt) const override {
    NAGAME_RETURN_IF_ERROR(RequireInput(in.prometheus_availability, "Prometheus"));
    NAGAME_RETURN_IF_ERROR(RequireInput(in.rules_availability, "rule definitions"));
    NAGAME_RETURN_IF_ERROR(RequirePromQLRules(in.rules));
    if (in.catalog.empty()) return Unavailable("coverage catalog unavailable: it has no entries");
    const std::vector<std::string> ignore = opt.Strings("ignore");
    std::vector<ParsedRule> parsed;
    parsed.reserve(in.rules.size());
    for (const DefinedRule& rule : in.rules) {
      if (!IsPromQL(rule)) continue;  // NRQL, KQL, …: whether they cover it is not known
      auto expr = promql::Parse(rule.definition.expr);
      parsed.push_back({&rule, expr.ok() ? std::optional(std::move(expr).value()) : std::nullopt});
    }
    std::vector<Problem> out;
    for (const CatalogEntry& entry : in.catalog) {
      if (std::count(ignore.begin(), ignore.end(), entry.id)) continue;
      std::vector<std::string> present;
      for (const std::string& m : entry.metrics) {
        if (in.prometheus_metrics.count(m)) present.push_back(m);
      }
      if (present.empty()) continue;
      if (std::any_of(parsed.begin(), parsed.end(),
                      [&entry](const ParsedRule& r) { return Covers(r, entry); })) {
        continue;
      }
      out.push_back(Describe(entry, present, in.rules.size()));
    }
    return out;
  }

 private:
  static Problem Describe(const CatalogEntry& entry, const std::vector<std::string>& present,
                          size_t rules_checked) {
    Problem p;
    p.severity = Severity::kWarning;
    std::string names;
    for (const std::string& m : present) names += (names.empty() ? "" : ", ") + m;
    p.summary = entry.title + ": " + names + (present.size() == 1 ? " has" : " have") +
                " series, and no rule alerts on it";
    p.evidence = {{"catalog_entry", entry.id},
                  {"title", entry.title},
                  {"present_metrics", present},
                  {"covered_by", entry.covered_by},
                  {"rules_checked", rules_checked}};
    auto rule = CatalogRule(entry);
    p.fix.text = "add the catalog's rule" + (rule.ok() ? " " + rule->name : std::string()) +
                 ", with its threshold tuned to this system, or ignore \"" + entry.id +
                 "\" in the check's options";
    p.fix.yaml = entry.rule_yaml;
    return p;
  }
};

}  // namespace

const Check& MissingCoverage() {
  static const MissingCoverageCheck kCheck;
  return kCheck;
}

}  // namespace nagame::rules::checks
