// The Teams platform: its config block, its outgoing-webhook endpoint and its Workflows posts.
#include "bot/chat/teams/teams_platform.h"

#include <utility>

#include <nlohmann/json.hpp>

#include "bot/chat/command_platform.h"
#include "bot/chat/command_runner.h"
#include "bot/chat/teams/teams_render.h"
#include "bot/chat/teams/teams_signature.h"
#include "bot/config/reader.h"

namespace nagame::bot::chat {

std::string TeamsCommandText(std::string_view html) {
  static constexpr Entity kEntities[] = {{"&amp;", "&"},  {"&lt;", "<"},    {"&gt;", ">"},
                                         {"&nbsp;", " "}, {"&quot;", "\""}, {"&#39;", "'"}};
  std::string text;
  for (size_t i = 0; i < html.size();) {
    if (html.compare(i, 4, "<at>") == 0) {  // a mention, usually of the bot itself
      const size_t end = html.find("</at>", i);
      i = end == std::string_view::npos ? html.size() : end + 5;
    } else if (html[i] == '<') {  // any other tag: dropped, its text kept
      const size_t end = html.find('>', i);
      i = end == std::string_view::npos ? html.size() : end + 1;
      text.push_back(' ');
    } else {
      text.push_back(html[i++]);
    }
  }
  return DecodedCommandText(text, kEntities);
}

namespace {

using nlohmann::json;

constexpr char kOutgoingSecret[] = "outgoing_secret";
constexpr char kWorkflowUrl[] = "workflow_url";

class TeamsPlatformImpl : public CommandPlatform {
 public:
  TeamsPlatformImpl(std::string outgoing_secret, std::string workflow_url)
      : CommandPlatform("teams"),
        outgoing_secret_(std::move(outgoing_secret)),
        workflow_url_(std::move(workflow_url)) {}

  Status VerifyRequest(const http::Request& request, Time) const override {
    return VerifyTeamsSignature(outgoing_secret_, request[boost::beast::http::field::authorization],
                                request.body());
  }

  std::optional<Destination> SummaryDestination() const override {
    if (workflow_url_.empty()) return std::nullopt;
    return Destination{.name = "teams", .url = workflow_url_, .render = [](const Answer& answer) {
                         return DumpJson(RenderTeamsCard(answer));
                       }};
  }

  json Describe() const override {
    return {{"outgoing_secret", config::RedactedSecret(outgoing_secret_)},
            {"workflow_url", config::RedactedSecret(workflow_url_)}};
  }

 protected:
  Result<ChatCommand> ParseCommand(const http::Request& request) const override {
    json message = json::parse(request.body(), nullptr, false);
    if (!message.is_object() || !message.contains("text") || !message["text"].is_string()) {
      return InvalidArgument("a message with a text is required", "text");
    }
    ChatCommand command;
    command.who.platform = std::string(platform());
    command.who.text = TeamsCommandText(message["text"].get<std::string>());
    if (message.contains("from") && message["from"].is_object() &&
        message["from"].contains("name") && message["from"]["name"].is_string()) {
      command.who.user = message["from"]["name"].get<std::string>();
    }
    command.command_name = "@Nagame";
    return command;
  }

  json RenderAnswer(const Answer& answer) const override { return RenderTeamsReply(answer); }

  // Teams waits 5 s for an outgoing webhook's answer and takes none later through it.
  Duration ReplyBudget() const override { return std::chrono::milliseconds(4500); }

  json PendingReply() const override {
    return {{"type", "message"},
            {"text", workflow_url_.empty()
                         ? "Still working on that; please ask again in a minute."
                         : "Working on it; the answer will be posted in this channel."}};
  }

  // To the channel through the Workflows webhook, as the summary's Adaptive Card; without a
  // workflow_url there is nowhere to post (PendingReply said so).
  Status PostLate(const ChatCommand&, const Answer& answer, CommandRunner& runner) const override {
    if (workflow_url_.empty()) return Status::Ok();
    return runner.PostJson(workflow_url_, DumpJson(RenderTeamsCard(answer)));
  }

 private:
  std::string outgoing_secret_;  // empty: every request is refused
  std::string workflow_url_;
};

}  // namespace

Platform TeamsPlatform() {
  return {.name = "teams",
          .endpoints = {"outgoing"},
          .posts = true,
          .load = &LoadSecretAndUrl<TeamsPlatformImpl, kOutgoingSecret, kWorkflowUrl>};
}

}  // namespace nagame::bot::chat
