// stale/never-fired: a rule defined for at least quiet_for that has not fired for that long.
#include <algorithm>
#include <map>

#include "rules/checks/checks.h"
#include "rules/rule_history.h"

namespace nagame::rules::checks {
namespace {

class StaleNeverFiredCheck : public Check {
 public:
  std::string_view id() const override { return "stale/never-fired"; }
  Category category() const override { return Category::kStale; }
  std::string_view description() const override {
    return "defined for at least quiet_for and no episode in the last quiet_for";
  }
  nlohmann::json default_options() const override { return {{"quiet_for", "90d"}}; }

  Result<std::vector<Problem>> Run(const CheckInput& in, const CheckOptions& opt) const override {
    NAGAME_RETURN_IF_ERROR(RequireInput(in.rules_availability, "rule definitions"));
    const Duration quiet = opt.Dur("quiet_for");
    const Time cutoff = in.now - quiet;
    // Per rule name, each (source, rule) seen: its newest start and the last moment it was
    // firing (an open episode fires until now). One pass, so the loop below stays linear.
    struct Seen {
      std::optional<Time> last_start;
      Time last_firing;
    };
    std::map<std::string, std::map<RuleKey, Seen>> by_name;
    for (const auto& [key, start] : in.last_episode_start) {
      Seen& seen = by_name[key.second][key];
      seen.last_start = start;
      seen.last_firing = std::max(seen.last_firing, start);
    }
    for (const Episode& e : in.episodes) {
      Seen& seen = by_name[e.rule][{e.source, e.rule}];
      seen.last_firing = std::max(seen.last_firing, e.Span(in.now).end);
    }
    std::vector<Problem> out;
    for (const DefinedRule& rule : in.rules) {
      // A rule younger than quiet_for has not had the chance; Time{} means "since before
      // records began".
      if (rule.defined_since > cutoff) continue;
      std::optional<Time> last_start;
      bool recent = false;
      static const std::map<RuleKey, Seen> kNone;
      auto named = by_name.find(rule.definition.name);
      for (const auto& [key, seen] : named == by_name.end() ? kNone : named->second) {
        // Episodes are this definition's from its own source, or from any when the name is
        // unambiguous.
        if (key.first != rule.source && FindDefinition(in, key) != &rule) continue;
        if (seen.last_start && (!last_start || *seen.last_start > *last_start)) {
          last_start = seen.last_start;
        }
        recent = recent || seen.last_firing >= cutoff;
      }
      if (!recent) out.push_back(Describe(in, rule, quiet, last_start));
    }
    return out;
  }

 private:
  static std::string Days(Duration d) {
    return FormatDuration(std::chrono::floor<std::chrono::days>(d));
  }

  static Problem Describe(const CheckInput& in, const DefinedRule& rule, Duration quiet,
                          std::optional<Time> last_start) {
    Problem p;
    p.source = rule.source;
    p.rule = rule.definition.name;
    p.severity = Severity::kInfo;
    bool since_known = rule.defined_since != Time{};
    p.summary = rule.definition.enabled ? "" : "disabled at its source, ";
    p.summary += since_known ? "defined " + Days(in.now - rule.defined_since) + ", " : "";
    p.summary += last_start ? "last fired " + FormatRfc3339(*last_start).substr(0, 10) + " (" +
                                  Days(in.now - *last_start) + " ago)"
                            : "never fired";
    p.evidence = DefinitionEvidence(rule);
    p.evidence["quiet_for"] = FormatDuration(quiet);
    p.evidence["last_episode_start"] =
        last_start ? nlohmann::json(FormatRfc3339(*last_start)) : nlohmann::json();
    std::string place = DefinitionPlace(rule);
    if (!rule.definition.enabled) {
      p.fix.text = "enable it if it is still wanted, or delete it" +
                   (place.empty() ? std::string() : " from " + place);
      return p;
    }
    p.fix.text =
        "confirm it can still fire (does its metric have series? see stale/dead-metric; is the "
        "threshold reachable?), or delete it" +
        (place.empty() ? std::string() : " from " + place);
    return p;
  }
};

}  // namespace

const Check& StaleNeverFired() {
  static const StaleNeverFiredCheck kCheck;
  return kCheck;
}

}  // namespace nagame::rules::checks
