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

// Plain text made safe for a Mattermost post, used for every text the renderer writes (post
// text, attachment fallback, field titles and values): Markdown's special characters
// (\ ` * _ ~ [ ] # |) and a leading list marker backslash-escaped (NeedsMarkdownBackslash);
// & < > as &amp; &lt; &gt; (so Slack-style "<!channel>" and "<url|label>" are not converted); a
// zero-width space after an '@' that starts a word (so
// "@channel", "@here", "@all" and "@user" do not notify); line breaks as spaces.
std::string MattermostEscape(const std::string& text);

}  // namespace nagame::bot::chat
