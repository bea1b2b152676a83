// Slack rendering of an Answer as Block Kit (formats.md §5.3–5.5), always within Slack's
// limits: at most 50 blocks, at most 3,000 characters per section text and 2,000 per field,
// 150 per header, 75 per button label, 25 buttons per actions block, about 12,000 characters
// of block text in total (Slack refuses larger messages with msg_blocks_too_long), and a
// plain-text `text` fallback of at most 3,000. What does not fit is cut at a line boundary and
// replaced by a last context block saying how many lines were left out (and linking to the
// answer's link, if any).
#pragma once

#include <cstddef>

#include <nlohmann/json.hpp>

#include "bot/chat/answer.h"

namespace nagame::bot::chat {

struct SlackLimits {
  size_t max_blocks = 50;
  size_t max_section_text = 3000;
  size_t max_field_text = 2000;
  size_t max_fields = 10;
  size_t max_header_text = 150;
  size_t max_button_label = 75;
  size_t max_buttons_per_block = 25;
  size_t max_total_text = 12000;
  size_t max_fallback_text = 3000;
};

// {"text": fallback, "blocks": [...]}: the body of an incoming webhook post (chat.postMessage
// adds "channel").
nlohmann::json RenderSlackMessage(const Answer& answer, const SlackLimits& limits = {});

// The slash-command (or response_url) answer: RenderSlackMessage plus "response_type":
// "ephemeral", or "in_channel" when answer.in_channel.
nlohmann::json RenderSlackResponse(const Answer& answer, const SlackLimits& limits = {});

// Slack mrkdwn escaping of plain text: & < > become &amp; &lt; &gt;.
std::string SlackEscape(const std::string& text);

}  // namespace nagame::bot::chat
