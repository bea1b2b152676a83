// The Mattermost platform: its config block, its command endpoint and its summary webhook.
#include "bot/chat/mattermost/mattermost_platform.h"

#include <utility>

#include <nlohmann/json.hpp>

#include "bot/chat/command_platform.h"
#include "bot/chat/mattermost/mattermost_render.h"
#include "bot/chat/mattermost/mattermost_token.h"
#include "bot/config/reader.h"

namespace nagame::bot::chat {
namespace {

constexpr char kToken[] = "token";
constexpr char kWebhookUrl[] = "webhook_url";

class MattermostPlatformImpl : public CommandPlatform {
 public:
  MattermostPlatformImpl(std::string token, std::string webhook_url)
      : CommandPlatform("mattermost"),
        token_(std::move(token)),
        webhook_url_(std::move(webhook_url)) {}

  // The token may come in the form body: a body that is no form still gets its header checked
  // (and, verified, a 400 from ParseCommand).
  Status VerifyRequest(const http::Request& request, Time) const override {
    auto form = http::ParseQuery(request.body());
    return VerifyMattermostToken(token_, request[boost::beast::http::field::authorization],
                                 form.ok() ? FormField(*form, "token") : "");
  }

  std::optional<Destination> SummaryDestination() const override {
    if (webhook_url_.empty()) return std::nullopt;
    return Destination{
        .name = "mattermost", .url = webhook_url_, .render = [](const Answer& answer) {
          return DumpJson(RenderMattermostMessage(answer));
        }};
  }

  nlohmann::json Describe() const override {
    return {{"token", config::RedactedSecret(token_)},
            {"webhook_url", config::RedactedSecret(webhook_url_)}};
  }

 protected:
  Result<ChatCommand> ParseCommand(const http::Request& request) const override {
    NAGAME_ASSIGN_OR_RETURN(http::QueryMap form, http::ParseQuery(request.body()));
    return SlashCommand(form, platform(), FormField(form, "text"));
  }

  nlohmann::json RenderAnswer(const Answer& answer) const override {
    return RenderMattermostResponse(answer);
  }

 private:
  std::string token_;  // empty: every request is refused
  std::string webhook_url_;
};

}  // namespace

Platform MattermostPlatform() {
  return {.name = "mattermost",
          .endpoints = {"commands"},
          .posts = true,
          .load = &LoadSecretAndUrl<MattermostPlatformImpl, kToken, kWebhookUrl>};
}

}  // namespace nagame::bot::chat
