// noisy/feedback: responders' feedback on a rule's alerts mostly says "noise" or "duplicate".
//
// Votes count over [history_from, window.to) (four windows by default), so a rule that rarely
// fires still gathers enough of them. The fix quotes up to three notes, newest first.
// Deleting is suggested only when the labels (votes and acked episodes, rules/precision.h) say
// it is noise; otherwise the fix says tune or inhibit, and ask the responders.
#include <algorithm>

#include "rules/checks/checks.h"
#include "rules/precision.h"
#include "rules/rule_history.h"

namespace nagame::rules::checks {
namespace {

class NoisyFeedbackCheck : public Check {
 public:
  std::string_view id() const override { return "noisy/feedback"; }
  Category category() const override { return Category::kNoisy; }
  std::string_view description() const override {
    return "at least min_fraction of at least min_votes feedback votes since history_from say "
           "noise or duplicate";
  }
  nlohmann::json default_options() const override {
    nlohmann::json options = {{"min_fraction", 0.5}, {"min_votes", 2}};
    options.update(PrecisionGateDefaults());
    return options;
  }

  Result<std::vector<Problem>> Run(const CheckInput& in, const CheckOptions& opt) const override {
    const double min_fraction = opt.Number("min_fraction");
    const double min_votes = opt.Number("min_votes");
    const Window span = Elapsed({in.history_from, in.window.to}, in.now);
    std::map<std::string, std::vector<const Feedback*>> by_rule;
    for (const Feedback& f : in.feedback) {
      if (span.Contains(f.at)) by_rule[f.rule].push_back(&f);
    }
    // The rule's episodes, by name (feedback names no source).
    std::map<std::string, std::vector<const RuleEpisodes*>> groups_by_name;
    auto groups = GroupByRule(in.episodes, span, in.now);
    for (const auto& [key, group] : groups) groups_by_name[key.second].push_back(&group);

    std::vector<Problem> out;
    for (auto& [rule, votes] : by_rule) {
      std::map<Verdict, int64_t> count;
      for (const Feedback* f : votes) ++count[f->verdict];
      const int64_t bad = count[Verdict::kNoise] + count[Verdict::kDuplicate];
      const int64_t n = static_cast<int64_t>(votes.size());
      if (static_cast<double>(n) < min_votes ||
          static_cast<double>(bad) < min_fraction * static_cast<double>(n)) {
        continue;
      }
      std::stable_sort(votes.begin(), votes.end(),
                       [](const Feedback* a, const Feedback* b) { return a->at > b->at; });
      nlohmann::json notes = nlohmann::json::array();
      std::string quoted;
      for (const Feedback* f : votes) {
        if (f->verdict == Verdict::kActionable || f->note.empty() || notes.size() == 3) continue;
        const std::string who = f->user.empty() ? "someone" : "@" + f->user;
        quoted += (quoted.empty() ? "" : "; ") + who + ": " + nlohmann::json(f->note).dump();
        notes.push_back({{"user", f->user},
                         {"verdict", VerdictName(f->verdict)},
                         {"note", f->note},
                         {"at", FormatRfc3339(f->at)}});
      }
      const auto& named = groups_by_name[rule];
      Problem p;
      p.source = named.size() == 1 ? named.front()->key.first : "";
      p.rule = rule;
      p.severity = Severity::kWarning;
      p.summary = std::to_string(bad) + " of " + std::to_string(n) + " feedback votes say noise (" +
                  std::to_string(count[Verdict::kNoise]) + ") or duplicate (" +
                  std::to_string(count[Verdict::kDuplicate]) + ")";
      p.evidence = {
          {"votes", n},
          {"noise", count[Verdict::kNoise]},
          {"duplicate", count[Verdict::kDuplicate]},
          {"actionable", count[Verdict::kActionable]},
          {"fraction", static_cast<double>(bad) / static_cast<double>(n)},
          {"since", FormatRfc3339(span.from)},
          {"notes", notes},
          {"examples", named.size() == 1 ? ExampleEpisodes(named.front()->episodes, 3, in.now)
                                         : nlohmann::json::array()}};
      const bool duplicate = count[Verdict::kDuplicate] > count[Verdict::kNoise];
      const std::string quotes = quoted.empty() ? "" : " — " + quoted;
      p.fix.text =
          std::string(duplicate ? "responders see it as a duplicate: inhibit it or delete it"
                                : "responders call it noise: tune it or delete it") +
          quotes;
      std::vector<const Episode*> episodes;
      for (const RuleEpisodes* group : named)
        episodes.insert(episodes.end(), group->episodes.begin(), group->episodes.end());
      std::stable_sort(episodes.begin(), episodes.end(), [](const Episode* a, const Episode* b) {
        return a->starts_at < b->starts_at;
      });
      GateRemoval(p, MeasurePrecision(in, rule, episodes, span), opt, in.now,
                  std::string(duplicate ? "responders see it as a duplicate: inhibit it"
                                        : "responders call it noise: tune it") +
                      quotes);
      out.push_back(std::move(p));
    }
    return out;
  }
};

}  // namespace

const Check& NoisyFeedback() {
  static const NoisyFeedbackCheck kCheck;
  return kCheck;
}

}  // namespace nagame::rules::checks
