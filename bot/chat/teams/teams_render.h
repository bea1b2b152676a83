// Microsoft Teams rendering of an Answer: the reply to an outgoing webhook (a message whose
// Markdown `text` Teams renders) and the Adaptive Card message a Workflows webhook posts
// (formats.md §7.2). Teams cards are limited to about 28 KB, so both are kept under
// `max_bytes` of text, cut at a line boundary with a count of what was left out. Buttons are
// not rendered (a Workflows flow has no bot to receive them); the link becomes an
// Action.OpenUrl.
#pragma once

#include <cstddef>

#include <nlohmann/json.hpp>

#include "bot/chat/answer.h"

namespace nagame::bot::chat {

struct TeamsLimits {
  size_t max_bytes = 20000;
};

// {"type": "message", "text": markdown}: the synchronous answer to an outgoing webhook.
nlohmann::json RenderTeamsReply(const Answer& answer, const TeamsLimits& limits = {});

// {"type": "message", "attachments": [{"contentType": "application/vnd.microsoft.card.adaptive",
// "content": AdaptiveCard 1.2}]}: the body of a Workflows webhook post. The card uses only
// 1.2 features (tests/adaptive_cards checks every golden card at its declared version); a
// section heading is shown only with lines or facts under it.
nlohmann::json RenderTeamsCard(const Answer& answer, const TeamsLimits& limits = {});

// Plain text made safe for Teams Markdown (the reply's text, and every TextBlock and FactSet
// title and value of the card): Markdown's special characters (\ ` * _ ~ [ ] # | < >)
// backslash-escaped, a leading "-", "+" or "1." kept from starting a list, line breaks as
// spaces.
std::string TeamsEscape(const std::string& text);

}  // namespace nagame::bot::chat
