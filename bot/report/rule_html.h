// The rule's page (issue 16: GET /rules/NAME, /rules/NAME/2026-W47): a timeline of the week's
// episodes per instance with the acks and decisions on it, then, as on the meeting screen, its
// numbers against last week, the suggestion with evidence and replay, the charts (8-week
// sparkline, weekday × hour heat map, duration histogram with current and proposed `for:`),
// co-firing partners and definition, and every decision with its follow-up (episodes started
// in the week before and the week after it). Pure: every text from the store is escaped here.
#pragma once

#include <string>
#include <string_view>

#include "bot/report/page_shell.h"
#include "rules/rule_page.h"

namespace nagame::bot::report {

struct RulePage : WeekHeading {
  rules::RulePageFacts facts;
  Time from;  // the timeline's window
  Time to;
  std::string review_href;  // the meeting screen of the same week
};

// Instances with a lane of their own on the timeline; the rest share one last lane.
inline constexpr size_t kMaxTimelineLanes = 12;

// The page. Stable for the same input (no clock, no randomness).
std::string RenderRuleHtml(const RulePage& page);

// The page answering a rule Nagame does not know (sent with 404).
std::string RenderUnknownRuleHtml(std::string_view rule);

}  // namespace nagame::bot::report
