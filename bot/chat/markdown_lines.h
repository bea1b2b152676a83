// Budgeted Markdown assembly shared by the Mattermost and Teams renderers: an answer as
// Markdown lines, cut at a line boundary so the text stays within a byte budget.
#pragma once

#include <cstddef>
#include <string>

#include "bot/chat/answer.h"

namespace nagame::bot::chat {

// "**title**", then per section a bold heading, "- " list lines and (when `with_fields`)
// "**label:** value" lines, then "[label](link)". Each item is passed through `escape`.
// When the whole text exceeds `max_bytes`, the last lines are replaced by
// "_… N more lines not shown_" (and the link). Lines end with "\n".
std::string MarkdownText(const Answer& answer, size_t max_bytes, bool with_fields,
                         std::string (*escape)(const std::string&));

}  // namespace nagame::bot::chat
