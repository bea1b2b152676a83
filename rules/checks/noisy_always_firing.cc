// noisy/always-firing: an instance of the rule fires for most of the window: a state, not an event.
#include <cmath>

#include "rules/checks/checks.h"
#include "rules/rule_history.h"

namespace nagame::rules::checks {
namespace {

std::string Percent(double fraction) { return std::to_string(std::lround(fraction * 100)) + "%"; }

class NoisyAlwaysFiringCheck : public Check {
 public:
  std::string_view id() const override { return "noisy/always-firing"; }
  Category category() const override { return Category::kNoisy; }
  std::string_view description() const override {
    return "an instance fires for at least min_duty_cycle of the window (the union of its "
           "episodes); the rule-level duty cycle is reported alongside";
  }
  nlohmann::json default_options() const override { return {{"min_duty_cycle", 0.5}}; }

  Result<std::vector<Problem>> Run(const CheckInput& in, const CheckOptions& opt) const override {
    const double min_duty = opt.Number("min_duty_cycle");
    // A window still under way is judged on the part that has passed.
    const Window span = Elapsed(in.window, in.now);
    std::vector<Problem> out;
    if (span.length() <= Duration::zero()) return out;
    for (const auto& [key, group] : GroupByRule(in.episodes, span, in.now)) {
      // Per instance (fingerprint): its episodes and their spans.
      std::map<std::string, std::vector<const Episode*>> episodes;
      std::map<std::string, std::vector<Interval>> spans;
      for (const Episode* e : group.episodes) {
        episodes[e->fingerprint].push_back(e);
        spans[e->fingerprint].push_back(e->Span(in.now));
      }
      std::string worst;
      double worst_duty = -1;
      int64_t over = 0;
      for (const auto& [fingerprint, list] : spans) {
        double duty = DutyCycle(list, span.interval());
        over += duty >= min_duty;
        if (duty > worst_duty) {
          worst_duty = duty;
          worst = fingerprint;
        }
      }
      if (worst_duty < min_duty) continue;
      const double rule_duty = DutyCycle(group.Spans(span, in.now), span.interval());
      const std::vector<const Episode*>& worst_episodes = episodes[worst];
      const std::string instance = InstanceName(*worst_episodes.front());
      const bool firing_now = !worst_episodes.back()->ends_at.has_value();

      Problem p;
      p.source = key.first;
      p.rule = key.second;
      p.severity = Severity::kWarning;
      p.summary = instance + " firing " + Percent(worst_duty) + " of " +
                  FormatDuration(span.length()) + " (rule " + Percent(rule_duty) + "; " +
                  std::to_string(over) + " of " + std::to_string(spans.size()) + " instances ≥ " +
                  Percent(min_duty) + ")";
      p.evidence = {{"duty_cycle", rule_duty},
                    {"worst_instance", instance},
                    {"worst_instance_duty_cycle", worst_duty},
                    {"worst_instance_firing_seconds",
                     ToSeconds(CoveredDuration(spans[worst], span.interval()))},
                    {"worst_instance_firing_now", firing_now},
                    {"instances", spans.size()},
                    {"instances_over_threshold", over},
                    {"window_seconds", ToSeconds(span.length())},
                    {"examples", ExampleEpisodes(worst_episodes, 3, in.now)}};
      p.fix.text = "it is a state, not an event: fix the cause on " + instance +
                   ", or change the condition (raise the threshold, or alert on a change "
                   "instead of a level); if it is only informational, show it on a dashboard "
                   "or make it severity: info";
      // The rule as an informational alert; the expression is the one to rethink.
      const DefinedRule* def = FindDefinition(in, key);
      DefinedRule info = def ? *def : DefinedRule{};
      info.definition.labels["severity"] = "info";
      if (std::string y = RuleYamlWithTiming(p.rule, &info, std::nullopt, std::nullopt);
          !y.empty()) {
        p.fix.yaml = "# or keep it as information only, off the pager:\n" + y;
      }
      out.push_back(std::move(p));
    }
    return out;
  }
};

}  // namespace

const Check& NoisyAlwaysFiring() {
  static const NoisyAlwaysFiringCheck kCheck;
  return kCheck;
}

}  // namespace nagame::rules::checks
