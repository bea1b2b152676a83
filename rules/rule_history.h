// Episodes grouped per rule for a window: the view most checks and the inventory start from.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "rules/check.h"

namespace nagame::rules {

using RuleKey = std::pair<std::string, std::string>;  // (source, rule)

// Episodes of one rule that overlap a window, ordered by start.
struct RuleEpisodes {
  RuleKey key;
  std::vector<const Episode*> episodes;
  // How many of them started inside the window (new firings, as opposed to carried over).
  int64_t StartedIn(const Window& w) const;
  // Their spans clipped to the window (open episodes run until `now`).
  std::vector<Interval> Spans(const Window& w, Time now) const;
};

// Groups `episodes` overlapping `window` by (source, rule). Pointers refer into `episodes`.
std::map<RuleKey, RuleEpisodes> GroupByRule(const std::vector<Episode>& episodes,
                                            const Window& window, Time now);

// An instance's display name: its `instance` label, else `pod`, `job`, else the fingerprint.
std::string InstanceName(const Episode& e);

// Up to `n` example episodes as JSON (id, instance, starts_at, ends_at, duration) for evidence.
nlohmann::json ExampleEpisodes(const std::vector<const Episode*>& episodes, size_t n, Time now);

// The definition of (source, rule) in `in.rules`, or nullptr. A definition matches any source
// when the rule name is unique.
const DefinedRule* FindDefinition(const CheckInput& in, const RuleKey& key);

}  // namespace nagame::rules
