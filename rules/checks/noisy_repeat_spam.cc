// noisy/repeat-spam: a rule's episodes are notified again and again while they fire.
//
// The fix's replay is an estimate: under `repeat_interval: R` an episode lasting D would have
// been notified max(1, ceil(D / R)) times (at 0, R, 2R, …), and never more than it was. It
// ignores the resolved notification, group_interval and HA duplicates, so it is a floor of
// what is sent, not a prediction; a longer repeat interval never loses an episode (its first
// notification still goes out), so no acked episode is lost.
#include <algorithm>
#include <cmath>

#include "rules/checks/checks.h"
#include "rules/rule_history.h"

namespace nagame::rules::checks {
namespace {

class NoisyRepeatSpamCheck : public Check {
 public:
  std::string_view id() const override { return "noisy/repeat-spam"; }
  Category category() const override { return Category::kNoisy; }
  std::string_view description() const override {
    return "episodes overlapping the window were notified min_average_notifications times or "
           "more on average; suggests repeat_interval with an estimate of what it saves";
  }
  nlohmann::json default_options() const override {
    return {{"min_average_notifications", 10}, {"repeat_interval", "12h"}};
  }

  Result<std::vector<Problem>> Run(const CheckInput& in, const CheckOptions& opt) const override {
    const double min_average = opt.Number("min_average_notifications");
    const Duration repeat = opt.Dur("repeat_interval");
    if (repeat <= Duration::zero()) {
      return InvalidArgument("repeat_interval must be positive", "repeat_interval");
    }
    std::vector<Problem> out;
    for (const auto& [key, group] : GroupByRule(in.episodes, in.window, in.now)) {
      const std::vector<const Episode*>& episodes = group.episodes;
      Replay replay;
      replay.change = "repeat_interval: " + FormatDuration(repeat);
      std::vector<Duration> gaps;  // observed time between an episode's notifications
      for (const Episode* e : episodes) {
        const Duration length = e->Length(in.now);
        const int64_t estimate = std::max<int64_t>(1, (length + repeat - Duration(1)) / repeat);
        replay.notifications_before += e->notifications;
        replay.notifications_after += std::min(e->notifications, estimate);
        if (e->notifications > 1) gaps.push_back(length / (e->notifications - 1));
      }
      const double average =
          static_cast<double>(replay.notifications_before) / static_cast<double>(episodes.size());
      if (average < min_average) continue;
      replay.episodes_before = replay.episodes_after = static_cast<int64_t>(episodes.size());
      replay.acked_episodes = static_cast<int64_t>(ProtectedEpisodes(in, episodes).size());
      const Duration every = std::chrono::round<std::chrono::seconds>(
          QuantileDuration(gaps, 0.5).value_or(Duration::zero()));

      std::vector<const Episode*> loudest = episodes;
      std::stable_sort(loudest.begin(), loudest.end(), [](const Episode* a, const Episode* b) {
        return a->notifications > b->notifications;
      });
      Problem p;
      p.source = key.first;
      p.rule = key.second;
      p.severity = Severity::kWarning;
      p.summary = std::to_string(std::llround(average)) + " notifications per episode (" +
                  std::to_string(replay.notifications_before) + " for " +
                  std::to_string(episodes.size()) + " episodes), about every " +
                  FormatDuration(every);
      p.evidence = {{"episodes", episodes.size()},
                    {"notifications", replay.notifications_before},
                    {"average_notifications", average},
                    {"median_seconds_between_notifications", ToSeconds(every)},
                    {"estimate", "max(1, ceil(duration / repeat_interval)) per episode"},
                    {"examples", ExampleEpisodes(loudest, 3, in.now)}};
      if (replay.notifications_after >= replay.notifications_before) {
        p.fix.text =
            "its episodes simply last long: fix what keeps it firing (a longer "
            "repeat_interval than " +
            FormatDuration(repeat) + " would not send fewer)";
      } else {
        p.fix.text = "set " + replay.change + " on its route: about " +
                     std::to_string(replay.notifications_after) + " instead of " +
                     std::to_string(replay.notifications_before) +
                     " notifications (estimate), no episode lost; or fix what keeps it firing";
        p.fix.yaml = "# alertmanager.yml\n" + ChildRouteYaml({p.rule}, {replay.change});
        p.fix.replay = replay;
      }
      out.push_back(std::move(p));
    }
    return out;
  }
};

}  // namespace

const Check& NoisyRepeatSpam() {
  static const NoisyRepeatSpamCheck kCheck;
  return kCheck;
}

}  // namespace nagame::rules::checks
