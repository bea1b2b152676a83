// BuildAgenda: order the meeting and count what its charts draw.
#include "rules/meeting_agenda.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace nagame::rules {
namespace {

using Key = std::pair<std::string, std::string>;  // (source, rule)

// "for: 10m" → 10m; anything else → nullopt.
std::optional<Duration> ReplayedFor(const Problem& p) {
  if (!p.fix.replay) return std::nullopt;
  const std::string& change = p.fix.replay->change;
  constexpr std::string_view kPrefix = "for: ";
  if (change.rfind(kPrefix, 0) != 0) return std::nullopt;
  Result<Duration> d = ParseDuration(std::string_view(change).substr(kPrefix.size()));
  if (!d.ok()) return std::nullopt;
  return *d;
}

size_t DurationBucket(Duration d) {
  for (size_t i = 0; i < kDurationBucketBounds.size(); ++i) {
    if (d <= kDurationBucketBounds[i]) return i;
  }
  return kDurationBucketBounds.size();
}

// For each rule of `rules` with episodes in the window: the other rules that started within
// kCoFiringGap of its episodes, by how many of its episodes had one.
std::map<std::string, std::map<std::string, int64_t>> CoFiring(const CheckInput& in,
                                                               const std::set<std::string>& rules) {
  std::vector<const Episode*> starts;
  for (const Episode& e : in.episodes) {
    if (in.window.Contains(e.starts_at)) starts.push_back(&e);
  }
  std::sort(starts.begin(), starts.end(),
            [](const Episode* a, const Episode* b) { return a->starts_at < b->starts_at; });
  std::map<std::string, std::map<std::string, int64_t>> out;
  size_t lo = 0;
  for (size_t i = 0; i < starts.size(); ++i) {
    const Episode& e = *starts[i];
    while (starts[lo]->starts_at < e.starts_at - kCoFiringGap) ++lo;
    if (!rules.count(e.rule)) continue;  // only the items' partners are shown
    std::set<std::string> seen;
    for (size_t j = lo; j < starts.size() && starts[j]->starts_at <= e.starts_at + kCoFiringGap;
         ++j) {
      if (starts[j]->rule != e.rule) seen.insert(starts[j]->rule);
    }
    for (const std::string& partner : seen) ++out[e.rule][partner];
  }
  return out;
}

// The items of the inventory rows `keep` accepts (given the row and whether it has findings),
// in meeting order, with their charts' figures.
template <typename Keep>
std::vector<AgendaItem> BuildItems(const CheckInput& in, const Inventory& inventory,
                                   const CheckReport& report, const Keep& keep) {
  std::map<Key, std::vector<const Problem*>> problems;
  for (const Problem& p : report.problems) {
    if (!p.rule.empty()) problems[{p.source, p.rule}].push_back(&p);
  }
  std::map<Key, AgendaItem*> by_key;
  std::vector<AgendaItem> items;
  items.reserve(inventory.rows.size());
  for (const InventoryRow& row : inventory.rows) {
    auto own = problems.find({row.source, row.rule});
    auto any = problems.find({"", row.rule});  // findings not tied to a source
    const bool has_problems = own != problems.end() || any != problems.end();
    if (!keep(row, has_problems)) continue;
    AgendaItem item;
    item.row = row;
    for (auto it : {own, any}) {
      if (it == problems.end()) continue;
      for (const Problem* p : it->second) {
        item.problems.push_back(*p);
        if (!item.proposed_for) item.proposed_for = ReplayedFor(*p);
      }
    }
    items.push_back(std::move(item));
  }
  std::stable_sort(items.begin(), items.end(), [](const AgendaItem& a, const AgendaItem& b) {
    if (a.problems.empty() != b.problems.empty()) return b.problems.empty();
    if (a.row.episodes != b.row.episodes) return a.row.episodes > b.row.episodes;
    return std::tie(a.row.rule, a.row.source) < std::tie(b.row.rule, b.row.source);
  });
  for (AgendaItem& item : items) by_key[{item.row.source, item.row.rule}] = &item;

  const int64_t first_day = in.zone.ToLocal(in.history_from).day_number;
  const int64_t last_day = in.zone.ToLocal(in.window.to - std::chrono::seconds(1)).day_number;
  const size_t days = static_cast<size_t>(std::max<int64_t>(last_day - first_day + 1, 1));
  for (AgendaItem& item : items) item.daily_starts.assign(days, 0);

  for (const Episode& e : in.episodes) {
    auto it = by_key.find({e.source, e.rule});
    if (it == by_key.end()) continue;
    AgendaItem& item = *it->second;
    const LocalTime local = in.zone.ToLocal(e.starts_at);
    const int64_t day = local.day_number - first_day;
    if (e.starts_at >= in.history_from && e.starts_at < in.window.to && day >= 0 &&
        static_cast<size_t>(day) < days) {
      ++item.daily_starts[static_cast<size_t>(day)];
    }
    if (in.window.Contains(e.starts_at)) {
      ++item.weekday_hour[(local.weekday + 6) % 7][local.minute_of_day / 60];
    }
    if (Clip(e.Span(in.now), in.window.interval())) {
      ++item.duration_counts[DurationBucket(e.Length(in.now))];
    }
  }
  for (const DefinedRule& d : in.rules) {
    auto it = by_key.find({d.source, d.definition.name});
    if (it == by_key.end() || it->second->definition) continue;
    it->second->definition = d;
    it->second->current_for = d.definition.for_duration;
  }
  std::set<std::string> item_rules;
  for (const AgendaItem& item : items) item_rules.insert(item.row.rule);
  const auto co_firing = CoFiring(in, item_rules);
  for (AgendaItem& item : items) {
    if (auto it = co_firing.find(item.row.rule); it != co_firing.end()) {
      item.partners.assign(it->second.begin(), it->second.end());
      std::stable_sort(item.partners.begin(), item.partners.end(),
                       [](const auto& a, const auto& b) { return a.second > b.second; });
      if (item.partners.size() > kMaxPartners) item.partners.resize(kMaxPartners);
    }
    for (const Decision& d : in.decisions) {
      if (d.rule == item.row.rule) item.decisions.push_back(d);
    }
    std::stable_sort(item.decisions.begin(), item.decisions.end(),
                     [](const Decision& a, const Decision& b) { return a.at < b.at; });
    for (const Ack& a : in.acks) {
      if (a.rule == item.row.rule && (a.source.empty() || a.source == item.row.source) &&
          in.window.Contains(a.at)) {
        item.acks.push_back(a);
      }
    }
    std::stable_sort(item.acks.begin(), item.acks.end(),
                     [](const Ack& a, const Ack& b) { return a.at < b.at; });
  }
  return items;
}

}  // namespace

std::vector<AgendaItem> BuildAgenda(const CheckInput& in, const Inventory& inventory,
                                    const CheckReport& report) {
  return BuildItems(in, inventory, report, [](const InventoryRow& row, bool has_problems) {
    return row.episodes > 0 || has_problems;
  });
}

std::vector<AgendaItem> RuleAgendaItems(const CheckInput& in, const Inventory& inventory,
                                        const CheckReport& report, std::string_view rule) {
  return BuildItems(in, inventory, report,
                    [rule](const InventoryRow& row, bool) { return row.rule == rule; });
}

}  // namespace nagame::rules
