// Inventory rows from episodes and people's records.
#include "rules/inventory.h"

#include <algorithm>

#include "rules/rule_history.h"

namespace nagame::rules {
namespace {

std::string DefinedLabel(const DefinedRule* def, const char* label) {
  if (!def) return "";
  auto it = def->definition.labels.find(label);
  return it == def->definition.labels.end() ? "" : it->second;
}

void FillFromEpisodes(const CheckInput& in, const RuleEpisodes& group, Duration refire_gap,
                      InventoryRow& row) {
  row.episodes = static_cast<int64_t>(group.episodes.size());
  row.started = group.StartedIn(in.window);
  std::map<std::string, std::vector<Interval>> by_instance;
  std::map<std::string, Time> last_end;
  std::vector<Duration> lengths;
  for (const Episode* e : group.episodes) {
    Interval span = e->Span(in.now);
    by_instance[e->fingerprint].push_back(span);
    lengths.push_back(span.length());
    row.notifications += e->notifications;
    auto prev = last_end.find(e->fingerprint);
    if (prev != last_end.end() && e->starts_at - prev->second <= refire_gap) ++row.refires;
    last_end[e->fingerprint] = span.end;
  }
  row.instances = static_cast<int64_t>(by_instance.size());
  for (const auto& [fp, spans] : by_instance)
    row.firing += CoveredDuration(spans, in.window.interval());
  row.median = QuantileDuration(lengths, 0.5).value_or(Duration::zero());
  row.p90 = QuantileDuration(lengths, 0.9).value_or(Duration::zero());
  if (row.severity.empty()) row.severity = MostCommonLabel(group.episodes, "severity");
  if (row.team.empty()) row.team = MostCommonLabel(group.episodes, "team");
  if (row.team.empty()) row.team = MostCommonLabel(group.episodes, "owner");
}

}  // namespace

Inventory BuildInventory(const CheckInput& in, const CheckReport* report, Duration refire_gap) {
  auto current = GroupByRule(in.episodes, in.window, in.now);
  auto previous = GroupByRule(in.episodes, in.window.Previous(), in.now);
  std::map<RuleKey, InventoryRow> rows;
  auto row_for = [&rows](const RuleKey& key) -> InventoryRow& {
    InventoryRow& r = rows[key];
    r.source = key.first;
    r.rule = key.second;
    return r;
  };
  for (const DefinedRule& d : in.rules) {
    InventoryRow& r = row_for({d.source, d.definition.name});
    r.defined = true;
    r.severity = DefinedLabel(&d, "severity");
    r.team = DefinedLabel(&d, "team");
    if (r.team.empty()) r.team = DefinedLabel(&d, "owner");
  }
  for (const auto& [key, group] : current) {
    InventoryRow& r = row_for(key);
    if (!r.defined && FindDefinition(in, key)) r.defined = true;
    FillFromEpisodes(in, group, refire_gap, r);
  }
  const std::map<RuleKey, RulePrecision> precision = PrecisionByRule(in);
  for (auto& [key, r] : rows) {
    r.actionable = PrecisionOf(precision, in, key).actionable;
    auto prev = previous.find(key);
    r.previous_episodes =
        prev == previous.end() ? 0 : static_cast<int64_t>(prev->second.episodes.size());
    r.delta_episodes = r.episodes - r.previous_episodes;
    for (const Ack& a : in.acks) {
      if (a.rule == r.rule && (a.source.empty() || a.source == r.source) &&
          in.window.Contains(a.at))
        ++r.acks;
    }
    for (const Decision& d : in.decisions) {
      if (d.rule == r.rule && d.at < in.window.to &&
          (!r.last_decision || r.last_decision->at <= d.at)) {
        r.last_decision = d;
      }
    }
  }
  if (report) {
    for (const Problem& p : report->problems) {
      auto it = rows.find({p.source, p.rule});
      if (it == rows.end()) continue;
      auto& checks = it->second.checks;
      if (std::find(checks.begin(), checks.end(), p.check) == checks.end())
        checks.push_back(p.check);
    }
  }
  Inventory inv;
  inv.window = in.window;
  for (auto& [key, r] : rows) inv.rows.push_back(std::move(r));
  std::stable_sort(inv.rows.begin(), inv.rows.end(),
                   [](const InventoryRow& a, const InventoryRow& b) {
                     if (a.episodes != b.episodes) return a.episodes > b.episodes;
                     return a.rule < b.rule;
                   });
  return inv;
}

nlohmann::json ToJson(const InventoryRow& r) {
  nlohmann::json decision = nullptr;
  if (r.last_decision) {
    decision = {{"action", DecisionActionName(r.last_decision->action)},
                {"at", FormatRfc3339(r.last_decision->at)},
                {"author", r.last_decision->author},
                {"note", r.last_decision->note}};
  }
  return {{"rule", r.rule},
          {"source", r.source},
          {"severity", r.severity},
          {"team", r.team},
          {"defined", r.defined},
          {"episodes", r.episodes},
          {"started", r.started},
          {"instances", r.instances},
          {"firing_seconds", ToSeconds(r.firing)},
          {"median_seconds", ToSeconds(r.median)},
          {"p90_seconds", ToSeconds(r.p90)},
          {"refires", r.refires},
          {"notifications", r.notifications},
          {"acks", r.acks},
          {"actionable", ToJson(r.actionable)},
          {"last_decision", decision},
          {"previous_episodes", r.previous_episodes},
          {"delta_episodes", r.delta_episodes},
          {"checks", r.checks}};
}

nlohmann::json ToJson(const Inventory& inv) {
  nlohmann::json rows = nlohmann::json::array();
  for (const InventoryRow& r : inv.rows) rows.push_back(ToJson(r));
  return {{"from", FormatRfc3339(inv.window.from)},
          {"to", FormatRfc3339(inv.window.to)},
          {"rules", rows}};
}

}  // namespace nagame::rules
