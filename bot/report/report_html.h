// The web report (design §7: GET /report, /report/2026-W47): one week's inventory and
// suggestions as a self-contained HTML page — inline CSS and SVG charts, no scripts, nothing
// fetched from elsewhere (the document and its CSP from bot/report/page_shell.h) — so it opens from
// a chat link, prints, and works offline. Pure: every text from the store (rule names, labels,
// notes, fixes) is HTML-escaped here.
#pragma once

#include <string>
#include <string_view>

#include "bot/report/page_shell.h"
#include "rules/check_runner.h"
#include "rules/inventory.h"

namespace nagame::bot::report {

struct ReportPage : WeekHeading {
  std::string review_href;  // the meeting screen of the same week; empty: no link
  rules::Inventory inventory;
  rules::CheckReport report;
};

// Rules with the most episodes drawn in the charts (the table lists every rule).
inline constexpr size_t kChartRules = 15;

// The bar charts: a viewBox this wide (user units = px at 100%; a 500 px screen shows their
// 12 px text at about 11.5 px), rows this tall, and the advance reserved per character of a
// bar's value text (12 px system-ui digits and letters are narrower).
inline constexpr int kChartWidth = 480;
inline constexpr int kChartRowHeight = 42;
inline constexpr double kChartCharWidth = 7.5;
// This week's bar (4.8:1 on white) and the week before's (5.0:1): graphics need 3:1.
inline constexpr char kNowFill[] = "#2e6fdb";
inline constexpr char kBeforeFill[] = "#667085";

// The page. Stable for the same input (no clock, no randomness).
std::string RenderReportHtml(const ReportPage& page);

}  // namespace nagame::bot::report
