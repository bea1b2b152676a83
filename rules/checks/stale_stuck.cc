// stale/stuck: an instance that has been firing without a break for at least min_duration.
#include <algorithm>

#include "rules/checks/checks.h"
#include "rules/rule_history.h"

namespace nagame::rules::checks {
namespace {

class StaleStuckCheck : public Check {
 public:
  std::string_view id() const override { return "stale/stuck"; }
  Category category() const override { return Category::kStale; }
  std::string_view description() const override {
    return "one instance firing continuously (one episode, open or resolved in the window) for "
           "at least min_duration";
  }
  nlohmann::json default_options() const override { return {{"min_duration", "7d"}}; }

  Result<std::vector<Problem>> Run(const CheckInput& in, const CheckOptions& opt) const override {
    const Duration min_duration = opt.Dur("min_duration");
    std::vector<Problem> out;
    for (const auto& [key, group] : GroupByRule(in.episodes, in.window, in.now)) {
      std::vector<const Episode*> stuck;
      for (const Episode* e : group.episodes) {
        if (e->Length(in.now) >= min_duration) stuck.push_back(e);
      }
      if (stuck.empty()) continue;
      std::stable_sort(stuck.begin(), stuck.end(), [&in](const Episode* a, const Episode* b) {
        return a->Length(in.now) > b->Length(in.now);
      });
      out.push_back(Describe(in, key, stuck, min_duration));
    }
    return out;
  }

 private:
  // REQUIRES: `stuck` is non-empty, longest first.
  static Problem Describe(const CheckInput& in, const RuleKey& key,
                          const std::vector<const Episode*>& stuck, Duration min_duration) {
    const Episode& longest = *stuck.front();
    std::set<int64_t> acked = ProtectedEpisodes(in, stuck);
    int64_t open = std::count_if(stuck.begin(), stuck.end(),
                                 [](const Episode* e) { return !e->ends_at.has_value(); });
    Problem p;
    p.source = key.first;
    p.rule = key.second;
    p.severity = Severity::kWarning;
    std::string instance = InstanceName(longest);
    std::string days =
        FormatDuration(std::chrono::floor<std::chrono::hours>(longest.Length(in.now)));
    p.summary =
        instance + " firing for " + days +
        (longest.ends_at ? " (resolved " + FormatRfc3339(*longest.ends_at).substr(0, 10) + ")"
                         : " (still firing)") +
        (acked.count(longest.id) ? "" : " without an ack");
    if (stuck.size() > 1) {
      p.summary += "; " + std::to_string(stuck.size()) + " instances firing ≥ " +
                   FormatDuration(min_duration);
    }
    p.evidence = {{"instances", stuck.size()},
                  {"still_firing", open},
                  {"acked", acked.size()},
                  {"longest_instance", instance},
                  {"longest_seconds", ToSeconds(longest.Length(in.now))},
                  {"firing_since", FormatRfc3339(longest.starts_at)},
                  {"examples", ExampleEpisodes(stuck, 3, in.now)}};
    p.fix.text = "fix the cause on " + instance + " (firing since " +
                 FormatRfc3339(longest.starts_at).substr(0, 10) +
                 "), or change the rule: a condition true for " + days +
                 " is a state, not an event (put it on a dashboard, or alert on the change)";
    return p;
  }
};

}  // namespace

const Check& StaleStuck() {
  static const StaleStuckCheck kCheck;
  return kCheck;
}

}  // namespace nagame::rules::checks
