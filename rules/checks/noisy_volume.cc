// noisy/volume: a rule that fires too often, or much more often than the window before. Routing
// it to a ticket queue is suggested only when the responders' labels say it is noise
// (rules/precision.h).
#include "rules/checks/checks.h"
#include "rules/precision.h"
#include "rules/rule_history.h"

namespace nagame::rules::checks {
namespace {

class NoisyVolumeCheck : public Check {
 public:
  std::string_view id() const override { return "noisy/volume"; }
  Category category() const override { return Category::kNoisy; }
  std::string_view description() const override {
    return "fires often: at least min_episodes new episodes in the window, or growth_factor "
           "times the previous window and at least growth_min_episodes";
  }
  nlohmann::json default_options() const override {
    nlohmann::json options = {
        {"min_episodes", 10}, {"growth_factor", 2.0}, {"growth_min_episodes", 5}};
    options.update(PrecisionGateDefaults());
    return options;
  }

  Result<std::vector<Problem>> Run(const CheckInput& in, const CheckOptions& opt) const override {
    const double min_episodes = opt.Number("min_episodes");
    const double growth_factor = opt.Number("growth_factor");
    const double growth_min = opt.Number("growth_min_episodes");
    auto current = GroupByRule(in.episodes, in.window, in.now);
    auto previous = GroupByRule(in.episodes, in.window.Previous(), in.now);
    std::map<RuleKey, RulePrecision> precision;  // only when there is a finding
    std::vector<Problem> out;
    for (const auto& [key, group] : current) {
      int64_t now_count = group.StartedIn(in.window);
      auto prev_it = previous.find(key);
      int64_t prev_count =
          prev_it == previous.end() ? 0 : prev_it->second.StartedIn(in.window.Previous());
      bool too_many = now_count >= min_episodes;
      bool grew = now_count >= growth_min && now_count >= growth_factor * prev_count;
      if (!too_many && !grew) continue;
      if (precision.empty()) precision = PrecisionByRule(in);
      out.push_back(
          Describe(in, group, now_count, prev_count, PrecisionOf(precision, in, key), opt));
    }
    return out;
  }

 private:
  static Problem Describe(const CheckInput& in, const RuleEpisodes& group, int64_t count,
                          int64_t previous, const RulePrecision& precision,
                          const CheckOptions& opt) {
    std::map<std::string, int64_t> per_instance;
    std::vector<const Episode*> started;
    for (const Episode* e : group.episodes) {
      if (!in.window.Contains(e->starts_at)) continue;
      ++per_instance[InstanceName(*e)];
      started.push_back(e);
    }
    auto top = std::max_element(per_instance.begin(), per_instance.end(),
                                [](const auto& a, const auto& b) { return a.second < b.second; });
    Problem p;
    p.source = group.key.first;
    p.rule = group.key.second;
    p.severity = Severity::kWarning;
    p.summary = std::to_string(count) + " episodes in " + FormatDuration(in.window.length()) +
                " (previous " + std::to_string(previous) + ") on " +
                std::to_string(per_instance.size()) + " instances";
    p.evidence = {{"episodes", count},
                  {"previous_episodes", previous},
                  {"instances", per_instance.size()},
                  {"top_instance", top->first},
                  {"top_instance_episodes", top->second},
                  {"examples", ExampleEpisodes(started, 3, in.now)}};
    bool one_instance = per_instance.size() > 1 && top->second * 2 > count;
    p.fix.text = one_instance
                     ? "most episodes come from " + top->first +
                           ": fix that instance, or raise the threshold"
                     : "raise the threshold or aggregate (sum by service), or route it to a "
                       "ticket queue instead of paging";
    p.fix.yaml = TicketRouteYaml(p.rule);
    GateRemoval(p, precision, opt, in.now,
                one_instance ? p.fix.text : "raise the threshold or aggregate (sum by service)");
    return p;
  }
};

}  // namespace

const Check& NoisyVolume() {
  static const NoisyVolumeCheck kCheck;
  return kCheck;
}

}  // namespace nagame::rules::checks
