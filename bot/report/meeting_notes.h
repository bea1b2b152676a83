// The meeting notes (issue 16: GET /review/2026-W47.md) as Markdown or Confluence storage format,
// ready to paste into the team's notes page: attendees (who recorded a decision), decisions with
// their owners, tickets to follow up, incidents no alert caught, and the watch-chart findings.
// Pure.
#pragma once

#include <string>
#include <vector>

#include "rules/problem.h"
#include "rules/review_records.h"

namespace nagame::bot::report {

struct MeetingNotes {
  std::string week;                        // "2026-W47"
  std::string window_label;                // "Mon 11-16 → Sun 11-22, Asia/Tokyo"
  std::vector<rules::Decision> decisions;  // recorded in the week, oldest first
  std::vector<rules::Problem> findings;    // the week's findings (all categories)
};

// The notes. Cells go through RenderMarkdownTable ('|' escaped, line breaks as spaces).
std::string RenderMeetingNotesMarkdown(const MeetingNotes& notes);

// The same notes in Confluence's storage format (XHTML: h1, h2, p, strong, table/tbody/tr/th/td),
// to paste into a page's storage-format editor or send through its REST API; every text is
// XML-escaped (& < > " ').
std::string RenderMeetingNotesConfluence(const MeetingNotes& notes);

}  // namespace nagame::bot::report
