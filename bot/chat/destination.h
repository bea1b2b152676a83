// Where the weekly summary is posted (design §6): a Slack incoming webhook or chat.postMessage
// with a bot token, a Mattermost incoming webhook, a Teams Workflows webhook, or a generic JSON
// webhook; and the body each one is sent.
#pragma once

#include <string>
#include <vector>

#include "bot/chat/answer.h"
#include "bot/config.h"

namespace nagame::bot::chat {

struct Destination {
  enum class Kind { kSlackWebhook, kSlackBot, kMattermostWebhook, kTeamsWorkflow, kGenericJson };
  std::string name;  // "slack", "mattermost", "teams", "generic": the outbox key's part
  Kind kind = Kind::kGenericJson;
  std::string url;           // secret: never logged, never stored in the outbox
  std::string bearer_token;  // secret: Slack's bot token, or the generic webhook's token
  std::string channel;       // kSlackBot
};

// The destinations of config.summary.post_to, resolved against config.chat: Slack posts with
// chat.postMessage when it has a bot token and a channel, else to its webhook_url. A platform
// without a URL to post to is left out.
std::vector<Destination> SummaryDestinations(const Config& config);

// The HTTP body for `answer` at `destination`: Block Kit for Slack (plus "channel" for the bot
// API), Markdown and attachments for Mattermost, an Adaptive Card for Teams, and for a generic
// webhook {"title", "text" (PlainText), "sections": [{"heading","lines","fields"}], "link"}.
std::string RenderForDestination(const Answer& answer, const Destination& destination);

// chat.postMessage's URL; tests point the sender elsewhere with Destination::url.
inline constexpr char kSlackPostMessageUrl[] = "https://slack.com/api/chat.postMessage";

}  // namespace nagame::bot::chat
