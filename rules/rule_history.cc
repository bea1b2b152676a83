// Per-rule grouping of episodes and evidence helpers.
#include "rules/rule_history.h"

#include <algorithm>

namespace nagame::rules {

int64_t RuleEpisodes::StartedIn(const Window& w) const {
  return std::count_if(episodes.begin(), episodes.end(),
                       [&w](const Episode* e) { return w.Contains(e->starts_at); });
}

std::vector<Interval> RuleEpisodes::Spans(const Window& w, Time now) const {
  std::vector<Interval> out;
  out.reserve(episodes.size());
  for (const Episode* e : episodes) {
    if (auto c = Clip(e->Span(now), w.interval())) out.push_back(*c);
  }
  return out;
}

std::map<RuleKey, RuleEpisodes> GroupByRule(const std::vector<Episode>& episodes,
                                            const Window& window, Time now) {
  std::map<RuleKey, RuleEpisodes> out;
  for (const Episode& e : episodes) {
    Interval span = e.Span(now);
    bool overlaps = span.start < window.to && (span.end > window.from || (span.start >= window.from));
    if (!overlaps) continue;
    RuleKey key{e.source, e.rule};
    RuleEpisodes& group = out[key];
    group.key = key;
    group.episodes.push_back(&e);
  }
  for (auto& [key, group] : out) {
    std::sort(group.episodes.begin(), group.episodes.end(),
              [](const Episode* a, const Episode* b) {
                return a->starts_at != b->starts_at ? a->starts_at < b->starts_at : a->id < b->id;
              });
  }
  return out;
}

std::string InstanceName(const Episode& e) {
  for (const char* label : {"instance", "pod", "job"}) {
    auto it = e.labels.find(label);
    if (it != e.labels.end() && !it->second.empty()) return it->second;
  }
  return e.fingerprint;
}

nlohmann::json ExampleEpisodes(const std::vector<const Episode*>& episodes, size_t n, Time now) {
  nlohmann::json out = nlohmann::json::array();
  for (size_t i = 0; i < episodes.size() && i < n; ++i) {
    const Episode& e = *episodes[i];
    out.push_back({{"id", e.id},
                   {"instance", InstanceName(e)},
                   {"starts_at", FormatRfc3339(e.starts_at)},
                   {"ends_at", e.ends_at ? nlohmann::json(FormatRfc3339(*e.ends_at)) : nlohmann::json()},
                   {"duration", FormatDuration(e.Length(now))}});
  }
  return out;
}

const DefinedRule* FindDefinition(const CheckInput& in, const RuleKey& key) {
  const DefinedRule* by_name = nullptr;
  int by_name_count = 0;
  for (const DefinedRule& r : in.rules) {
    if (r.definition.name != key.second) continue;
    if (r.source == key.first) return &r;
    by_name = &r;
    ++by_name_count;
  }
  return by_name_count == 1 ? by_name : nullptr;
}

}  // namespace nagame::rules
