// The chat endpoints (design §6): POST /chat/slack/commands, /chat/slack/interactions,
// /chat/mattermost/commands and /chat/teams/outgoing. Each verifies the request before
// anything else (401 with a generic body and a "chat_unauthenticated" log line naming only
// the platform and the peer), parses it into an Invocation, runs the command on the
// CommandRunner and renders the Answer for its platform. A command not done within
// `inline_budget` is acknowledged at once and answered through response_url (Slack,
// Mattermost); Teams, which has no response_url, gets a "still working" reply.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "bot/chat/command.h"
#include "bot/chat/command_runner.h"
#include "bot/config.h"
#include "bot/http/handler.h"
#include "rules/clock.h"

namespace nagame::bot::chat {

struct ChatDeps {
  ChatConfig chat;                  // the secrets of each platform; a platform not set is 404
  ReviewService* review = nullptr;  // must outlive the handlers
  CommandRunner* runner = nullptr;  // must outlive the handlers
  std::string public_url;
  std::function<Result<std::string>()> post_summary;  // see CommandEnv
  Clock clock;                                        // for Slack's replay window
  // Slack's limit is 3 s for the whole exchange; 2 s leaves room for the network.
  Duration inline_budget = std::chrono::seconds(2);
  // Teams waits 5 s for an outgoing webhook's answer and takes none later through it; a
  // slower answer goes to the channel through `chat.teams.workflow_url` when it is set.
  Duration teams_budget = std::chrono::milliseconds(4500);
};

http::Handler MakeSlackCommandHandler(std::shared_ptr<const ChatDeps> deps);
http::Handler MakeSlackInteractionHandler(std::shared_ptr<const ChatDeps> deps);
http::Handler MakeMattermostCommandHandler(std::shared_ptr<const ChatDeps> deps);
http::Handler MakeTeamsOutgoingHandler(std::shared_ptr<const ChatDeps> deps);

// Teams message text to command text: drops <at>…</at> mentions and other tags, decodes
// &nbsp; &amp; &lt; &gt; &quot;, and trims. Slack text: decodes &amp; &lt; &gt;.
std::string TeamsCommandText(std::string_view html);
std::string SlackCommandText(std::string_view text);

}  // namespace nagame::bot::chat
