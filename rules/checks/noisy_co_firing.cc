// noisy/co-firing: most of one rule's episodes start within minutes of another rule's.
//
// One finding per pair of rules. Its rule is the one to inhibit (the target): the rule whose
// episodes come with the other's; when both directions qualify, the one with more episodes
// (more notifications saved; ties: the greater (source, rule)). The fix is an Alertmanager
// inhibit rule with `equal: [instance]` when the pairs share an instance, else a route that
// groups both into one notification by the labels they share.
#include <algorithm>
#include <cstdint>

#include "rules/checks/checks.h"
#include "rules/rule_history.h"

namespace nagame::rules::checks {
namespace {

// One rule's episodes that started in the window, and their sorted start times.
struct Starts {
  RuleKey key;
  std::vector<const Episode*> episodes;
  std::vector<Time> times;
  double chance = 0;  // fraction of the window within `within` of one of its starts
};

// The episodes of `b` that start within `within` of `t`.
std::vector<const Episode*> Near(const Starts& b, Time t, Duration within) {
  auto lo = std::lower_bound(b.times.begin(), b.times.end(), t - within);
  auto hi = std::upper_bound(b.times.begin(), b.times.end(), t + within);
  return {b.episodes.begin() + (lo - b.times.begin()), b.episodes.begin() + (hi - b.times.begin())};
}

// How `a`'s episodes line up with `b`'s.
struct Match {
  std::vector<const Episode*> matched;    // a's episodes with one of b's nearby
  std::map<std::string, int64_t> shared;  // label → matched episodes where a b neighbour has
                                          // the same value
};

Match MatchStarts(const Starts& a, const Starts& b, Duration within) {
  Match m;
  for (const Episode* e : a.episodes) {
    std::vector<const Episode*> near = Near(b, e->starts_at, within);
    if (near.empty()) continue;
    m.matched.push_back(e);
    for (const auto& label : e->labels) {
      const std::string& name = label.first;
      if (name == "alertname" || name == "severity") continue;
      // A pair, not a structured binding: clang 14 cannot capture those.
      bool same = std::any_of(near.begin(), near.end(), [&](const Episode* n) {
        auto it = n->labels.find(name);
        return it != n->labels.end() && it->second == label.second;
      });
      m.shared[name] += same;
    }
  }
  return m;
}

// The pairing thresholds; `qualifies` in Run applies them in full.
struct Thresholds {
  Duration within;
  double min_fraction;
  double min_episodes;
  double max_chance;
  // Whether a's episodes may come with b's, before matching any.
  bool MayPair(const Starts& a, const Starts& b) const {
    return !(static_cast<double>(a.episodes.size()) < min_episodes) && !(b.chance >= max_chance);
  }
};

// The pairs (i < j, in order) where one direction may qualify: every other pair has
// MatchStarts(...).matched below min_fraction of the episodes both ways, so skipping it changes
// nothing. The counts come from one sweep over all starts in time order: for each episode of
// a, the distinct rules b with a start within `within` (both ends included, as Near), so the
// cost is the number of (episode, neighbour) pairs, not the number of rule pairs. With a
// min_fraction of 0 or less (or NaN) no neighbour is needed: every pair that MayPair.
std::vector<std::pair<size_t, size_t>> CandidatePairs(const std::vector<Starts>& rules,
                                                      const Thresholds& t) {
  std::vector<std::pair<size_t, size_t>> pairs;
  auto add = [&pairs](size_t a, size_t b) { pairs.emplace_back(std::min(a, b), std::max(a, b)); };
  if (!(t.min_fraction > 0)) {
    for (size_t a = 0; a < rules.size(); ++a) {
      for (size_t b = 0; b < rules.size(); ++b) {
        if (a != b && t.MayPair(rules[a], rules[b])) add(a, b);
      }
    }
  } else {
    std::vector<std::pair<Time, size_t>> starts;  // (start, rule index), in time order
    for (size_t r = 0; r < rules.size(); ++r) {
      for (Time s : rules[r].times) starts.emplace_back(s, r);
    }
    std::sort(starts.begin(), starts.end());
    std::vector<int64_t> matched(rules.size(), 0);     // of a's episodes, per b
    std::vector<size_t> seen(rules.size(), SIZE_MAX);  // the last episode of a that counted b
    std::vector<size_t> touched;                       // the b with matched > 0
    size_t episode = 0;
    for (size_t a = 0; a < rules.size(); ++a) {
      touched.clear();
      for (Time s : rules[a].times) {
        auto it =
            std::lower_bound(starts.begin(), starts.end(), std::make_pair(s - t.within, size_t{0}));
        for (; it != starts.end() && it->first <= s + t.within; ++it) {
          const size_t b = it->second;
          if (b == a || seen[b] == episode) continue;
          seen[b] = episode;
          if (matched[b]++ == 0) touched.push_back(b);
        }
        ++episode;
      }
      const double needed = t.min_fraction * static_cast<double>(rules[a].episodes.size());
      for (size_t b : touched) {
        if (static_cast<double>(matched[b]) >= needed && t.MayPair(rules[a], rules[b])) add(a, b);
        matched[b] = 0;
      }
    }
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  return pairs;
}

class NoisyCoFiringCheck : public Check {
 public:
  std::string_view id() const override { return "noisy/co-firing"; }
  Category category() const override { return Category::kNoisy; }
  std::string_view description() const override {
    return "at least min_fraction of a rule's episodes (at least min_episodes) start within "
           "`within` of another rule's; pairs whose neighbourhoods cover max_chance of the "
           "window or more are skipped as chance";
  }
  nlohmann::json default_options() const override {
    return {{"within", "5m"}, {"min_fraction", 0.8}, {"min_episodes", 3}, {"max_chance", 0.5}};
  }

  Result<std::vector<Problem>> Run(const CheckInput& in, const CheckOptions& opt) const override {
    const Thresholds thresholds{opt.Dur("within"), opt.Number("min_fraction"),
                                opt.Number("min_episodes"), opt.Number("max_chance")};
    const Duration within = thresholds.within;
    const double min_fraction = thresholds.min_fraction;
    std::vector<Starts> rules;
    for (const auto& [key, group] : GroupByRule(in.episodes, in.window, in.now)) {
      Starts s{key, group.StartedWithin(in.window), {}, 0};
      if (s.episodes.empty()) continue;
      std::vector<Interval> near;
      for (const Episode* e : s.episodes) {
        s.times.push_back(e->starts_at);
        near.push_back({e->starts_at - within, e->starts_at + within});
      }
      s.chance = DutyCycle(near, in.window.interval());
      rules.push_back(std::move(s));
    }
    // How a's episodes come with b's, when they qualify.
    auto qualifies = [&](const Starts& a, const Starts& b) -> std::optional<Match> {
      if (!thresholds.MayPair(a, b)) return std::nullopt;
      Match m = MatchStarts(a, b, within);
      if (m.matched.size() < min_fraction * static_cast<double>(a.episodes.size())) {
        return std::nullopt;
      }
      return m;
    };
    std::vector<Problem> out;
    for (const auto& [i, j] : CandidatePairs(rules, thresholds)) {
      std::optional<Match> ij = qualifies(rules[i], rules[j]);
      std::optional<Match> ji = qualifies(rules[j], rules[i]);
      if (!ij && !ji) continue;
      bool i_is_target = ij && (!ji || rules[i].episodes.size() > rules[j].episodes.size());
      if (i_is_target) {
        out.push_back(Describe(in, rules[i], rules[j], *ij, ji, within, min_fraction));
      } else {
        out.push_back(Describe(in, rules[j], rules[i], *ji, ij, within, min_fraction));
      }
    }
    return out;
  }

 private:
  static Problem Describe(const CheckInput& in, const Starts& target, const Starts& source,
                          const Match& m, const std::optional<Match>& reverse, Duration within,
                          double min_fraction) {
    const int64_t n = static_cast<int64_t>(target.episodes.size());
    const int64_t matched = static_cast<int64_t>(m.matched.size());
    const std::string& t = target.key.second;
    const std::string& s = source.key.second;
    // A label the pairs share: equal on at least min_fraction of the matched episodes.
    std::vector<std::string> shared;
    for (const auto& [name, count] : m.shared) {
      if (count >= min_fraction * static_cast<double>(matched)) shared.push_back(name);
    }
    const bool same_instance = std::count(shared.begin(), shared.end(), "instance") > 0;
    Problem p;
    p.source = target.key.first;
    p.rule = t;
    p.severity = Severity::kWarning;
    p.summary = std::to_string(matched) + " of " + std::to_string(n) + " episodes start within " +
                FormatDuration(within) + " of " + s + "'s";
    if (reverse) {
      p.summary += " (" + std::to_string(reverse->matched.size()) + " of " +
                   std::to_string(source.episodes.size()) + " the other way)";
    }
    p.evidence = {{"with_rule", s},
                  {"with_source", source.key.first},
                  {"episodes", n},
                  {"co_firing", matched},
                  {"fraction", static_cast<double>(matched) / static_cast<double>(n)},
                  {"with_episodes", source.episodes.size()},
                  {"with_co_firing",
                   (reverse ? *reverse : MatchStarts(source, target, within)).matched.size()},
                  {"same_instance", same_instance},
                  {"shared_labels", shared},
                  {"chance", source.chance},
                  {"examples", ExampleEpisodes(m.matched, 3, in.now)}};
    const bool alertmanager =
        target.key.first == "alertmanager" && source.key.first == "alertmanager";
    const std::string where = alertmanager ? "" : " (in the sending system's notification policy)";
    if (same_instance) {
      p.fix.text = "inhibit " + t + " while " + s + " fires on the same instance" + where;
      if (alertmanager) {
        p.fix.yaml = "inhibit_rules:\n  - source_matchers: [" + AlertnameMatcher({s}) +
                     "]\n    target_matchers: [" + AlertnameMatcher({t}) +
                     "]\n    equal: [instance]\n";
      }
    } else if (!shared.empty()) {
      std::string labels;
      for (const std::string& l : shared) labels += (labels.empty() ? "" : ", ") + l;
      p.fix.text =
          "they share no instance: send them as one notification, grouped by " + labels + where;
      if (alertmanager) {
        std::vector<std::string> both = {std::min(s, t), std::max(s, t)};
        p.fix.yaml = ChildRouteYaml(both, {"group_by: [" + labels + "]"});
      }
    } else {
      p.fix.text =
          "they fire together with no label in common: fix the shared cause, or give "
          "both a common label (e.g. service) and group by it";
    }
    return p;
  }
};

}  // namespace

const Check& NoisyCoFiring() {
  static const NoisyCoFiringCheck kCheck;
  return kCheck;
}

}  // namespace nagame::rules::checks
