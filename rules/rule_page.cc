// BuildRulePage: the rule's agenda items, its window's episodes and its decisions' follow-up.
#include "rules/rule_page.h"

#include <algorithm>

namespace nagame::rules {

RulePageFacts BuildRulePage(const CheckInput& in, const Inventory& inventory,
                            const CheckReport& report, std::string_view rule) {
  RulePageFacts out;
  out.rule = std::string(rule);
  out.items = RuleAgendaItems(in, inventory, report, rule);
  std::stable_sort(
      out.items.begin(), out.items.end(),
      [](const AgendaItem& a, const AgendaItem& b) { return a.row.episodes > b.row.episodes; });
  out.first_day = in.zone.ToLocal(in.history_from).day_number;
  std::vector<Time> starts;  // of the rule, over the whole input
  for (const Episode& e : in.episodes) {
    if (e.rule != rule) continue;
    starts.push_back(e.starts_at);
    if (e.starts_at < in.window.to && e.Span(in.now).end >= in.window.from) {
      out.episodes.push_back(e);
    }
  }
  std::sort(starts.begin(), starts.end());
  std::stable_sort(out.episodes.begin(), out.episodes.end(),
                   [](const Episode& a, const Episode& b) { return a.starts_at < b.starts_at; });
  auto count = [&starts](Time from, Time to) {
    return static_cast<int64_t>(std::lower_bound(starts.begin(), starts.end(), to) -
                                std::lower_bound(starts.begin(), starts.end(), from));
  };
  for (const Decision& d : in.decisions) {
    if (d.rule != rule) continue;
    DecisionFollowUp f;
    f.decision = d;
    f.before_complete = d.at - kFollowUpSpan >= in.history_from;
    f.before = count(d.at - kFollowUpSpan, d.at);
    const Time after_end = std::min(d.at + kFollowUpSpan, in.window.to);
    f.after_span = after_end > d.at ? after_end - d.at : Duration::zero();
    f.after = count(d.at, after_end);
    out.follow_ups.push_back(std::move(f));
  }
  std::stable_sort(out.follow_ups.begin(), out.follow_ups.end(),
                   [](const DecisionFollowUp& a, const DecisionFollowUp& b) {
                     return a.decision.at < b.decision.at;
                   });
  return out;
}

}  // namespace nagame::rules
