// Chat wiring.
#include "bot/chat/chat_service.h"

#include "bot/review/review_service.h"
#include "rules/clock.h"
#include "rules/time.h"

namespace nagame::bot::chat {

ChatService::ChatService(const Config& config, ReviewService* review,
                         std::function<Result<std::string>()> post_summary)
    : runner_(std::make_unique<CommandRunner>(
          2, net::HttpClientOptions{.ca_file = config.tls.ca_file}, SystemNow)) {
  auto deps = std::make_shared<ChatDeps>();
  deps->chat = config.chat;
  deps->review = review;
  deps->runner = runner_.get();
  deps->public_url = config.public_url;
  deps->clock = SystemNow;
  deps->post_summary = std::move(post_summary);
  deps_ = std::move(deps);
}

ChatService::~ChatService() = default;

}  // namespace nagame::bot::chat
