// The document every web page shares (the report, the meeting screen, the rule page): doctype,
// `lang`, viewport, title, the one inline style sheet, and the Content-Security-Policy that
// allows exactly that style (by hash) and no script. Pure.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nagame::bot::report {

// The week a page shows and the links around it (the report's and the meeting's).
struct WeekHeading {
  std::string week;           // "2026-W47"
  std::string window_label;   // "Mon 11-16 → Sun 11-22, Asia/Tokyo"
  bool partial = false;       // the week is still running: figures so far
  std::string previous_href;  // "/report/2026-W46"
  std::string next_href;      // empty: no link (the week after is in the future)
};

// `<h1>title</h1>`, the window label, and a nav of the week before, the week after and each
// of `links` ({href, text}); texts escaped.
std::string RenderWeekHeading(std::string_view title, const WeekHeading& heading,
                              const std::vector<std::pair<std::string, std::string>>& links);

// `<!DOCTYPE html>…<body>` + body + `</body></html>`; `title` is escaped, `body` is HTML.
std::string RenderDocument(std::string_view title, std::string_view body);

// The CSP for a page from RenderDocument (bot/http/content_security.h).
const std::string& DocumentCsp();
// The same, also allowing scripts served from this origin (the meeting screen's file,
// bot/report/review_script.h); still no inline script.
const std::string& ScriptedDocumentCsp();

}  // namespace nagame::bot::report
