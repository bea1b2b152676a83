// stale/undocumented: a defined alerting rule without a runbook, a summary, a severity, or (when
// the config names owner labels) an owner. The owner requirement is opt-in, as in pint: curated
// rule sets (kube-prometheus, awesome-prometheus-alerts) route by namespace and job instead.
#include <algorithm>
#include <iterator>

#include "rules/checks/checks.h"
#include "rules/rule_history.h"

namespace nagame::rules::checks {
namespace {

bool HasValue(const Labels& labels, const std::string& name) {
  auto it = labels.find(name);
  return it != labels.end() && !it->second.empty();
}

// What the alert is about, in words: `message` is the older name kube-prometheus's Grafana
// mixin still uses.
constexpr const char* kTextAnnotations[] = {"summary", "description", "message"};

class StaleUndocumentedCheck : public Check {
 public:
  std::string_view id() const override { return "stale/undocumented"; }
  Category category() const override { return Category::kStale; }
  std::string_view description() const override {
    return "a defined alerting rule with no runbook_url, no summary or description annotation, "
           "no severity label, or (when owner_labels is set) none of the owner_labels";
  }
  // owner_labels: none by default, so a rule needs no owner label; naming some (e.g. [team])
  // requires one of them on every rule.
  nlohmann::json default_options() const override {
    return {{"owner_labels", nlohmann::json::array()}};
  }

  Result<std::vector<Problem>> Run(const CheckInput& in, const CheckOptions& opt) const override {
    NAGAME_RETURN_IF_ERROR(RequireInput(in.rules_availability, "rule definitions"));
    const std::vector<std::string> owners = opt.Strings("owner_labels");
    std::vector<Problem> out;
    for (const DefinedRule& rule : in.rules) {
      const RuleDefinition& d = rule.definition;
      // The rule as it should read: the placeholders below are what the fix adds.
      DefinedRule fixed = rule;
      std::vector<std::string> missing;
      if (!HasValue(d.annotations, "runbook_url")) {
        missing.push_back("runbook_url");
        fixed.definition.annotations["runbook_url"] = "TODO: link to the runbook for " + d.name;
      }
      if (!std::any_of(std::begin(kTextAnnotations), std::end(kTextAnnotations),
                       [&d](const char* a) { return HasValue(d.annotations, a); })) {
        missing.push_back("summary or description");
        fixed.definition.annotations["summary"] =
            "TODO: what is wrong and who is affected, e.g. {{ $labels.instance }} ...";
      }
      if (!HasValue(d.labels, "severity")) {
        missing.push_back("severity label");
        fixed.definition.labels["severity"] = "TODO: page, warning or info";
      }
      bool owned = std::any_of(owners.begin(), owners.end(),
                               [&d](const std::string& l) { return HasValue(d.labels, l); });
      if (!owners.empty() && !owned) {
        missing.push_back("owner label (" + owners.front() + ")");
        fixed.definition.labels[owners.front()] = "TODO: the team that owns this alert";
      }
      if (missing.empty()) continue;
      Problem p;
      p.source = rule.source;
      p.rule = d.name;
      p.severity = Severity::kInfo;
      p.summary = "no ";
      for (size_t i = 0; i < missing.size(); ++i) {
        p.summary += (i == 0 ? "" : i + 1 == missing.size() ? " or " : ", ") + missing[i];
      }
      p.evidence = DefinitionEvidence(rule);
      p.evidence["missing"] = missing;
      std::string place = DefinitionPlace(rule);
      const std::string in_place = place.empty() ? std::string() : " in " + place;
      if (IsPromQL(rule)) {
        p.fix.text =
            "add them" + in_place + "; the values starting with TODO are placeholders to fill in";
        p.fix.yaml = RuleYamlWithTiming(d.name, &fixed, std::nullopt, std::nullopt);
      } else {
        // A Prometheus rule snippet does not fit an NRQL or KQL rule: say where, not how.
        p.fix.text = "add them" + in_place + ", as that system names them";
      }
      out.push_back(std::move(p));
    }
    return out;
  }
};

}  // namespace

const Check& StaleUndocumented() {
  static const StaleUndocumentedCheck kCheck;
  return kCheck;
}

}  // namespace nagame::rules::checks
