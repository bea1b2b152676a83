// hygiene/labels: alerts arrive without a severity, an owner or a runbook_url, as sent at run time.
//
// Unlike stale/undocumented (the rule as written), this reads the labels and annotations the
// episodes in the window actually carried. When the rule's definition has what the alerts
// lack, relabelling (alert_relabel_configs, the sender) dropped it; otherwise the rule needs it.
#include <algorithm>

#include "rules/checks/checks.h"
#include "rules/rule_history.h"

namespace nagame::rules::checks {
namespace {

bool Has(const Labels& labels, const std::string& name) {
  auto it = labels.find(name);
  return it != labels.end() && !it->second.empty();
}

bool HasAny(const Labels& labels, const std::vector<std::string>& names) {
  return std::any_of(names.begin(), names.end(),
                     [&labels](const std::string& n) { return Has(labels, n); });
}

// One thing an alert should carry.
struct Item {
  std::string key;   // in evidence: "severity", "owner", "runbook_url"
  std::string name;  // as people read it: "severity", "owner (team/owner)", "runbook_url"
  int64_t missing = 0;
  bool defined = false;  // the rule's definition has it
};

class HygieneLabelsCheck : public Check {
 public:
  std::string_view id() const override { return "hygiene/labels"; }
  Category category() const override { return Category::kHygiene; }
  std::string_view description() const override {
    return "episodes in the window arrived without a severity label, any of owner_labels, or "
           "a runbook_url annotation";
  }
  nlohmann::json default_options() const override { return {{"owner_labels", {"team", "owner"}}}; }

  Result<std::vector<Problem>> Run(const CheckInput& in, const CheckOptions& opt) const override {
    const std::vector<std::string> owners = opt.Strings("owner_labels");
    std::string owner_name = "owner (";
    for (size_t i = 0; i < owners.size(); ++i) owner_name += (i ? "/" : "") + owners[i];
    owner_name += ")";
    std::vector<Problem> out;
    for (const auto& [key, group] : GroupByRule(in.episodes, in.window, in.now)) {
      const DefinedRule* def = FindDefinition(in, key);
      const Labels no_labels;
      const Labels& def_labels = def ? def->definition.labels : no_labels;
      const Labels& def_annotations = def ? def->definition.annotations : no_labels;
      Item severity{"severity", "severity", 0, Has(def_labels, "severity")};
      Item owner{"owner", owner_name, 0, owners.empty() || HasAny(def_labels, owners)};
      Item runbook{"runbook_url", "runbook_url", 0, Has(def_annotations, "runbook_url")};
      std::vector<const Episode*> lacking;
      for (const Episode* e : group.episodes) {
        const bool no_severity = !Has(e->labels, "severity");
        const bool no_owner = !owners.empty() && !HasAny(e->labels, owners);
        const bool no_runbook = !Has(e->annotations, "runbook_url");
        severity.missing += no_severity;
        owner.missing += no_owner;
        runbook.missing += no_runbook;
        if (no_severity || no_owner || no_runbook) lacking.push_back(e);
      }
      if (lacking.empty()) continue;
      const int64_t n = static_cast<int64_t>(group.episodes.size());
      Problem p;
      p.source = key.first;
      p.rule = key.second;
      // Without a severity or an owner an alert cannot be routed to the right people.
      p.severity = severity.missing || owner.missing ? Severity::kWarning : Severity::kInfo;
      p.summary = std::to_string(n) + " episodes:";
      nlohmann::json missing = nlohmann::json::object();
      std::vector<std::string> dropped, to_add, dropped_keys;
      for (const Item* item : {&severity, &owner, &runbook}) {
        if (item->missing == 0) continue;
        p.summary += std::string(missing.empty() ? " " : ", ") + std::to_string(item->missing) +
                     " without " + item->name;
        missing[item->key] = item->missing;
        (item->defined ? dropped : to_add).push_back(item->name);
        if (item->defined) dropped_keys.push_back(item->key);
      }
      p.evidence = {{"episodes", n},
                    {"missing", missing},
                    {"defined_in_rule", dropped_keys},
                    {"examples", ExampleEpisodes(lacking, 3, in.now)}};
      auto join = [](const std::vector<std::string>& v) {
        std::string s;
        for (size_t i = 0; i < v.size(); ++i) {
          s += (i == 0 ? "" : i + 1 == v.size() ? " and " : ", ") + v[i];
        }
        return s;
      };
      if (!to_add.empty()) {
        const std::string place = def ? DefinitionPlace(*def) : "";
        p.fix.text = "add " + join(to_add) + " to the rule" + (place.empty() ? "" : " in " + place);
        DefinedRule fixed = def ? *def : DefinedRule{};
        if (!severity.defined && severity.missing) {
          std::string seen = MostCommonLabel(group.episodes, "severity");
          fixed.definition.labels["severity"] = seen.empty() ? "TODO: page, warning or info" : seen;
        }
        if (!owner.defined && owner.missing) {
          fixed.definition.labels[owners.front()] = "TODO: the team that owns this alert";
        }
        if (!runbook.defined && runbook.missing) {
          fixed.definition.annotations["runbook_url"] = "TODO: link to the runbook for " + p.rule;
        }
        p.fix.yaml = RuleYamlWithTiming(p.rule, &fixed, std::nullopt, std::nullopt);
      }
      if (!dropped.empty()) {
        p.fix.text += (p.fix.text.empty() ? "" : "; ") + std::string("the rule defines ") +
                      join(dropped) +
                      " but alerts arrive without: check alert_relabel_configs and the sender";
      }
      out.push_back(std::move(p));
    }
    return out;
  }
};

}  // namespace

const Check& HygieneLabels() {
  static const HygieneLabelsCheck kCheck;
  return kCheck;
}

}  // namespace nagame::rules::checks
