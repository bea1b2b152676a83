// Mattermost: slash commands (POST /chat/mattermost/commands) verified with the command's
// token (form field or `Authorization: Token`), answered in Markdown inline within 2 s or else
// through the command's response_url; the weekly summary goes to an incoming webhook.
#pragma once

#include "bot/chat/platform.h"

namespace nagame::bot::chat {

// The registry entry: "mattermost", endpoint "commands", posting. Its block under `chat`
// takes token and webhook_url (each also as *_file), at least one of them.
Platform MattermostPlatform();

}  // namespace nagame::bot::chat
