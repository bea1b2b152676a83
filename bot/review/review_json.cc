// JSON answers of the review.
#include "bot/review/review_json.h"

#include "bot/review/record_json.h"

namespace nagame::bot {

using nlohmann::json;

namespace {

json Bounds(const rules::Window& w) {
  return {{"from", FormatRfc3339(w.from)}, {"to", FormatRfc3339(w.to)}};
}

json DefinitionJson(const rules::DefinedRule& r) {
  const rules::RuleDefinition& d = r.definition;
  return {{"name", d.name},
          {"source", r.source},
          {"group", d.group},
          {"file", d.file},
          {"line", d.line},
          {"expr", d.expr},
          {"for_seconds", ToSeconds(d.for_duration)},
          {"keep_firing_for_seconds", ToSeconds(d.keep_firing_for)},
          {"labels", d.labels},
          {"annotations", d.annotations},
          {"language", d.language},  // "promql", "nrql", "kql", "azure-metric", "grafana"
          {"enabled", d.enabled},
          {"defined_since", FormatRfc3339(r.defined_since)}};
}

json SnapshotJson(const storage::RuleSnapshot& s) {
  return {{"origin", s.origin},
          {"source", s.source},
          {"first_seen_at", FormatRfc3339(s.first_seen_at)},
          {"last_seen_at", FormatRfc3339(s.last_seen_at)},
          {"deleted_at", s.deleted_at ? json(FormatRfc3339(*s.deleted_at)) : json()}};
}

template <typename T, typename F>
json Array(const std::vector<T>& items, F to_json) {
  json out = json::array();
  for (const T& item : items) out.push_back(to_json(item));
  return out;
}

}  // namespace

json SuggestionsJson(const rules::Window& window, const rules::CheckReport& report) {
  json out = Bounds(window);
  out["suggestions"] =
      Array(report.problems, [](const rules::Problem& p) { return rules::ToJson(p); });
  out["unable"] = Array(report.unable, [](const rules::UnableToRun& u) {
    return json{{"check", u.check}, {"reason", u.reason}};
  });
  return out;
}

json EpisodeJson(const rules::Episode& e) {
  return {{"id", e.id},
          {"source", e.source},
          {"rule", e.rule},
          {"fingerprint", e.fingerprint},
          {"labels", e.labels},
          {"starts_at", FormatRfc3339(e.starts_at)},
          {"ends_at", e.ends_at ? json(FormatRfc3339(*e.ends_at)) : json()},
          {"state", rules::EpisodeStateName(e.state)},
          {"notifications", e.notifications}};
}

json RuleDetailJson(const RuleDetail& d) {
  json out = Bounds(d.window);
  out["rule"] = d.name;
  out["inventory"] = Array(d.rows, [](const rules::InventoryRow& r) { return rules::ToJson(r); });
  out["definitions"] = Array(d.definitions, DefinitionJson);
  out["history"] = Array(d.snapshots, SnapshotJson);
  out["problems"] = Array(d.problems, [](const rules::Problem& p) { return rules::ToJson(p); });
  out["recent_episodes"] = Array(d.recent_episodes, EpisodeJson);
  out["decisions"] = Array(d.decisions, [](const rules::Decision& x) { return ToJson(x); });
  out["acks"] = Array(d.acks, [](const rules::Ack& x) { return ToJson(x); });
  return out;
}

json KnownRulesJson(const std::vector<KnownRule>& rules) {
  return {{"rules", Array(rules, [](const KnownRule& k) {
             return json{{"name", k.name}, {"sources", k.sources}, {"defined", k.defined}};
           })}};
}

json DecisionsJson(const rules::Window& window, const std::vector<rules::Decision>& decisions) {
  json out = Bounds(window);
  out["decisions"] = Array(decisions, [](const rules::Decision& x) { return ToJson(x); });
  return out;
}

}  // namespace nagame::bot
