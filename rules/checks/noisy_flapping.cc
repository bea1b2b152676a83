// noisy/flapping: most episodes are short, or instances re-fire soon after resolving.
#include "rules/checks/checks.h"
#include "rules/replay.h"
#include "rules/rule_history.h"

namespace nagame::rules::checks {
namespace {

class NoisyFlappingCheck : public Check {
 public:
  std::string_view id() const override { return "noisy/flapping"; }
  Category category() const override { return Category::kNoisy; }
  std::string_view description() const override {
    return "flaps: at least short_fraction of episodes shorter than short, or an instance "
           "re-firing within refire_gap of resolving at least min_refires times";
  }
  nlohmann::json default_options() const override {
    return {{"short", "5m"},
            {"short_fraction", 0.5},
            {"min_episodes", 4},
            {"refire_gap", "30m"},
            {"min_refires", 3}};
  }

  Result<std::vector<Problem>> Run(const CheckInput& in, const CheckOptions& opt) const override {
    const Duration short_len = opt.Dur("short");
    const double short_fraction = opt.Number("short_fraction");
    const double min_episodes = opt.Number("min_episodes");
    const Duration refire_gap = opt.Dur("refire_gap");
    const double min_refires = opt.Number("min_refires");
    std::vector<Problem> out;
    for (const auto& [key, group] : GroupByRule(in.episodes, in.window, in.now)) {
      std::vector<const Episode*> started;
      for (const Episode* e : group.episodes) {
        if (in.window.Contains(e->starts_at)) started.push_back(e);
      }
      if (started.empty()) continue;
      std::vector<Duration> lengths;
      int64_t short_count = 0;
      for (const Episode* e : started) {
        lengths.push_back(e->Length(in.now));
        short_count += e->Length(in.now) < short_len;
      }
      // Re-fires per instance: a start within refire_gap of the same instance's previous end.
      std::map<std::string, int64_t> refires;
      std::map<std::string, Time> last_end;
      std::vector<Duration> gaps;
      for (const Episode* e : group.episodes) {
        auto prev = last_end.find(e->fingerprint);
        if (prev != last_end.end() && e->starts_at >= prev->second &&
            e->starts_at - prev->second <= refire_gap) {
          ++refires[InstanceName(*e)];
          gaps.push_back(e->starts_at - prev->second);
        }
        last_end[e->fingerprint] = e->Span(in.now).end;
      }
      int64_t worst_refires = 0;
      std::string worst_instance;
      for (const auto& [inst, n] : refires) {
        if (n > worst_refires) {
          worst_refires = n;
          worst_instance = inst;
        }
      }
      double fraction = static_cast<double>(short_count) / static_cast<double>(started.size());
      bool short_flaps =
          static_cast<double>(started.size()) >= min_episodes && fraction >= short_fraction;
      bool refire_flaps = worst_refires >= min_refires;
      if (!short_flaps && !refire_flaps) continue;

      const DefinedRule* def = FindDefinition(in, key);
      Duration current_for = def ? def->definition.for_duration : Duration::zero();
      Duration current_keep = def ? def->definition.keep_firing_for : Duration::zero();
      std::set<int64_t> keep_ids = ProtectedEpisodes(in, started);
      Problem p;
      p.source = key.first;
      p.rule = key.second;
      p.severity = Severity::kWarning;
      Duration median = QuantileDuration(lengths, 0.5).value_or(Duration::zero());
      p.summary = std::to_string(short_count) + " of " + std::to_string(started.size()) +
                  " episodes under " + FormatDuration(short_len) + ", median " +
                  FormatDuration(median);
      if (refire_flaps) {
        p.summary += "; " + worst_instance + " re-fired " + std::to_string(worst_refires) +
                     " times within " + FormatDuration(refire_gap);
      }
      p.evidence = {
          {"episodes", started.size()},
          {"short_episodes", short_count},
          {"short_fraction", fraction},
          {"median_seconds", ToSeconds(median)},
          {"p90_seconds", ToSeconds(QuantileDuration(lengths, 0.9).value_or(Duration::zero()))},
          {"max_refires_per_instance", worst_refires},
          {"current_for", FormatDuration(current_for)},
          {"examples", ExampleEpisodes(started, 3, in.now)}};
      TimingChange change{current_for, std::nullopt, current_keep, std::nullopt};
      if (auto suggested = SuggestFor(started, current_for, keep_ids, in.now)) {
        change.new_for = *suggested;
      } else if (!gaps.empty()) {
        // Short episodes are ones people stood by: hold the alert across the gaps instead.
        Duration gap = QuantileDuration(gaps, 0.9).value_or(refire_gap);
        change.new_keep_firing_for = std::max<Duration>(
            std::chrono::minutes(1), std::chrono::ceil<std::chrono::minutes>(gap));
      }
      if (!change.new_for && !change.new_keep_firing_for) {
        p.fix.text =
            "no timing change removes these flaps without losing an acked episode: "
            "fix the condition (smooth it with avg_over_time, or add hysteresis)";
      } else {
        Replay replay = ReplayTiming(started, change, keep_ids, in.now);
        p.fix.text = "set " + DescribeChange(change) + ": " + DescribeReplay(replay);
        p.fix.yaml = RuleYamlWithTiming(p.rule, def, change.new_for, change.new_keep_firing_for);
        p.fix.replay = replay;
      }
      out.push_back(std::move(p));
    }
    return out;
  }
};

}  // namespace

const Check& NoisyFlapping() {
  static const NoisyFlappingCheck kCheck;
  return kCheck;
}

}  // namespace nagame::rules::checks
