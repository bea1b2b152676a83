// The document every web page shares (the report, the meeting screen, the rule page): doctype,
// `lang`, viewport, title, the one inline style sheet, and the Content-Security-Policy that
// allows exactly that style (by hash) and no script. Pure.
#pragma once

#include <string>
#include <string_view>

namespace nagame::bot::report {

// `<!DOCTYPE html>…<body>` + body + `</body></html>`; `title` is escaped, `body` is HTML.
std::string RenderDocument(std::string_view title, std::string_view body);

// The CSP for a page from RenderDocument (bot/http/content_security.h).
const std::string& DocumentCsp();

}  // namespace nagame::bot::report
