// Episodes grouped per rule for a window: the view most checks and the inventory start from.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
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
  // The ones that started inside the window, in start order.
  std::vector<const Episode*> StartedWithin(const Window& w) const;
  // Their spans clipped to the window (open episodes run until `now`).
  std::vector<Interval> Spans(const Window& w, Time now) const;
};

// Groups `episodes` overlapping `window` by (source, rule). Pointers refer into `episodes`.
std::map<RuleKey, RuleEpisodes> GroupByRule(const std::vector<Episode>& episodes,
                                            const Window& window, Time now);

// An instance's display name: its `instance` label, else `pod`, `job`, else the fingerprint.
std::string InstanceName(const Episode& e);

// The most frequent value of `label` on `episodes` (ties: the smallest value), or "".
std::string MostCommonLabel(const std::vector<const Episode*>& episodes, const char* label);

// The team an episode belongs to: its `team` label, else `owner`, else "unowned".
std::string TeamOf(const Episode& e);

// The part of `w` that has passed at `now`: [from, now) when `now` falls inside it.
Window Elapsed(const Window& w, Time now);

// A rate for people: one decimal, without a trailing ".0" ("2.4", "3").
std::string FormatDecimal(double x);

// `counts` ranked for evidence and fixes: largest first, ties by name, at most `n`.
std::vector<std::pair<std::string, int64_t>> TopCounts(const std::map<std::string, int64_t>& counts,
                                                       size_t n);

// Up to `n` example episodes as JSON (id, instance, starts_at, ends_at, duration) for evidence.
nlohmann::json ExampleEpisodes(const std::vector<const Episode*>& episodes, size_t n, Time now);

// The definition of (source, rule) in `in.rules`, or nullptr. A definition matches any source
// when the rule name is unique.
const DefinedRule* FindDefinition(const CheckInput& in, const RuleKey& key);

// Ids of `episodes` that people stood by: acked (by episode id, or an ack of the rule made
// while the episode was firing, up to `grace` after it ended) or linked to an incident.
std::set<int64_t> ProtectedEpisodes(const CheckInput& in,
                                    const std::vector<const Episode*>& episodes,
                                    Duration grace = std::chrono::hours(1));

// A rule snippet for `definition` with `for`/`keep_firing_for` replaced (YAML, 2-space indent);
// a generic one naming only the rule when it has no definition. A definition with an empty
// expr (one a check made up to show labels to add) shows `expr: ...  # unchanged`. "" for a
// definition in another language than PromQL (NRQL, KQL, …): a Prometheus rule would not fit.
std::string RuleYamlWithTiming(const std::string& rule, const DefinedRule* definition,
                               std::optional<Duration> new_for,
                               std::optional<Duration> new_keep_firing_for);

// OK when `input` could be read; else kUnavailable "<what> unavailable: <its cause>", the
// "unable to run" a check returns when it lacks that input.
Status RequireInput(const Availability& input, std::string_view what);

// For a check that reads rule expressions as PromQL: OK when `rules` is empty or has a PromQL
// rule (the check then looks at those only); else kUnavailable "does not apply to NRQL rules
// (3 rules; none is PromQL)" naming each language present, so the check never guesses.
Status RequirePromQLRules(const std::vector<DefinedRule>& rules);
bool IsPromQL(const DefinedRule& rule);

// Where a rule is defined, for people: "rules/k8s.yml:42", the file alone when the line is
// unknown, "" when neither is.
std::string DefinitionPlace(const DefinedRule& rule);

// Evidence about a definition: expr, file, line, group, defined_since (null when unknown);
// `language` when it is not PromQL and `enabled: false` for a rule disabled at its source.
nlohmann::json DefinitionEvidence(const DefinedRule& rule);

// An alert name (CamelCase, [A-Za-z0-9] only) made from free text plus `suffix`:
// ("checkout-api", "HighErrorRatio") → "CheckoutApiHighErrorRatio". Text that starts with a
// digit or has no letters gets "Alert" in front so the name stays valid.
std::string AlertNameFrom(std::string_view text, std::string_view suffix = "");

// Alertmanager config snippets for fixes: fragments of a valid alertmanager.yml.

// A matcher on alertname as an item of a YAML flow list: 'alertname="HighCPU"' for one rule,
// 'alertname=~"A|B"' (names regex-escaped) for several. REQUIRES: !rules.empty().
std::string AlertnameMatcher(const std::vector<std::string>& rules);

// A child route for `rules` with `settings` ("key: value" each), to nest under the route that
// delivers them today (a route without a receiver inherits its parent's):
//   route:
//     routes:
//       - matchers: ['alertname="X"']
//         key: value
std::string ChildRouteYaml(const std::vector<std::string>& rules,
                           const std::vector<std::string>& settings);

// A commented route that sends `rule` to a `ticket-queue` receiver at most once a day.
std::string TicketRouteYaml(const std::string& rule);

// "HH:MM" for a minute of the day, 0 … 1440 ("24:00" ends a day in time_intervals).
std::string FormatClock(int minute_of_day);

// A top-level `time_intervals:` block with one interval `name`: local clock
// [start_minute, end_minute) on `weekdays` (0 = Sunday; empty: every day) in the IANA zone
// `location`. An end past 1440 wraps past midnight: the rest becomes a second range on the
// following weekdays. REQUIRES: 0 ≤ start_minute < end_minute ≤ start_minute + 1440.
std::string TimeIntervalYaml(const std::string& name, int start_minute, int end_minute,
                             const std::vector<int>& weekdays, const std::string& location);

}  // namespace nagame::rules
