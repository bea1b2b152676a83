// The Slack platform: its config block, its two endpoints and its summary destinations.
#include "bot/chat/slack/slack_platform.h"

#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "bot/chat/command_platform.h"
#include "bot/chat/command_runner.h"
#include "bot/chat/slack/slack_render.h"
#include "bot/chat/slack/slack_signature.h"
#include "bot/config/reader.h"
#include "bot/http/response.h"
#include "bot/log.h"
#include "bot/review/review_service.h"

namespace nagame::bot::chat {
namespace {

using nlohmann::json;

constexpr std::string_view kCommands = "commands";
constexpr std::string_view kInteractions = "interactions";

// Records one button press; returns the confirmation text.
std::string RecordAction(const std::string& action_id, const std::string& rule,
                         const std::string& user, ReviewService* review) {
  const std::string action = action_id.substr(0, action_id.find('#'));
  const auto colon = action.find(':');
  if (colon == std::string::npos) return "Unknown action.";
  const std::string kind = action.substr(0, colon), choice = action.substr(colon + 1);
  Status st;
  if (kind == "feedback") {
    auto verdict = rules::ParseVerdict(choice);
    if (!verdict) return "Unknown feedback.";
    st = review->RecordFeedback({.rule = rule, .verdict = *verdict, .user = user}).status();
  } else if (kind == "decide") {
    auto decision = rules::ParseDecisionAction(choice);
    if (!decision) return "Unknown decision.";
    st = review->RecordDecision({.rule = rule, .action = *decision, .author = user}).status();
  } else {
    return "Unknown action.";
  }
  if (!st.ok()) {
    LogWarn("chat_action_failed", {{"action", action}, {"error", st.ToString()}});
    return st.code() == Code::kUnavailable ? "Could not record that now; please try again."
                                           : "Could not record that: " + st.message();
  }
  return "Recorded " + choice + " for " + rule + " (" + user + ").";
}

// chat.postMessage answers HTTP 200 with {"ok": false, "error": "..."} when it did not post.
AttemptOutcome ReadPostMessageAnswer(const net::HttpResponse& res, Time now) {
  using Kind = AttemptOutcome::Kind;
  auto body = json::parse(res.body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("ok")) {
    return {Kind::kRetry, std::nullopt, "chat.postMessage answered without \"ok\""};
  }
  if (body["ok"] == true) return {Kind::kDelivered, std::nullopt, ""};
  std::string error = body.value("error", "unknown_error");
  error = error.substr(0, 64);
  if (error == "ratelimited") return {Kind::kRetry, res.RetryAfter(now), "slack: ratelimited"};
  return {Kind::kFail, std::nullopt, "slack: " + error};
}

class SlackPlatformImpl : public CommandPlatform {
 public:
  SlackPlatformImpl(std::string signing_secret, std::string bot_token, std::string channel,
                    std::string webhook_url)
      : CommandPlatform("slack"),
        signing_secret_(std::move(signing_secret)),
        bot_token_(std::move(bot_token)),
        channel_(std::move(channel)),
        webhook_url_(std::move(webhook_url)) {}

  boost::asio::awaitable<http::Response> Handle(std::string_view endpoint,
                                                std::shared_ptr<const ChatContext> context,
                                                http::RequestContext& request) const override {
    if (endpoint == kInteractions) return HandleButtons(std::move(context), request);
    return CommandPlatform::Handle(endpoint, std::move(context), request);
  }

  Status VerifyRequest(const http::Request& request, Time now) const override {
    return VerifySlackSignature(signing_secret_, request["X-Slack-Request-Timestamp"],
                                request["X-Slack-Signature"], request.body(), now);
  }

  std::optional<Destination> SummaryDestination() const override {
    if (!bot_token_.empty() && !channel_.empty()) {
      return Destination{.name = "slack",
                         .url = kSlackPostMessageUrl,
                         .bearer_token = bot_token_,
                         .render =
                             [channel = channel_](const Answer& answer) {
                               json body = RenderSlackMessage(answer);
                               body["channel"] = channel;
                               return DumpJson(body);
                             },
                         .read_2xx = &ReadPostMessageAnswer};
    }
    if (webhook_url_.empty()) return std::nullopt;
    return Destination{.name = "slack", .url = webhook_url_, .render = [](const Answer& answer) {
                         return DumpJson(RenderSlackMessage(answer));
                       }};
  }

  json Describe() const override {
    return {{"signing_secret", config::RedactedSecret(signing_secret_)},
            {"bot_token", config::RedactedSecret(bot_token_)},
            {"channel", channel_},
            {"webhook_url", config::RedactedSecret(webhook_url_)}};
  }

 protected:
  Result<ChatCommand> ParseCommand(const http::Request& request) const override {
    NAGAME_ASSIGN_OR_RETURN(http::QueryMap form, http::ParseQuery(request.body()));
    return SlashCommand(form, platform(), SlackCommandText(FormField(form, "text")));
  }

  json RenderAnswer(const Answer& answer) const override { return RenderSlackResponse(answer); }

 private:
  // A block_actions payload: each button press recorded, the confirmations posted to the
  // payload's response_url; the request itself is answered with an empty 200.
  boost::asio::awaitable<http::Response> HandleButtons(std::shared_ptr<const ChatContext> context,
                                                       http::RequestContext& request) const {
    if (Status verified = VerifyRequest(request.request, context->clock()); !verified.ok()) {
      co_return Refuse(request, verified);
    }
    auto form = http::ParseQuery(request.request.body());
    if (!form.ok()) co_return http::ErrorResponse(form.status(), request.request);
    json payload = json::parse(FormField(*form, "payload"), nullptr, false);
    if (!payload.is_object() || payload.value("type", "") != "block_actions" ||
        !payload.contains("actions") || !payload["actions"].is_array()) {
      co_return http::ErrorResponse(InvalidArgument("not a block_actions payload", "payload"),
                                    request.request);
    }
    std::string user = "chat";
    if (payload.contains("user") && payload["user"].is_object()) {
      for (const char* key : {"username", "name", "id"}) {
        if (payload["user"].contains(key) && payload["user"][key].is_string()) {
          user = payload["user"][key].get<std::string>();
          break;
        }
      }
    }
    std::vector<std::pair<std::string, std::string>> actions;  // action_id, value
    for (const json& a : payload["actions"]) {
      if (a.is_object() && a.contains("action_id") && a["action_id"].is_string() &&
          a.contains("value") && a["value"].is_string()) {
        actions.emplace_back(a["action_id"].get<std::string>(), a["value"].get<std::string>());
      }
    }
    const std::string response_url =
        payload.contains("response_url") && payload["response_url"].is_string()
            ? payload["response_url"].get<std::string>()
            : "";
    ReviewService* review = context->review;
    CommandRunner* runner = context->runner;
    auto work = [actions, user, review, runner, response_url] {
      std::string text;
      for (const auto& [id, value] : actions) {
        // The confirmation names the rule from the button: mrkdwn, so escaped.
        text += (text.empty() ? "" : "\n") + SlackEscape(RecordAction(id, value, user, review));
      }
      if (!response_url.empty() && !text.empty()) {
        Status st = runner->PostToResponseUrl(
            response_url,
            DumpJson(
                {{"response_type", "ephemeral"}, {"replace_original", false}, {"text", text}}));
        if (!st.ok()) LogWarn("chat_late_answer_failed", {{"error", st.ToString()}});
      }
      return text;
    };
    co_await runner->RunWithBudget(std::move(work), context->reply_budget.value_or(ReplyBudget()),
                                   nullptr);
    co_return http::TextResponse(200, "", request.request);
  }

  std::string signing_secret_;  // empty: every request is refused
  std::string bot_token_;
  std::string channel_;
  std::string webhook_url_;
};

std::shared_ptr<const ConfiguredPlatform> LoadSlack(config::Reader& reader,
                                                    const config::Entry& block) {
  static const std::vector<std::string> kKeys = {
      "signing_secret", "signing_secret_file", "bot_token",       "bot_token_file",
      "channel",        "webhook_url",         "webhook_url_file"};
  const size_t problems_before = reader.problem_count();
  auto entries = reader.Map(block.value, block.where, &kKeys);
  if (!entries) return nullptr;
  std::string signing_secret = reader.ReadSecret(*entries, "signing_secret").value;
  config::Secret bot_token = reader.ReadSecret(*entries, "bot_token");
  std::string channel;
  if (const config::Entry* c = config::Reader::Find(*entries, "channel")) {
    if (auto s = reader.String(*c)) channel = *s;
  } else if (bot_token.present) {
    reader.Add(block.where, "channel is required with bot_token");
  }
  std::string webhook_url = reader.SecretUrl(*entries, "webhook_url");
  if (entries->empty()) reader.Add(block.where, "set signing_secret, bot_token or webhook_url");
  if (reader.problem_count() != problems_before) return nullptr;
  return std::make_shared<SlackPlatformImpl>(std::move(signing_secret), bot_token.value,
                                             std::move(channel), std::move(webhook_url));
}

}  // namespace

Platform SlackPlatform() {
  return {
      .name = "slack", .endpoints = {kCommands, kInteractions}, .posts = true, .load = &LoadSlack};
}

std::string SlackCommandText(std::string_view text) {
  static constexpr Entity kEntities[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}};
  return DecodedCommandText(text, kEntities);
}

}  // namespace nagame::bot::chat
