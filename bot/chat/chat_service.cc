// Chat wiring: the route of each platform endpoint, and the runner they share.
#include "bot/chat/chat_service.h"

#include "bot/chat/command_runner.h"
#include "bot/http/response.h"
#include "rules/clock.h"

namespace nagame::bot::chat {
namespace {

http::Handler NotConfigured(std::string_view platform) {
  return [platform](http::RequestContext& ctx) -> boost::asio::awaitable<http::Response> {
    co_return http::ErrorResponse(NotFound(std::string(platform) + " is not configured"),
                                  ctx.request);
  };
}

}  // namespace

std::vector<http::Route> ChatRoutes(
    const std::map<std::string, std::shared_ptr<const ConfiguredPlatform>>& platforms,
    std::shared_ptr<const ChatContext> context) {
  std::vector<http::Route> routes;
  for (const Platform& platform : AllPlatforms()) {
    auto it = platforms.find(std::string(platform.name));
    for (std::string_view endpoint : platform.endpoints) {
      http::Handler handler = NotConfigured(platform.name);
      if (it != platforms.end()) {
        handler = [configured = it->second, context, endpoint](http::RequestContext& ctx) {
          return configured->Handle(endpoint, context, ctx);
        };
      }
      routes.push_back({boost::beast::http::verb::post,
                        "/chat/" + std::string(platform.name) + "/" + std::string(endpoint),
                        std::move(handler)});
    }
  }
  return routes;
}

ChatService::ChatService(const Config& config, ReviewService* review,
                         std::function<Result<std::string>()> post_summary)
    : platforms_(config.chat),
      runner_(std::make_unique<CommandRunner>(
          2, net::HttpClientOptions{.ca_file = config.tls.ca_file}, SystemNow)) {
  auto context = std::make_shared<ChatContext>();
  context->review = review;
  context->runner = runner_.get();
  context->public_url = config.public_url;
  context->post_summary = std::move(post_summary);
  context->clock = SystemNow;
  context_ = std::move(context);
}

ChatService::~ChatService() = default;

void ChatService::Drain() { runner_->Drain(); }

std::vector<http::Route> ChatService::Routes() const { return ChatRoutes(platforms_, context_); }

}  // namespace nagame::bot::chat
