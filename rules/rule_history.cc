// Per-rule grouping of episodes and evidence helpers.
#include "rules/rule_history.h"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <map>
#include <string_view>
#include <unordered_map>

namespace nagame::rules {

int64_t RuleEpisodes::StartedIn(const Window& w) const {
  return std::count_if(episodes.begin(), episodes.end(),
                       [&w](const Episode* e) { return w.Contains(e->starts_at); });
}

std::vector<const Episode*> RuleEpisodes::StartedWithin(const Window& w) const {
  std::vector<const Episode*> out;
  std::copy_if(episodes.begin(), episodes.end(), std::back_inserter(out),
               [&w](const Episode* e) { return w.Contains(e->starts_at); });
  return out;
}

std::vector<Interval> RuleEpisodes::Spans(const Window& w, Time now) const {
  std::vector<Interval> out;
  out.reserve(episodes.size());
  for (const Episode* e : episodes) {
    if (auto c = Clip(e->Span(now), w.interval())) out.push_back(*c);
  }
  return out;
}

namespace {

// (source, rule) of an episode without copying either, for hashing.
using RuleKeyView = std::pair<std::string_view, std::string_view>;
struct RuleKeyViewHash {
  size_t operator()(const RuleKeyView& k) const {
    const size_t h = std::hash<std::string_view>{}(k.first);
    return h ^
           (std::hash<std::string_view>{}(k.second) + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2));
  }
};

}  // namespace

std::map<RuleKey, RuleEpisodes> GroupByRule(const std::vector<Episode>& episodes,
                                            const Window& window, Time now) {
  // Grouped through a hash map of views (checks call this on every run, over months of
  // episodes), then moved into the ordered map once per rule.
  std::unordered_map<RuleKeyView, std::vector<const Episode*>, RuleKeyViewHash> by_key;
  for (const Episode& e : episodes) {
    Interval span = e.Span(now);
    bool overlaps =
        span.start < window.to && (span.end > window.from || (span.start >= window.from));
    if (!overlaps) continue;
    by_key[RuleKeyView(e.source, e.rule)].push_back(&e);
  }
  std::map<RuleKey, RuleEpisodes> out;
  for (auto& [view, list] : by_key) {
    RuleKey key(view.first, view.second);
    RuleEpisodes& group = out[key];
    group.key = std::move(key);
    group.episodes = std::move(list);
    std::sort(group.episodes.begin(), group.episodes.end(), [](const Episode* a, const Episode* b) {
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

std::string MostCommonLabel(const std::vector<const Episode*>& episodes, const char* label) {
  std::map<std::string, int> counts;
  for (const Episode* e : episodes) {
    auto it = e->labels.find(label);
    if (it != e->labels.end()) ++counts[it->second];
  }
  auto best = std::max_element(counts.begin(), counts.end(),
                               [](const auto& a, const auto& b) { return a.second < b.second; });
  return best == counts.end() ? "" : best->first;
}

std::string TeamOf(const Episode& e) {
  for (const char* label : {"team", "owner"}) {
    auto it = e.labels.find(label);
    if (it != e.labels.end() && !it->second.empty()) return it->second;
  }
  return "unowned";
}

Window Elapsed(const Window& w, Time now) {
  if (w.to <= w.from) return {w.from, w.from};  // inverted: std::clamp's bounds would be too
  return {w.from, std::clamp(now, w.from, w.to)};
}

std::string FormatDecimal(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", x);
  std::string s = buf;
  return s.ends_with(".0") ? s.substr(0, s.size() - 2) : s;
}

std::vector<std::pair<std::string, int64_t>> TopCounts(const std::map<std::string, int64_t>& counts,
                                                       size_t n) {
  std::vector<std::pair<std::string, int64_t>> out(counts.begin(), counts.end());
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (out.size() > n) out.resize(n);
  return out;
}

nlohmann::json ExampleEpisodes(const std::vector<const Episode*>& episodes, size_t n, Time now) {
  nlohmann::json out = nlohmann::json::array();
  for (size_t i = 0; i < episodes.size() && i < n; ++i) {
    const Episode& e = *episodes[i];
    // Member by member: an initializer list would build and copy each pair (every finding
    // carries examples, and a year's review has thousands of findings).
    nlohmann::json example = nlohmann::json::object();
    example["id"] = e.id;
    example["instance"] = InstanceName(e);
    example["starts_at"] = FormatRfc3339(e.starts_at);
    example["ends_at"] = e.ends_at ? nlohmann::json(FormatRfc3339(*e.ends_at)) : nlohmann::json();
    example["duration"] = FormatDuration(e.Length(now));
    out.push_back(std::move(example));
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

std::set<int64_t> ProtectedEpisodes(const CheckInput& in,
                                    const std::vector<const Episode*>& episodes, Duration grace) {
  std::set<int64_t> out;
  for (const Incident& i : in.incidents) {
    if (i.episode_id) out.insert(*i.episode_id);
  }
  for (const Ack& a : in.acks) {
    if (a.episode_id) {
      out.insert(*a.episode_id);
      continue;
    }
    for (const Episode* e : episodes) {
      if (e->rule != a.rule || (!a.source.empty() && a.source != e->source)) continue;
      Interval span = e->Span(in.now);
      if (a.at >= span.start && a.at <= span.end + grace) out.insert(e->id);
    }
  }
  return out;
}

std::string RuleYamlWithTiming(const std::string& rule, const DefinedRule* definition,
                               std::optional<Duration> new_for,
                               std::optional<Duration> new_keep_firing_for) {
  if (definition && !IsPromQL(*definition)) return "";
  std::string y = "- alert: " + rule + "\n";
  if (definition && !definition->definition.expr.empty()) {
    y += "  expr: " + nlohmann::json(definition->definition.expr).dump() + "\n";
  } else {
    y += "  expr: ...  # unchanged\n";
  }
  Duration f =
      new_for.value_or(definition ? definition->definition.for_duration : Duration::zero());
  Duration k = new_keep_firing_for.value_or(definition ? definition->definition.keep_firing_for
                                                       : Duration::zero());
  if (f > Duration::zero()) y += "  for: " + FormatDuration(f) + (new_for ? "  # changed\n" : "\n");
  if (k > Duration::zero()) {
    y += "  keep_firing_for: " + FormatDuration(k) + (new_keep_firing_for ? "  # changed\n" : "\n");
  }
  if (definition) {
    if (!definition->definition.labels.empty()) {
      y += "  labels:\n";
      for (const auto& [n, v] : definition->definition.labels) {
        y += "    " + n + ": " + nlohmann::json(v).dump() + "\n";
      }
    }
    if (!definition->definition.annotations.empty()) {
      y += "  annotations:\n";
      for (const auto& [n, v] : definition->definition.annotations) {
        y += "    " + n + ": " + nlohmann::json(v).dump() + "\n";
      }
    }
  }
  return y;
}

Status RequireInput(const Availability& input, std::string_view what) {
  if (input.ok()) return Status::Ok();
  return Unavailable(std::string(what) + " unavailable: " + input.status.message());
}

bool IsPromQL(const DefinedRule& rule) { return rule.definition.language == kPromQL; }

Status RequirePromQLRules(const std::vector<DefinedRule>& rules) {
  if (rules.empty() || std::any_of(rules.begin(), rules.end(), IsPromQL)) return Status::Ok();
  std::map<std::string, size_t> languages;
  for (const DefinedRule& r : rules) ++languages[r.definition.language];
  std::string names;
  for (const auto& [language, count] : languages) {
    std::string upper;
    for (char c : language) upper += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
    names += (names.empty() ? "" : ", ") + upper;
  }
  const std::string count = std::to_string(rules.size()) + (rules.size() == 1 ? " rule" : " rules");
  return Unavailable("does not apply to " + names + " rules (" + count + "; none is PromQL)");
}

std::string DefinitionPlace(const DefinedRule& rule) {
  const RuleDefinition& d = rule.definition;
  if (d.file.empty()) return "";
  return d.line > 0 ? d.file + ":" + std::to_string(d.line) : d.file;
}

nlohmann::json DefinitionEvidence(const DefinedRule& rule) {
  const RuleDefinition& d = rule.definition;
  nlohmann::json out = {{"expr", d.expr},
                        {"file", d.file},
                        {"line", d.line},
                        {"group", d.group},
                        {"defined_since", rule.defined_since == Time{}
                                              ? nlohmann::json()
                                              : nlohmann::json(FormatRfc3339(rule.defined_since))}};
  if (!IsPromQL(rule)) out["language"] = d.language;
  if (!d.enabled) out["enabled"] = false;
  return out;
}

std::string AlertNameFrom(std::string_view text, std::string_view suffix) {
  std::string out;
  bool upper_next = true;
  for (char c : text) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) {
      upper_next = true;
      continue;
    }
    out += upper_next && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper_next = false;
  }
  bool has_letter = std::any_of(out.begin(), out.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
  if (out.empty() || !has_letter || (out[0] >= '0' && out[0] <= '9')) out = "Alert" + out;
  return out + std::string(suffix);
}

namespace {

// A matcher value in Alertmanager's double quotes.
std::string QuoteMatcherValue(const std::string& v) {
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string RegexEscape(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (std::string_view("\\.+*?()|[]{}^$").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

// A YAML single-quoted scalar.
std::string YamlSingleQuoted(const std::string& v) {
  std::string out = "'";
  for (char c : v) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// Alertmanager's weekday list: runs of two or more days as ranges, 'monday:friday'.
std::string WeekdaysYaml(std::vector<int> days) {
  static const char* const kNames[] = {"sunday",   "monday", "tuesday", "wednesday",
                                       "thursday", "friday", "saturday"};
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  std::string out;
  for (size_t i = 0; i < days.size();) {
    size_t j = i;
    while (j + 1 < days.size() && days[j + 1] == days[j] + 1) ++j;
    if (!out.empty()) out += ", ";
    out += "'" + std::string(kNames[days[i]]) +
           (j > i ? ":" + std::string(kNames[days[j]]) : std::string()) + "'";
    i = j + 1;
  }
  return "[" + out + "]";
}

}  // namespace

std::string AlertnameMatcher(const std::vector<std::string>& rules) {
  if (rules.size() == 1) return YamlSingleQuoted("alertname=" + QuoteMatcherValue(rules[0]));
  std::string regex;
  for (const std::string& r : rules) regex += (regex.empty() ? "" : "|") + RegexEscape(r);
  return YamlSingleQuoted("alertname=~" + QuoteMatcherValue(regex));
}

std::string ChildRouteYaml(const std::vector<std::string>& rules,
                           const std::vector<std::string>& settings) {
  std::string y = "route:\n  routes:\n    - matchers: [" + AlertnameMatcher(rules) + "]\n";
  for (const std::string& s : settings) y += "      " + s + "\n";
  return y;
}

std::string TicketRouteYaml(const std::string& rule) {
  return "# alertmanager.yml: send " + rule + " to a ticket queue, at most once a day\n" +
         ChildRouteYaml(
             {rule}, {"receiver: ticket-queue", "group_by: [alertname]", "repeat_interval: 24h"});
}

std::string FormatClock(int minute_of_day) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minute_of_day / 60, minute_of_day % 60);
  return buf;
}

std::string TimeIntervalYaml(const std::string& name, int start_minute, int end_minute,
                             const std::vector<int>& weekdays, const std::string& location) {
  constexpr int kDay = 24 * 60;
  std::string y =
      "time_intervals:\n  - name: " + nlohmann::json(name).dump() + "\n    time_intervals:\n";
  auto add = [&](int from, int to, const std::vector<int>& days) {
    y += "      - times:\n          - start_time: \"" + FormatClock(from) +
         "\"\n            end_time: \"" + FormatClock(to) + "\"\n";
    if (!days.empty()) y += "        weekdays: " + WeekdaysYaml(days) + "\n";
    if (!location.empty()) y += "        location: " + nlohmann::json(location).dump() + "\n";
  };
  add(start_minute, std::min(end_minute, kDay), weekdays);
  if (end_minute > kDay) {
    std::vector<int> next;
    for (int d : weekdays) next.push_back((d + 1) % 7);
    add(0, end_minute - kDay, next);
  }
  return y;
}

}  // namespace nagame::rules
