// ChatService: the chat side of a running bot, wired from the config — the command runner and
// the four chat endpoints. App creates one, registers its handlers in its route table, and
// hands it the one thing it needs from the weekly summary job: a way to post the summary now.
#pragma once

#include <functional>
#include <memory>

#include "bot/chat/chat_handlers.h"
#include "bot/config.h"

namespace nagame::bot::chat {

class ChatService {
 public:
  // `review` must outlive the service. `post_summary` queues the weekly summary for posting
  // now (the `summary post` command; see CommandEnv::post_summary); it may be called from the
  // runner's threads until the service is destroyed.
  ChatService(const Config& config, ReviewService* review,
              std::function<Result<std::string>()> post_summary);
  // Waits for running commands to finish.
  ~ChatService();

  http::Handler SlackCommands() const { return MakeSlackCommandHandler(deps_); }
  http::Handler SlackInteractions() const { return MakeSlackInteractionHandler(deps_); }
  http::Handler MattermostCommands() const { return MakeMattermostCommandHandler(deps_); }
  http::Handler TeamsOutgoing() const { return MakeTeamsOutgoingHandler(deps_); }

 private:
  std::unique_ptr<CommandRunner> runner_;
  std::shared_ptr<const ChatDeps> deps_;
};

}  // namespace nagame::bot::chat
