// A generic JSON webhook for the weekly summary: {"title", "text" (PlainText), "sections":
// [{"heading", "lines", "fields": [{"label", "value"}]}], "link"} POSTed to webhook_url, with
// `Authorization: Bearer <bearer_token>` when a token is set. Posting only: it takes no
// commands.
#pragma once

#include "bot/chat/platform.h"

namespace nagame::bot::chat {

// The registry entry: "generic", no endpoints, posting. Its block under `chat` takes
// webhook_url (required) and bearer_token (each also as *_file).
Platform GenericWebhookPlatform();

}  // namespace nagame::bot::chat
