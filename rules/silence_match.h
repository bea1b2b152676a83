// Alertmanager silence semantics over plain values: which silences are active, whether a
// silence's matchers match an alert's labels, and how a silence is written in a finding.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/alert_event.h"
#include "rules/episode.h"
#include "rules/promql/regex.h"
#include "rules/review_records.h"

namespace nagame::rules {

// Whether `s` mutes alerts at `now`: starts_at ≤ now < ends_at, and Alertmanager did not
// report it "expired" or "pending" (an empty state is judged by the times alone).
bool IsActiveSilence(const Silence& s, Time now);

// A silence's matchers, compiled once and evaluated the way Alertmanager does: `=` and `!=`
// compare the label value (a missing label has the value ""); `=~` and `!~` match the whole
// value against an RE2 pattern (full-anchored: `^(?:pattern)$`). An alert is matched when
// every matcher matches. Cheap to copy.
class SilenceMatchers {
 public:
  // Never fails: a pattern that is not valid RE2 (Alertmanager refuses those, but silences are
  // read from outside) makes its matcher unknown, and Matches() then answers nullopt for labels
  // that reach it.
  explicit SilenceMatchers(const std::vector<SilenceMatcher>& matchers);

  // true / false, or nullopt when a regex that could not be compiled decides the answer (a
  // false matcher anywhere still gives false).
  std::optional<bool> Matches(const Labels& labels) const;

 private:
  struct Compiled {
    SilenceMatcher matcher;
    std::optional<promql::Regex> regex;  // for =~ / !~; unset when the pattern is invalid
  };
  std::vector<Compiled> matchers_;
};

// The labels an alert of `e` carried, with `alertname` filled from the rule when the source
// did not send it.
Labels AlertLabels(const Episode& e);

// The matchers as Alertmanager prints them: `{alertname="HighCPU", job=~"node|kube"}`.
std::string FormatMatchers(const std::vector<SilenceMatcher>& matchers);

// The rule a silence is about: the value of its `alertname="…"` matcher, or "" when it has none.
std::string SilencedRule(const Silence& s);

// How findings name a silence: `silence 1a2b3c4d {alertname="HighCPU"}` (the id cut to 8
// characters; fixes quote the whole id).
std::string DescribeSilence(const Silence& s);

// Evidence about a silence: id, matchers, created_by, comment, starts_at, ends_at, and how
// long it has been active at `now`.
nlohmann::json SilenceEvidence(const Silence& s, Time now);

// The command that ends it: "amtool silence expire <id>".
std::string ExpireCommand(const Silence& s);

}  // namespace nagame::rules
