// What the rule page (GET /rules/NAME) shows beyond the meeting's agenda item: the rule's
// episodes over the window for its timeline, and each decision's follow-up (how often the rule
// started firing in the week before the decision and in the week after). Pure: plain values
// in, no clock, no store.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rules/check.h"
#include "rules/check_runner.h"
#include "rules/inventory.h"
#include "rules/meeting_agenda.h"

namespace nagame::rules {

// How far before and after a decision its follow-up counts.
inline constexpr Duration kFollowUpSpan = std::chrono::days(7);

struct DecisionFollowUp {
  Decision decision;
  // Whether the input's history reaches kFollowUpSpan before the decision; false: `before` is
  // a count over only part of that span.
  bool before_complete = false;
  int64_t before = 0;      // episodes started in [at - kFollowUpSpan, at)
  int64_t after = 0;       // episodes started in [at, at + after_span)
  Duration after_span{0};  // kFollowUpSpan, or less when the window ends sooner
};

struct RulePageFacts {
  std::string rule;
  std::vector<AgendaItem> items;  // one per source (RuleAgendaItems), most episodes first
  std::vector<Episode> episodes;  // the rule's, overlapping the window, oldest first
  std::vector<DecisionFollowUp> follow_ups;  // one per decision in the input, oldest first
  int64_t first_day = 0;                     // local day number of each item's daily_starts[0]
};

// The facts of rule `rule` over `in.window`; `inventory` and `report` are those built from `in`.
RulePageFacts BuildRulePage(const CheckInput& in, const Inventory& inventory,
                            const CheckReport& report, std::string_view rule);

}  // namespace nagame::rules
