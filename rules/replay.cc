// Timing-change replay over recorded episodes.
#include "rules/replay.h"

#include <algorithm>
#include <map>

namespace nagame::rules {
namespace {

struct Replayed {
  int64_t id;
  std::string instance;
  Time start, end;
  int64_t notifications;
  bool is_protected;
};

}  // namespace

std::string DescribeChange(const TimingChange& c) {
  std::string out;
  if (c.new_for) out += "for: " + FormatDuration(*c.new_for);
  if (c.new_keep_firing_for) {
    if (!out.empty()) out += ", ";
    out += "keep_firing_for: " + FormatDuration(*c.new_keep_firing_for);
  }
  return out;
}

std::string DescribeReplay(const Replay& r) {
  const bool later = r.detection_delay > Duration::zero();
  const int64_t kept = r.acked_episodes - r.acked_episodes_lost;
  std::string out = "would have removed " +
                    std::to_string(r.notifications_before - r.notifications_after) + " of " +
                    std::to_string(r.notifications_before) + " notifications";
  if (later) out += ", alerting " + FormatDuration(r.detection_delay) + " later";
  out += ", losing " + std::to_string(r.acked_episodes_lost) + " of " +
         std::to_string(r.acked_episodes) + " acked episodes";
  if (later && kept > 0) {
    out += " (" + std::to_string(kept) + " still fired, " + FormatDuration(r.detection_delay) +
           " later)";
  }
  return out;
}

Replay ReplayTiming(const std::vector<const Episode*>& episodes, const TimingChange& change,
                    const std::set<int64_t>& protected_ids, Time now) {
  Replay r;
  r.change = DescribeChange(change);
  const Duration delay = change.new_for ? *change.new_for - change.current_for : Duration::zero();
  const Duration keep =
      change.new_keep_firing_for ? *change.new_keep_firing_for : change.current_keep_firing_for;
  const Duration keep_delta = keep - change.current_keep_firing_for;
  r.detection_delay = std::max(delay, Duration::zero());
  std::map<std::string, std::vector<Replayed>> by_instance;
  for (const Episode* e : episodes) {
    const bool is_protected = protected_ids.count(e->id) > 0;
    r.episodes_before += 1;
    r.notifications_before += e->notifications;
    r.acked_episodes += is_protected;
    Interval span = e->Span(now);
    // Under a longer `for`, the firing starts `delay` later; a shorter one starts earlier.
    Time start = span.start + delay;
    Time end = span.end + (keep_delta > Duration::zero() ? keep_delta : Duration::zero());
    if (start >= span.end) {  // never fires under the new `for`
      r.acked_episodes_lost += is_protected;
      continue;
    }
    by_instance[e->fingerprint].push_back(
        {e->id, e->fingerprint, start, end, e->notifications, is_protected});
  }
  for (auto& [instance, list] : by_instance) {
    std::sort(list.begin(), list.end(),
              [](const Replayed& a, const Replayed& b) { return a.start < b.start; });
    // With keep_firing_for, an episode starting before the previous (extended) one ended is
    // the same firing: it sends no new notifications.
    Time open_until = Time::min();
    for (const Replayed& e : list) {
      if (keep > Duration::zero() && e.start <= open_until) {
        open_until = std::max(open_until, e.end);
        continue;
      }
      r.episodes_after += 1;
      r.notifications_after += e.notifications;
      open_until = e.end;
    }
  }
  return r;
}

std::optional<Duration> SuggestFor(const std::vector<const Episode*>& episodes,
                                   Duration current_for, const std::set<int64_t>& protected_ids,
                                   Time now, double min_removed_fraction) {
  using std::chrono::minutes;
  const Duration candidates[] = {minutes(1),  minutes(2),  minutes(3),  minutes(5), minutes(10),
                                 minutes(15), minutes(20), minutes(30), minutes(60)};
  std::optional<Duration> best_without_loss;
  for (Duration c : candidates) {
    if (c <= current_for) continue;
    TimingChange change{current_for, c};
    Replay r = ReplayTiming(episodes, change, protected_ids, now);
    if (r.acked_episodes_lost > 0) break;  // longer ones lose at least as much
    if (r.episodes_after < r.episodes_before) best_without_loss = c;
    double removed = r.episodes_before == 0 ? 0
                                            : 1.0 - static_cast<double>(r.episodes_after) /
                                                        static_cast<double>(r.episodes_before);
    if (removed >= min_removed_fraction) return c;
  }
  return best_without_loss;
}

}  // namespace nagame::rules
