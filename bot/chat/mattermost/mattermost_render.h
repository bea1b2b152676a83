// Mattermost rendering of an Answer (formats.md §6): Markdown `text` plus Slack-style
// attachments for fields. Mattermost ignores Block Kit, and its buttons need a separate
// integration URL, so buttons are not rendered (every button's action can also be typed as a
// command). Posts are kept under `max_text` bytes (Mattermost splits posts over 16,383
// characters): lines that do not fit are replaced by a count of what was left out.
#pragma once

#include <cstddef>

#include <nlohmann/json.hpp>

#include "bot/chat/answer.h"

namespace nagame::bot::chat {

struct MattermostLimits {
  size_t max_text = 16000;
};

// The Markdown text of an answer, within `limits.max_text` bytes.
std::string MattermostMarkdown(const Answer& answer, const MattermostLimits& limits = {});

// An incoming-webhook body: {"text": markdown, "attachments": [{"fields": …}]} (attachments
// only when the answer has fields).
nlohmann::json RenderMattermostMessage(const Answer& answer, const MattermostLimits& limits = {});

// The slash-command answer: the message plus "response_type" ("ephemeral" or "in_channel").
nlohmann::json RenderMattermostResponse(const Answer& answer, const MattermostLimits& limits = {});

// Backslash-escapes Markdown's special characters (\ ` * _ ~ [ ] # |) in plain text.
std::string MarkdownEscape(const std::string& text);

}  // namespace nagame::bot::chat
