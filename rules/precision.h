// Precision per rule: how often responders found a rule's alerts actionable, with the
// uncertainty of that rate, and the gate that keeps `delete` and `route to ticket` suggestions
// for rules the evidence condemns (issue 19). Pure: plain values in, plain values out.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/check.h"

namespace nagame::rules {

// `hits` of `n` with a two-sided Wilson score interval [low, high].
struct Proportion {
  int64_t hits = 0;
  int64_t n = 0;
  double low = 0.0;   // 0 when n == 0
  double high = 1.0;  // 1 when n == 0
  // hits / n; 0 when n == 0 (check n first: nothing was measured).
  double rate() const { return n == 0 ? 0.0 : static_cast<double>(hits) / static_cast<double>(n); }
};

// The Wilson score interval of `hits` of `n` at the confidence `z` stands for (the default is
// 90%, two-sided). n == 0 gives [0, 1]: no evidence either way.
// REQUIRES: 0 <= hits <= n.
Proportion WilsonInterval(int64_t hits, int64_t n, double z = 1.6448536269514722);

// A rule's labels over a span: each episode someone acked or linked to an incident counts as
// one actionable label, each feedback vote as one label (actionable, noise or duplicate).
struct RulePrecision {
  Proportion actionable;  // actionable labels of all labels
  int64_t acked_episodes = 0;
  int64_t noise_votes = 0;
  int64_t duplicate_votes = 0;
  // Episodes without an ack or incident, to ask the responders about first: the most recent,
  // then the longest when it is longer than that one.
  std::vector<const Episode*> to_label;
};

// `episodes` are the rule's (one source, or all sources of a name), in start order; feedback
// names a rule by name only and counts when made inside `span`.
RulePrecision MeasurePrecision(const CheckInput& in, const std::string& rule,
                               const std::vector<const Episode*>& episodes, const Window& span);

// Every rule's precision over the span labels count in, [history_from, window.to) so far (the
// span noisy/feedback counts votes in), keyed (source, rule); a rule without episodes in that
// span is absent (MeasurePrecision with no episodes gives its feedback alone).
std::map<std::pair<std::string, std::string>, RulePrecision> PrecisionByRule(const CheckInput& in);
// `by_rule`'s entry for `key`, else the rule's feedback alone.
RulePrecision PrecisionOf(
    const std::map<std::pair<std::string, std::string>, RulePrecision>& by_rule,
    const CheckInput& in, const std::pair<std::string, std::string>& key);
Window LabelSpan(const CheckInput& in);

// The gate's two options, shared by every check that may suggest `delete` or `route to
// ticket`; each such check adds PrecisionGateDefaults() to its default_options() (the one
// declaration of both defaults):
//   max_actionable (0.2): the interval's upper bound must be below it. Lower is stricter.
//   min_labelled (5): at least this many labels. Higher asks the responders more often.
nlohmann::json PrecisionGateDefaults();

// Whether the labels condemn the rule: at least min_labelled labels and the upper bound of the
// actionable rate below max_actionable, both read from `options`.
bool NoiseIsEstablished(const RulePrecision& p, const CheckOptions& options);

// Gates a finding whose fix deletes the rule or routes it to a ticket: adds the evidence
// "precision"; unless NoiseIsEstablished, the fix becomes `keep` (what may still be suggested;
// may be empty) and AskTheResponders, and its YAML (a ticket route) is dropped.
void GateRemoval(Problem& p, const RulePrecision& precision, const CheckOptions& options, Time now,
                 const std::string& keep);

// The interval in whole percent: "3–17%".
std::string FormatInterval(const Proportion& p);
// "3 of 40 labelled actionable (90% interval 3–17%)", or "no labels yet".
std::string FormatPrecision(const Proportion& p);

// The fix when the gate is closed: "ask the responders before deleting or routing to a ticket:
// <why>; label these first: #12 (most recent, …), #7 (longest, 3h)".
std::string AskTheResponders(const RulePrecision& p, const CheckOptions& options, Time now);

// {"labelled","actionable","rate","low","high"}; rate, low and high are null when n == 0.
nlohmann::json ToJson(const Proportion& p);
// ToJson(p.actionable) and "acked_episodes", "noise", "duplicate",
// "label_first": [example episode…].
nlohmann::json ToJson(const RulePrecision& p, Time now);

}  // namespace nagame::rules
