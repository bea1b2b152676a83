// Actionable rates with Wilson intervals, and the gate on delete / ticket suggestions.
#include "rules/precision.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "rules/rule_history.h"

namespace nagame::rules {
namespace {

std::string Percent(double x) { return std::to_string(static_cast<int>(std::lround(x * 100))); }

}  // namespace

Proportion WilsonInterval(int64_t hits, int64_t n, double z) {
  Proportion out;
  out.hits = hits;
  out.n = n;
  if (n <= 0) return out;
  const double nn = static_cast<double>(n);
  const double p = static_cast<double>(hits) / nn;
  const double z2 = z * z;
  const double denominator = 1.0 + z2 / nn;
  const double center = (p + z2 / (2 * nn)) / denominator;
  const double half = z / denominator * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
  // At hits == 0 or hits == n one bound is exactly 0 or 1; clamp the rounding.
  out.low = hits == 0 ? 0.0 : std::max(0.0, center - half);
  out.high = hits == n ? 1.0 : std::min(1.0, center + half);
  return out;
}

RulePrecision MeasurePrecision(const CheckInput& in, const std::string& rule,
                               const std::vector<const Episode*>& episodes, const Window& span) {
  RulePrecision out;
  const std::set<int64_t> stood_by = ProtectedEpisodes(in, episodes);
  int64_t actionable = 0, labelled = 0;
  std::vector<const Episode*> unlabelled;
  for (const Episode* e : episodes) {
    if (stood_by.count(e->id)) {
      ++out.acked_episodes;
    } else {
      unlabelled.push_back(e);
    }
  }
  actionable += out.acked_episodes;
  labelled += out.acked_episodes;
  for (const Feedback& f : in.feedback) {
    if (f.rule != rule || !span.Contains(f.at)) continue;
    ++labelled;
    if (f.verdict == Verdict::kActionable) ++actionable;
    if (f.verdict == Verdict::kNoise) ++out.noise_votes;
    if (f.verdict == Verdict::kDuplicate) ++out.duplicate_votes;
  }
  out.actionable = WilsonInterval(actionable, labelled);
  if (!unlabelled.empty()) {
    auto newest = std::max_element(
        unlabelled.begin(), unlabelled.end(),
        [](const Episode* a, const Episode* b) { return a->starts_at < b->starts_at; });
    auto longest = std::max_element(unlabelled.begin(), unlabelled.end(),
                                    [&in](const Episode* a, const Episode* b) {
                                      return a->Length(in.now) < b->Length(in.now);
                                    });
    out.to_label.push_back(*newest);
    if ((*longest)->Length(in.now) > (*newest)->Length(in.now)) out.to_label.push_back(*longest);
  }
  return out;
}

Window LabelSpan(const CheckInput& in) { return Elapsed({in.history_from, in.window.to}, in.now); }

std::map<RuleKey, RulePrecision> PrecisionByRule(const CheckInput& in) {
  const Window span = LabelSpan(in);
  std::map<RuleKey, RulePrecision> out;
  for (const auto& [key, group] : GroupByRule(in.episodes, span, in.now))
    out.emplace(key, MeasurePrecision(in, key.second, group.episodes, span));
  return out;
}

RulePrecision PrecisionOf(const std::map<RuleKey, RulePrecision>& by_rule, const CheckInput& in,
                          const RuleKey& key) {
  auto it = by_rule.find(key);
  return it != by_rule.end() ? it->second : MeasurePrecision(in, key.second, {}, LabelSpan(in));
}

nlohmann::json PrecisionGateDefaults() { return {{"max_actionable", 0.2}, {"min_labelled", 5}}; }

bool NoiseIsEstablished(const RulePrecision& p, const CheckOptions& options) {
  return static_cast<double>(p.actionable.n) >= options.Number("min_labelled") &&
         p.actionable.high < options.Number("max_actionable");
}

std::string FormatInterval(const Proportion& p) {
  return Percent(p.low) + "–" + Percent(p.high) + "%";
}

std::string FormatPrecision(const Proportion& p) {
  if (p.n == 0) return "no labels yet";
  return std::to_string(p.hits) + " of " + std::to_string(p.n) +
         " labelled actionable (90% interval " + FormatInterval(p) + ")";
}

std::string AskTheResponders(const RulePrecision& p, const CheckOptions& options, Time now) {
  const double min_labelled = options.Number("min_labelled");
  std::string why;
  if (static_cast<double>(p.actionable.n) < min_labelled) {
    why = FormatPrecision(p.actionable) + ", fewer than " + FormatDecimal(min_labelled);
  } else {
    why = FormatPrecision(p.actionable) + ", not clearly below " +
          Percent(options.Number("max_actionable")) + "%";
  }
  std::string out = "ask the responders before deleting it or routing it to a ticket: " + why;
  if (p.to_label.empty()) return out;
  out += "; label these first:";
  for (size_t i = 0; i < p.to_label.size(); ++i) {
    const Episode& e = *p.to_label[i];
    out += std::string(i ? ", " : " ") + "#" + std::to_string(e.id) + " (" +
           (i == 0 ? "most recent, " + FormatRfc3339(e.starts_at) : "longest") + ", " +
           FormatDuration(e.Length(now)) + ")";
  }
  return out;
}

void GateRemoval(Problem& p, const RulePrecision& precision, const CheckOptions& options, Time now,
                 const std::string& keep) {
  p.evidence["precision"] = ToJson(precision, now);
  if (NoiseIsEstablished(precision, options)) {
    p.fix.text += "; responders: " + FormatPrecision(precision.actionable);
    return;
  }
  p.fix.text = (keep.empty() ? "" : keep + "; ") + AskTheResponders(precision, options, now);
  p.fix.yaml.clear();
}

nlohmann::json ToJson(const Proportion& p) {
  const bool any = p.n > 0;
  auto or_null = [any](double x) { return any ? nlohmann::json(x) : nlohmann::json(); };
  return {{"labelled", p.n},
          {"actionable", p.hits},
          {"rate", or_null(p.rate())},
          {"low", or_null(p.low)},
          {"high", or_null(p.high)}};
}

nlohmann::json ToJson(const RulePrecision& p, Time now) {
  nlohmann::json out = ToJson(p.actionable);
  out["acked_episodes"] = p.acked_episodes;
  out["noise"] = p.noise_votes;
  out["duplicate"] = p.duplicate_votes;
  out["label_first"] = ExampleEpisodes(p.to_label, p.to_label.size(), now);
  return out;
}

}  // namespace nagame::rules
