// The meeting screen (issue 16: GET /review, /review/2026-W47): the week's agenda, one section
// per rule in meeting order, each with its numbers against last week, its charts (8-week
// sparkline, weekday × hour heat map, duration histogram with the current and proposed
// `for:`), its findings with their evidence and replay, its co-firing partners, definition,
// decisions and acks, and a form that records a decision or an ack; then the watch charts
// (bot/report/watch_charts.h). Server-rendered HTML and inline SVG; nothing fetched from
// elsewhere. Pure: every text from the store is HTML-escaped here.
#pragma once

#include <string>
#include <vector>

#include "bot/report/page_shell.h"
#include "rules/meeting_agenda.h"

namespace nagame::bot::report {

// Agenda items with a full section on the page; the rest are a table of links.
inline constexpr size_t kReviewSections = 30;
// Rows of that table at most (the printable report lists every rule).
inline constexpr size_t kReviewMoreRows = 200;

struct ReviewPage : WeekHeading {
  std::string report_href;  // the printable report of the same week
  int64_t first_day = 0;    // local day number of each item's daily_starts[0]
  std::vector<rules::AgendaItem> agenda;
  // The watch charts after the rules (bot/report/watch_charts.h); none without watch queries.
  rules::Window window;
  rules::ZoneClock zone;
  std::vector<rules::WatchSeries> watch;
  std::vector<rules::Problem> watch_findings;
  // Who is looking (bot/api/page_auth.h) and the form's token for them; an empty token: the
  // user is not identified, so the page shows no form.
  std::string user;
  std::string csrf_token;
  std::string record_href;  // "/review/2026-W47/record"
};

// The page. Stable for the same input (no clock, no randomness).
std::string RenderReviewHtml(const ReviewPage& page);

}  // namespace nagame::bot::report
