// The four chat endpoints: verify, parse, run on the CommandRunner, render.
#include "bot/chat/chat_handlers.h"

#include <nlohmann/json.hpp>
#include <variant>

#include "bot/chat/destination.h"
#include "bot/chat/mattermost_render.h"
#include "bot/chat/mattermost_token.h"
#include "bot/chat/slack_render.h"
#include "bot/chat/slack_signature.h"
#include "bot/chat/teams_render.h"
#include "bot/chat/teams_signature.h"
#include "bot/http/query.h"
#include "bot/http/response.h"
#include "bot/log.h"
#include "bot/review/review_service.h"

namespace nagame::bot::chat {
namespace {

namespace asio = boost::asio;
namespace beast_http = boost::beast::http;
using nlohmann::json;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

http::Response JsonText(std::string body, const http::Request& request) {
  return http::TextResponse(200, std::move(body), request, "application/json; charset=utf-8");
}

// 401 with a generic body; the reason goes to the log only (it never holds a secret).
http::Response Refuse(const char* platform, const http::RequestContext& ctx, const Status& why) {
  LogWarn("chat_unauthenticated",
          {{"platform", platform}, {"remote", ctx.remote.to_string()}, {"reason", why.message()}});
  return http::ErrorResponse(Status(Code::kUnauthenticated, "request not verified"), ctx.request,
                             "Signature");
}

http::Response NotConfigured(const char* platform, const http::Request& request) {
  return http::ErrorResponse(NotFound(std::string(platform) + " is not configured"), request);
}

std::string FormField(const http::QueryMap& form, const char* key) {
  auto it = form.find(key);
  return it == form.end() ? "" : it->second;
}

// Decodes the HTML entities chat platforms put in message text.
std::string DecodeEntities(std::string_view s, bool html) {
  static const std::pair<std::string_view, std::string_view> kSlack[] = {
      {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}};
  static const std::pair<std::string_view, std::string_view> kHtml[] = {
      {"&amp;", "&"},  {"&lt;", "<"},    {"&gt;", ">"},
      {"&nbsp;", " "}, {"&quot;", "\""}, {"&#39;", "'"}};
  std::string out;
  for (size_t i = 0; i < s.size();) {
    bool replaced = false;
    if (s[i] == '&') {
      auto try_table = [&](auto& table) {
        for (const auto& [from, to] : table) {
          if (s.substr(i, from.size()) == from) {
            out += to;
            i += from.size();
            return true;
          }
        }
        return false;
      };
      replaced = html ? try_table(kHtml) : try_table(kSlack);
    }
    if (!replaced) out.push_back(s[i++]);
  }
  return out;
}

std::string Trimmed(std::string s) {
  const char* ws = " \t\r\n";
  s.erase(0, s.find_first_not_of(ws));
  s.erase(s.find_last_not_of(ws) + 1);
  return s;
}

// A slash command (Slack or Mattermost) after verification: run it, answer inline or
// acknowledge and answer through response_url.
asio::awaitable<http::Response> AnswerSlash(std::shared_ptr<const ChatDeps> deps,
                                            const http::RequestContext& ctx,
                                            const http::QueryMap& form, const char* platform,
                                            json (*render)(const Answer&)) {
  Invocation who;
  who.platform = platform;
  who.text = std::string(platform) == "slack" ? SlackCommandText(FormField(form, "text"))
                                              : FormField(form, "text");
  who.user = FormField(form, "user_name").empty() ? FormField(form, "user_id")
                                                  : FormField(form, "user_name");
  CommandEnv env;
  env.review = deps->review;
  env.public_url = deps->public_url;
  env.post_summary = deps->post_summary;
  if (!FormField(form, "command").empty())
    env.command_name = FormField(form, "command").substr(0, 32);
  const std::string response_url = FormField(form, "response_url");
  CommandRunner* runner = deps->runner;
  auto work = [who, env, render]() mutable { return Dump(render(RunCommand(who, env))); };
  auto late = [runner, response_url, platform](std::string body) {
    Status st = response_url.empty() ? Status(Code::kFailedPrecondition, "no response_url")
                                     : runner->PostToResponseUrl(response_url, body);
    if (!st.ok()) {
      LogWarn("chat_late_answer_failed", {{"platform", platform}, {"error", st.ToString()}});
    }
  };
  auto answer = co_await runner->RunWithBudget(std::move(work), deps->inline_budget, late);
  if (answer) co_return JsonText(std::move(*answer), ctx.request);
  co_return JsonText(Dump({{"response_type", "ephemeral"}, {"text", "Working on it…"}}),
                     ctx.request);
}

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

// A Slack request's form fields once its signature checks out over the raw body; otherwise the
// answer to send: 404 when Slack is not configured, 401 when unverified, 400 for a bad form.
std::variant<http::QueryMap, http::Response> VerifiedSlackForm(const ChatDeps& deps,
                                                               const http::RequestContext& ctx) {
  if (!deps.chat.slack) return NotConfigured("slack", ctx.request);
  Status verified = VerifySlackSignature(
      deps.chat.slack->signing_secret, ctx.request["X-Slack-Request-Timestamp"],
      ctx.request["X-Slack-Signature"], ctx.request.body(), deps.clock());
  if (!verified.ok()) return Refuse("slack", ctx, verified);
  auto form = http::ParseQuery(ctx.request.body());
  if (!form.ok()) return http::ErrorResponse(form.status(), ctx.request);
  return std::move(form).value();
}

}  // namespace

std::string SlackCommandText(std::string_view text) {
  return Trimmed(DecodeEntities(text, /*html=*/false));
}

std::string TeamsCommandText(std::string_view html) {
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
  return Trimmed(DecodeEntities(text, /*html=*/true));
}

http::Handler MakeSlackCommandHandler(std::shared_ptr<const ChatDeps> deps) {
  return [deps](http::RequestContext& ctx) -> asio::awaitable<http::Response> {
    auto form = VerifiedSlackForm(*deps, ctx);
    if (auto* refused = std::get_if<http::Response>(&form)) co_return std::move(*refused);
    co_return co_await AnswerSlash(deps, ctx, std::get<http::QueryMap>(form), "slack",
                                   [](const Answer& a) { return RenderSlackResponse(a); });
  };
}

http::Handler MakeSlackInteractionHandler(std::shared_ptr<const ChatDeps> deps) {
  return [deps](http::RequestContext& ctx) -> asio::awaitable<http::Response> {
    auto form = VerifiedSlackForm(*deps, ctx);
    if (auto* refused = std::get_if<http::Response>(&form)) co_return std::move(*refused);
    json payload =
        json::parse(FormField(std::get<http::QueryMap>(form), "payload"), nullptr, false);
    if (!payload.is_object() || payload.value("type", "") != "block_actions" ||
        !payload.contains("actions") || !payload["actions"].is_array()) {
      co_return http::ErrorResponse(InvalidArgument("not a block_actions payload", "payload"),
                                    ctx.request);
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
    ReviewService* review = deps->review;
    CommandRunner* runner = deps->runner;
    auto work = [actions, user, review, runner, response_url] {
      std::string text;
      for (const auto& [id, value] : actions) {
        text += (text.empty() ? "" : "\n") + RecordAction(id, value, user, review);
      }
      if (!response_url.empty() && !text.empty()) {
        Status st = runner->PostToResponseUrl(
            response_url,
            Dump({{"response_type", "ephemeral"}, {"replace_original", false}, {"text", text}}));
        if (!st.ok()) LogWarn("chat_late_answer_failed", {{"error", st.ToString()}});
      }
      return text;
    };
    co_await runner->RunWithBudget(std::move(work), deps->inline_budget, nullptr);
    co_return http::TextResponse(200, "", ctx.request);
  };
}

http::Handler MakeMattermostCommandHandler(std::shared_ptr<const ChatDeps> deps) {
  return [deps](http::RequestContext& ctx) -> asio::awaitable<http::Response> {
    if (!deps->chat.mattermost) co_return NotConfigured("mattermost", ctx.request);
    auto form = http::ParseQuery(ctx.request.body());
    const std::string body_token = form.ok() ? FormField(*form, "token") : "";
    Status verified = VerifyMattermostToken(
        deps->chat.mattermost->token, ctx.request[beast_http::field::authorization], body_token);
    if (!verified.ok()) co_return Refuse("mattermost", ctx, verified);
    if (!form.ok()) co_return http::ErrorResponse(form.status(), ctx.request);
    co_return co_await AnswerSlash(deps, ctx, *form, "mattermost",
                                   [](const Answer& a) { return RenderMattermostResponse(a); });
  };
}

http::Handler MakeTeamsOutgoingHandler(std::shared_ptr<const ChatDeps> deps) {
  return [deps](http::RequestContext& ctx) -> asio::awaitable<http::Response> {
    if (!deps->chat.teams) co_return NotConfigured("teams", ctx.request);
    Status verified =
        VerifyTeamsSignature(deps->chat.teams->outgoing_secret,
                             ctx.request[beast_http::field::authorization], ctx.request.body());
    if (!verified.ok()) co_return Refuse("teams", ctx, verified);
    json message = json::parse(ctx.request.body(), nullptr, false);
    if (!message.is_object() || !message.contains("text") || !message["text"].is_string()) {
      co_return http::ErrorResponse(InvalidArgument("a message with a text is required", "text"),
                                    ctx.request);
    }
    Invocation who;
    who.platform = "teams";
    who.text = TeamsCommandText(message["text"].get<std::string>());
    if (message.contains("from") && message["from"].is_object() &&
        message["from"].contains("name") && message["from"]["name"].is_string()) {
      who.user = message["from"]["name"].get<std::string>();
    }
    CommandEnv env;
    env.review = deps->review;
    env.public_url = deps->public_url;
    env.post_summary = deps->post_summary;
    env.command_name = "@Nagame";
    // The answer is kept for a late post to the channel (an Adaptive Card, as the summary's).
    auto kept = std::make_shared<std::optional<Answer>>();
    auto work = [who, env, kept]() mutable {
      *kept = RunCommand(who, env);
      return Dump(RenderTeamsReply(**kept));
    };
    const std::string workflow_url = deps->chat.teams->workflow_url;
    CommandRunner* runner = deps->runner;
    std::function<void(std::string)> late;
    if (!workflow_url.empty()) {
      late = [runner, workflow_url, kept](std::string) {
        const Destination teams{
            .name = "teams", .kind = Destination::Kind::kTeamsWorkflow, .url = workflow_url};
        Status st = runner->PostJson(workflow_url, RenderForDestination(**kept, teams));
        if (!st.ok()) {
          LogWarn("chat_late_answer_failed", {{"platform", "teams"}, {"error", st.ToString()}});
        }
      };
    }
    const bool answers_late = static_cast<bool>(late);
    auto answer = co_await runner->RunWithBudget(std::move(work), deps->teams_budget, late);
    if (answer) co_return JsonText(std::move(*answer), ctx.request);
    co_return JsonText(
        Dump({{"type", "message"},
              {"text", answers_late ? "Working on it; the answer will be posted in this channel."
                                    : "Still working on that; please ask again in a minute."}}),
        ctx.request);
  };
}

}  // namespace nagame::bot::chat
