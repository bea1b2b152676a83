// Budgeted Markdown assembly shared by the Mattermost and Teams renderers: an answer as
// Markdown lines, cut at a line boundary so the text stays within a byte budget.
#pragma once

#include <cstddef>
#include <string>

#include "bot/chat/answer.h"

namespace nagame::bot::chat {

// Whether the Markdown destinations' escape functions (MattermostEscape, TeamsEscape) put a
// backslash before text[i]: one of Markdown's characters \ ` * _ ~ [ ] # |, or the marker of a
// list item the text would start with ("-", "+", or the "." or ")" after leading digits).
bool NeedsMarkdownBackslash(const std::string& text, size_t i);

// "**title**", then per section a bold heading, "- " list lines and (when `with_fields`)
// "**label:** value" lines, then "[label](link)". Each text is passed through `escape` (the
// destination's own escape function), the link's URL percent-encoded where it would end the
// link, and an item cut never splits an escape (TruncateEscaped). Sections with nothing under
// their heading (only buttons, or only fields without `with_fields`) are left out.
// When the whole text exceeds `max_bytes`, the last lines are replaced by
// "_… N more lines not shown_" (and the link). Lines end with "\n".
std::string MarkdownText(const Answer& answer, size_t max_bytes, bool with_fields,
                         std::string (*escape)(const std::string&));

}  // namespace nagame::bot::chat
