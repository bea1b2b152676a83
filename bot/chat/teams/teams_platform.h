// Microsoft Teams: an outgoing webhook (POST /chat/teams/outgoing, "@Nagame top 5") verified
// with its HMAC secret. Teams waits 5 s for the answer and takes none later on that request:
// an answer slower than 4.5 s is posted to the channel through the Workflows webhook
// (workflow_url) when one is set, which also takes the weekly summary as an Adaptive Card.
#pragma once

#include <string>
#include <string_view>

#include "bot/chat/platform.h"

namespace nagame::bot::chat {

// The registry entry: "teams", endpoint "outgoing", posting. Its block under `chat` takes
// outgoing_secret (base64, as Teams shows it) and workflow_url (each also as *_file), at least
// one of them.
Platform TeamsPlatform();

// Teams message text to command text: drops <at>…</at> mentions and other tags, decodes
// &nbsp; &amp; &lt; &gt; &quot; &#39;, and trims.
std::string TeamsCommandText(std::string_view html);

}  // namespace nagame::bot::chat
