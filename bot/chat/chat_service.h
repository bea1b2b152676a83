// ChatService: the chat side of a running bot, wired from the config — the command runner and
// the endpoints of every registered platform (bot/chat/platform.h). App creates one, adds its
// routes to the route table, and hands it the one thing it needs from the weekly summary job:
// a way to post the summary now.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bot/chat/platform.h"
#include "bot/config.h"
#include "bot/http/router.h"

namespace nagame::bot::chat {

// POST /chat/<platform>/<endpoint> for every endpoint of every registered platform, in
// registration order: handled by the platform configured in `platforms` with `context`, or
// answered 404 "<platform> is not configured" when it has no block under `chat`.
std::vector<http::Route> ChatRoutes(
    const std::map<std::string, std::shared_ptr<const ConfiguredPlatform>>& platforms,
    std::shared_ptr<const ChatContext> context);

class ChatService {
 public:
  // `review` must outlive the service. `post_summary` queues the weekly summary for posting
  // now (the `summary post` command; see CommandEnv::post_summary); it may be called from the
  // runner's threads until the service is destroyed.
  ChatService(const Config& config, ReviewService* review,
              std::function<Result<std::string>()> post_summary);
  // Waits for running commands (and their late answers) to finish.
  ~ChatService();

  // The same wait, earlier: call it before the HTTP server's io_context is destroyed (see
  // CommandRunner::Drain).
  void Drain();

  // ChatRoutes of the configured platforms. The handlers must not outlive the service.
  std::vector<http::Route> Routes() const;

 private:
  std::map<std::string, std::shared_ptr<const ConfiguredPlatform>> platforms_;
  std::shared_ptr<const ChatContext> context_;
  std::unique_ptr<CommandRunner> runner_;  // destroyed first: running commands finish
};

}  // namespace nagame::bot::chat
