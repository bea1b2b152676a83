// stale/orphaned: alerts arriving under a rule name that no rule definition has.
#include <set>

#include "rules/checks/checks.h"
#include "rules/rule_history.h"

namespace nagame::rules::checks {
namespace {

class StaleOrphanedCheck : public Check {
 public:
  std::string_view id() const override { return "stale/orphaned"; }
  Category category() const override { return Category::kStale; }
  std::string_view description() const override {
    return "episodes in the window from a rule name that no rule definition has (only for "
           "sources whose rules are known)";
  }

  Result<std::vector<Problem>> Run(const CheckInput& in, const CheckOptions&) const override {
    NAGAME_RETURN_IF_ERROR(RequireInput(in.rules_availability, "rule definitions"));
    std::set<std::string> names;
    // A source none of whose rules we were given (Grafana, when only Prometheus rule files are
    // read) would make every one of its alerts look orphaned: skip it.
    std::set<std::string> known_sources;
    for (const DefinedRule& r : in.rules) {
      names.insert(r.definition.name);
      known_sources.insert(r.source);
    }
    std::vector<Problem> out;
    for (const auto& [key, group] : GroupByRule(in.episodes, in.window, in.now)) {
      if (!known_sources.count(key.first) || names.count(key.second)) continue;
      out.push_back(Describe(in, group));
    }
    return out;
  }

 private:
  static Problem Describe(const CheckInput& in, const RuleEpisodes& group) {
    std::set<std::string> instances;
    for (const Episode* e : group.episodes) instances.insert(InstanceName(*e));
    const Episode& newest = *group.episodes.back();
    std::string sender;  // the newest non-empty generator URL points at the rule's evaluator
    for (auto it = group.episodes.rbegin(); it != group.episodes.rend() && sender.empty(); ++it) {
      sender = (*it)->generator_url;
    }
    Problem p;
    p.source = group.key.first;
    p.rule = group.key.second;
    p.severity = Severity::kWarning;
    p.summary = std::to_string(group.episodes.size()) + " episodes in " +
                FormatDuration(in.window.length()) + " on " + std::to_string(instances.size()) +
                " instances, but no rule definition is named " + p.rule;
    p.evidence = {{"episodes", group.episodes.size()},
                  {"instances", instances.size()},
                  {"last_starts_at", FormatRfc3339(newest.starts_at)},
                  {"generator_url", sender},
                  {"labels", newest.labels},
                  {"examples", ExampleEpisodes(group.episodes, 3, in.now)}};
    p.fix.text = "find the sender" +
                 (sender.empty() ? " (its alerts carry the labels shown)" : " (" + sender + ")") +
                 " and fix or delete the rule there, or restore " + p.rule + " to the rule files";
    return p;
  }
};

}  // namespace

const Check& StaleOrphaned() {
  static const StaleOrphanedCheck kCheck;
  return kCheck;
}

}  // namespace nagame::rules::checks
