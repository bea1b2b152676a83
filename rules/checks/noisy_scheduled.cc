// noisy/scheduled: most of a rule's episodes start in the same slot of the local day.
//
// The slot slides: it opens at each episode's local start minute, on the 24-hour circle, so a
// cluster around 02:00 is not split at 02:00 and one around midnight (23:50–00:10) is one slot.
// A burst on a single day is flapping, not a schedule: the slot must hold starts on min_days
// days. The suggested mute runs from the slot's first start (rounded down to 5 min) to its last
// start plus the p90 duration of its episodes (rounded up to 15 min), so alerts still firing
// when it ends are not notified late; longer than max_mute, only fixing the job is suggested.
#include <algorithm>
#include <set>

#include "rules/checks/checks.h"
#include "rules/rule_history.h"

namespace nagame::rules::checks {
namespace {

constexpr int kDay = 24 * 60;

struct LocalStart {
  int minute;
  const Episode* episode;
};

class NoisyScheduledCheck : public Check {
 public:
  std::string_view id() const override { return "noisy/scheduled"; }
  Category category() const override { return Category::kNoisy; }
  std::string_view description() const override {
    return "at least min_fraction of at least min_episodes episodes start in the same `slot` of "
           "the local day, on at least min_days days";
  }
  nlohmann::json default_options() const override {
    return {{"slot", "30m"},
            {"min_fraction", 0.7},
            {"min_episodes", 4},
            {"min_days", 2},
            {"max_mute", "4h"}};
  }

  Result<std::vector<Problem>> Run(const CheckInput& in, const CheckOptions& opt) const override {
    const int slot = std::clamp<int>(
        std::chrono::duration_cast<std::chrono::minutes>(opt.Dur("slot")).count(), 1, kDay);
    const double min_fraction = opt.Number("min_fraction");
    const double min_episodes = opt.Number("min_episodes");
    const double min_days = opt.Number("min_days");
    const int max_mute = std::min<int>(
        std::chrono::duration_cast<std::chrono::minutes>(opt.Dur("max_mute")).count(), kDay);
    std::vector<Problem> out;
    for (const auto& [key, group] : GroupByRule(in.episodes, in.window, in.now)) {
      std::vector<const Episode*> started = group.StartedWithin(in.window);
      const size_t n = started.size();
      if (n == 0 || static_cast<double>(n) < min_episodes) continue;
      std::vector<LocalStart> starts;
      for (const Episode* e : started)
        starts.push_back({in.zone.ToLocal(e->starts_at).minute_of_day, e});
      std::stable_sort(starts.begin(), starts.end(), [](const LocalStart& a, const LocalStart& b) {
        return a.minute < b.minute;
      });
      // Minute of the k-th start on the circle unrolled twice; the best slot opens at best_i
      // and holds starts best_i … best_j - 1 (indices mod n).
      auto unrolled = [&](size_t k) { return starts[k % n].minute + (k >= n ? kDay : 0); };
      size_t best_i = 0, best_j = 0;
      for (size_t i = 0, j = 0; i < n; ++i) {
        j = std::max(j, i);
        while (j < i + n && unrolled(j) < starts[i].minute + slot) ++j;
        if (j - i > best_j - best_i) {
          best_i = i;
          best_j = j;
        }
      }
      std::vector<const Episode*> in_slot;
      std::vector<Duration> lengths;
      std::set<int64_t> days;
      for (size_t k = best_i; k < best_j; ++k) {
        const Episode* e = starts[k % n].episode;
        in_slot.push_back(e);
        lengths.push_back(e->Length(in.now));
        days.insert(in.zone.ToLocal(e->starts_at).day_number);
      }
      const size_t count = in_slot.size();
      if (static_cast<double>(count) < min_fraction * static_cast<double>(n) ||
          static_cast<double>(days.size()) < min_days) {
        continue;
      }
      std::sort(in_slot.begin(), in_slot.end(),
                [](const Episode* a, const Episode* b) { return a->starts_at < b->starts_at; });
      const int first = starts[best_i].minute;
      const int last = unrolled(best_j - 1);  // may pass 1440
      const Duration p90 = QuantileDuration(lengths, 0.9).value_or(Duration::zero());
      const int mute_start = first - first % 5;
      int mute_end = last + static_cast<int>(std::chrono::ceil<std::chrono::minutes>(p90).count());
      mute_end = std::max(mute_start + 15, (mute_end + 14) / 15 * 15);
      const std::string starts_text = first == last
                                          ? "at " + FormatClock(first)
                                          : FormatClock(first) + "–" + FormatClock(last % kDay);
      const std::string mute_text =
          FormatClock(mute_start) + "–" + FormatClock(mute_end % kDay) + " " + in.zone.name;

      Problem p;
      p.source = key.first;
      p.rule = key.second;
      p.severity = Severity::kWarning;
      p.summary = std::to_string(count) + " of " + std::to_string(n) + " episodes start " +
                  starts_text + " " + in.zone.name + ", on " + std::to_string(days.size()) +
                  " days";
      p.evidence = {{"episodes", n},
                    {"in_slot", count},
                    {"fraction", static_cast<double>(count) / static_cast<double>(n)},
                    {"days", days.size()},
                    {"first_start", FormatClock(first)},
                    {"last_start", FormatClock(last % kDay)},
                    {"zone", in.zone.name},
                    {"p90_seconds", ToSeconds(p90)},
                    {"examples", ExampleEpisodes(in_slot, 3, in.now)}};
      if (mute_end - mute_start > max_mute) {
        p.fix.text = "fix the job that runs at " + FormatClock(first) + " " + in.zone.name +
                     ": its alerts last too long to mute (p90 " + FormatDuration(p90) + ")";
      } else {
        const std::string name = p.rule + "-slot";
        p.fix.text = "mute it " + mute_text + " every day, or fix the job that runs then";
        p.fix.yaml = "# alertmanager.yml\n" +
                     TimeIntervalYaml(name, mute_start, mute_end, {}, in.zone.name) +
                     ChildRouteYaml({p.rule},
                                    {"mute_time_intervals: [" + nlohmann::json(name).dump() + "]"});
      }
      out.push_back(std::move(p));
    }
    return out;
  }
};

}  // namespace

const Check& NoisyScheduled() {
  static const NoisyScheduledCheck kCheck;
  return kCheck;
}

}  // namespace nagame::rules::checks
