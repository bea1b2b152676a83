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
// "content": AdaptiveCard 1.2}]}: the body of a Workflows webhook post.
nlohmann::json RenderTeamsCard(const Answer& answer, const TeamsLimits& limits = {});

}  // namespace nagame::bot::chat
