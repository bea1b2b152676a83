// noisy/unacted: a rule fires again and again and nobody acks it, decides on it or links it to an
// incident.
//
// The span is the history the input carries: [history_from, window.to), four windows by
// default. "Acted on" is any ack of the rule (or of one of its episodes) or decision about it
// made in the span, or an incident linked to one of its episodes.
#include <algorithm>
#include <optional>
#include <string_view>
#include <unordered_set>

#include "rules/checks/checks.h"
#include "rules/precision.h"
#include "rules/rule_history.h"

namespace nagame::rules::checks {
namespace {

bool ActedOn(const CheckInput& in, const RuleKey& key, const std::vector<const Episode*>& episodes,
             const Window& span) {
  // The rule's episode ids, collected only when a record names an episode (most name none).
  std::optional<std::set<int64_t>> ids;
  auto is_ours = [&](int64_t id) {
    if (!ids) {
      ids.emplace();
      for (const Episode* e : episodes) ids->insert(e->id);
    }
    return ids->count(id) > 0;
  };
  for (const Ack& a : in.acks) {
    if (a.episode_id && is_ours(*a.episode_id)) return true;
    if (a.rule == key.second && (a.source.empty() || a.source == key.first) &&
        span.Contains(a.at)) {
      return true;
    }
  }
  for (const Decision& d : in.decisions) {
    if (d.rule == key.second && span.Contains(d.at)) return true;
  }
  return std::any_of(in.incidents.begin(), in.incidents.end(), [&is_ours](const Incident& i) {
    return i.episode_id && is_ours(*i.episode_id);
  });
}

class NoisyUnactedCheck : public Check {
 public:
  std::string_view id() const override { return "noisy/unacted"; }
  Category category() const override { return Category::kNoisy; }
  std::string_view description() const override {
    return "at least min_episodes episodes since history_from (4 windows) and no ack, decision "
           "or incident for the rule in that span";
  }
  nlohmann::json default_options() const override {
    nlohmann::json options = {{"min_episodes", 5}};
    options.update(PrecisionGateDefaults());
    return options;
  }

  Result<std::vector<Problem>> Run(const CheckInput& in, const CheckOptions& opt) const override {
    const double min_episodes = opt.Number("min_episodes");
    const Window span = Elapsed({in.history_from, in.window.to}, in.now);
    std::vector<Problem> out;
    for (const auto& [key, group] : GroupByRule(in.episodes, span, in.now)) {
      std::vector<const Episode*> started = group.StartedWithin(span);
      if (started.empty() || static_cast<double>(started.size()) < min_episodes) continue;
      if (ActedOn(in, key, group.episodes, span)) continue;
      std::unordered_set<std::string_view> instances;  // only counted
      for (const Episode* e : started) instances.insert(e->fingerprint);
      std::vector<const Episode*> latest(started.rbegin(), started.rend());
      Problem p;
      p.source = key.first;
      p.rule = key.second;
      p.severity = Severity::kWarning;
      p.summary = std::to_string(started.size()) + " episodes in " + FormatDuration(span.length()) +
                  ", no ack, decision or incident";
      p.evidence = {{"episodes", started.size()},
                    {"instances", instances.size()},
                    {"since", FormatRfc3339(span.from)},
                    {"in_window", group.StartedIn(in.window)},
                    {"examples", ExampleEpisodes(latest, 3, in.now)}};
      p.fix.text =
          "nobody acts on it: demote it to a ticket queue or a dashboard, or delete it, "
          "and record the decision (decide " +
          p.rule + " ticket|delete)";
      p.fix.yaml = TicketRouteYaml(p.rule);
      GateRemoval(p, MeasurePrecision(in, key.second, group.episodes, span), opt, in.now,
                  "nobody acts on it: record what the team decides (decide " + p.rule +
                      " keep|tune|ticket|delete)");
      out.push_back(std::move(p));
    }
    return out;
  }
};

}  // namespace

const Check& NoisyUnacted() {
  static const NoisyUnactedCheck kCheck;
  return kCheck;
}

}  // namespace nagame::rules::checks
