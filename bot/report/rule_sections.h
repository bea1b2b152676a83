// The parts of a rule's section that the meeting screen (review_html.h) and the rule page
// (rule_html.h) share: its numbers against last week, findings with evidence and replay,
// charts, co-firing partners, definition, and decisions and acks. Pure; each returns HTML with
// every stored text escaped.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "rules/meeting_agenda.h"

namespace nagame::bot::report {

// "/rules/<name percent-encoded>": the rule's page.
std::string RuleHref(std::string_view rule);

// "2026-11-16" for a local day number.
std::string DayLabel(int64_t day);

std::string RuleNumbers(const rules::InventoryRow& row);
std::string RuleFindings(const rules::AgendaItem& item);
// The sparkline, heat map and duration histogram, ids "<id>-sparkline", "<id>-heatmap",
// "<id>-durations"; `first_day` names daily_starts[0].
std::string RuleCharts(const rules::AgendaItem& item, int64_t first_day, const std::string& id);
// Each partner linked to partner_href(name).
std::string RulePartners(const rules::AgendaItem& item,
                         const std::function<std::string(const std::string&)>& partner_href);
std::string RuleDefinition(const rules::AgendaItem& item);
// Decisions (all, oldest first) and the window's acks.
std::string RuleHistory(const rules::AgendaItem& item);

}  // namespace nagame::bot::report
