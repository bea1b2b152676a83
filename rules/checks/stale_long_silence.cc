// stale/long-silence: an Alertmanager silence that has been muting alerts for min_active or more.
#include "rules/checks/checks.h"
#include "rules/rule_history.h"
#include "rules/silence_match.h"

namespace nagame::rules::checks {
namespace {

class StaleLongSilenceCheck : public Check {
 public:
  std::string_view id() const override { return "stale/long-silence"; }
  Category category() const override { return Category::kStale; }
  std::string_view description() const override {
    return "an active Alertmanager silence that started at least min_active ago";
  }
  nlohmann::json default_options() const override { return {{"min_active", "30d"}}; }

  Result<std::vector<Problem>> Run(const CheckInput& in, const CheckOptions& opt) const override {
    NAGAME_RETURN_IF_ERROR(RequireInput(in.silences_availability, "Alertmanager silences"));
    const Duration min_active = opt.Dur("min_active");
    std::vector<Problem> out;
    for (const Silence& s : in.silences) {
      if (!IsActiveSilence(s, in.now) || in.now - s.starts_at < min_active) continue;
      auto days = [](Duration d) {
        return FormatDuration(std::chrono::floor<std::chrono::days>(d));
      };
      Problem p;
      p.source = "alertmanager";
      p.rule = SilencedRule(s);
      p.severity = Severity::kWarning;
      p.summary = DescribeSilence(s) + " active " + days(in.now - s.starts_at) +
                  (s.created_by.empty() ? "" : " (by " + s.created_by + ")") + ", ends " +
                  FormatRfc3339(s.ends_at).substr(0, 10);
      p.evidence = SilenceEvidence(s, in.now);
      p.fix.text = "end it: " + ExpireCommand(s) +
                   " — if what it mutes is not wanted, delete that rule instead of silencing it";
      out.push_back(std::move(p));
    }
    return out;
  }
};

}  // namespace

const Check& StaleLongSilence() {
  static const StaleLongSilenceCheck kCheck;
  return kCheck;
}

}  // namespace nagame::rules::checks
