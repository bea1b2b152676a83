// Slack: slash commands (POST /chat/slack/commands) and button presses (POST
// /chat/slack/interactions), both verified with the app's signing secret (v0 signature,
// 5-minute replay window); answers in Block Kit, inline within 2 s or else through the
// command's response_url. The weekly summary goes through chat.postMessage (bot_token and
// channel) or an incoming webhook (webhook_url).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "bot/chat/platform.h"

namespace nagame::bot::chat {

// The registry entry: "slack", endpoints "commands" and "interactions", posting. Its block
// under `chat` takes signing_secret, bot_token (with channel) and webhook_url (each secret
// also as *_file), at least one of them.
Platform SlackPlatform();

// Slack message text to command text: decodes &amp; &lt; &gt; and trims.
std::string SlackCommandText(std::string_view text);

// chat.postMessage's URL; tests point a Destination elsewhere by changing its url.
inline constexpr char kSlackPostMessageUrl[] = "https://slack.com/api/chat.postMessage";

}  // namespace nagame::bot::chat
