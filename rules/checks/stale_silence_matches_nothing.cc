// stale/silence-matches-nothing: an active silence whose matchers match no alert seen lately.
#include <algorithm>
#include <map>

#include "rules/checks/checks.h"
#include "rules/rule_history.h"
#include "rules/silence_match.h"

namespace nagame::rules::checks {
namespace {

class StaleSilenceMatchesNothingCheck : public Check {
 public:
  std::string_view id() const override { return "stale/silence-matches-nothing"; }
  Category category() const override { return Category::kStale; }
  std::string_view description() const override {
    return "an active silence, at least min_age old, whose matchers match no alert seen in the "
           "lookback before now or before the silence started";
  }
  nlohmann::json default_options() const override {
    return {{"lookback", "7d"}, {"min_age", "1d"}};
  }

  Result<std::vector<Problem>> Run(const CheckInput& in, const CheckOptions& opt) const override {
    NAGAME_RETURN_IF_ERROR(RequireInput(in.silences_availability, "Alertmanager silences"));
    const Duration lookback = opt.Dur("lookback");
    // A fresh silence may be waiting for planned work to start: give it min_age first.
    const Duration min_age = opt.Dur("min_age");
    // Each alert (source and label set) once, with the last moment it was firing: silences are
    // matched against alerts, not against every episode of each.
    struct Alert {
      Labels labels;
      Time last_firing;
    };
    std::map<std::pair<std::string, std::string>, Alert> alerts;
    for (const Episode& e : in.episodes) {
      Interval span = e.Span(in.now);
      if (span.start > in.now) continue;
      Alert& a = alerts[{e.source, e.fingerprint}];
      if (a.labels.empty()) a.labels = AlertLabels(e);
      a.last_firing = std::max(a.last_firing, span.end);
    }
    std::vector<Problem> out;
    for (const Silence& s : in.silences) {
      if (!IsActiveSilence(s, in.now) || in.now - s.starts_at < min_age) continue;
      // Alerts a silence mutes are not sent on to webhooks, so a working silence can look idle.
      // The lookback before it started covers what it was made for; history limits both.
      Time from = std::max(std::min(in.now - lookback, s.starts_at - lookback), in.history_from);
      SilenceMatchers matchers(s.matchers);
      int64_t seen = 0;
      bool matched_or_unsure = false;
      for (const auto& [key, alert] : alerts) {
        if (alert.last_firing < from) continue;
        ++seen;
        std::optional<bool> hit = matchers.Matches(alert.labels);
        if (!hit || *hit) {
          matched_or_unsure = true;
          break;
        }
      }
      if (matched_or_unsure) continue;
      Problem p;
      p.source = "alertmanager";
      p.rule = SilencedRule(s);
      p.severity = Severity::kInfo;
      p.summary = DescribeSilence(s) + " matched none of the " + std::to_string(seen) +
                  " alerts seen since " + FormatRfc3339(from).substr(0, 10);
      p.evidence = SilenceEvidence(s, in.now);
      p.evidence["checked_from"] = FormatRfc3339(from);
      p.evidence["alerts_checked"] = seen;
      p.fix.text = "expire it: " + ExpireCommand(s);
      out.push_back(std::move(p));
    }
    return out;
  }
};

}  // namespace

const Check& StaleSilenceMatchesNothing() {
  static const StaleSilenceMatchesNothingCheck kCheck;
  return kCheck;
}

}  // namespace nagame::rules::checks
