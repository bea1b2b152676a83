// Replays a rule-timing change over recorded episodes (design §5): what `for:` or
// `keep_firing_for:` set differently would have done to the window's episodes and
// notifications, and whether any acked or incident-linked episode would have been lost.
//
// Model. Prometheus sends an alert's startsAt as the moment it started firing, after its
// condition had held for the rule's `for`. An episode of length L under `for: F` therefore had
// its condition true for L + F; under `for: F2` it fires only if L + F ≥ F2, and is shorter by
// F2 − F. Under `keep_firing_for: K` episodes of one instance separated by less than K merge.
#pragma once

#include <set>
#include <vector>

#include "rules/episode.h"
#include "rules/problem.h"

namespace nagame::rules {

struct TimingChange {
  Duration current_for{0};
  std::optional<Duration> new_for;  // unset: unchanged
  Duration current_keep_firing_for{0};
  std::optional<Duration> new_keep_firing_for;  // unset: unchanged
};

// Episodes are one rule's, in any order. `protected_ids` are the ids of episodes someone
// acked or linked to an incident. `now` ends open episodes.
Replay ReplayTiming(const std::vector<const Episode*>& episodes, const TimingChange& change,
                    const std::set<int64_t>& protected_ids, Time now);

// The smallest "nice" `for:` (1m, 2m, 3m, 5m, 10m, 15m, 20m, 30m, 1h) above `current_for` that
// removes at least `min_removed_fraction` of the episodes without losing a protected one; if
// every candidate that reaches the fraction loses one, the largest candidate that loses none.
// nullopt when no candidate removes anything without loss.
std::optional<Duration> SuggestFor(const std::vector<const Episode*>& episodes,
                                   Duration current_for, const std::set<int64_t>& protected_ids,
                                   Time now, double min_removed_fraction = 0.5);

// What the replay says, for fixes: "would have removed 20 of 24 notifications, alerting 2m
// later; losing 0 of 1 acked episodes (1 still fired, 2m later)".
std::string DescribeReplay(const Replay& r);

// "for: 10m" / "keep_firing_for: 15m" / both, for Replay::change and fixes.
std::string DescribeChange(const TimingChange& change);

}  // namespace nagame::rules
