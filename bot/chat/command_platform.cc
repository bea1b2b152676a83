// The command endpoints' shared flow: verify, parse, run on the CommandRunner, render.
#include "bot/chat/command_platform.h"

#include <optional>
#include <vector>

#include "bot/chat/command_runner.h"
#include "bot/config/reader.h"
#include "bot/http/response.h"
#include "bot/log.h"

namespace nagame::bot::chat {

boost::asio::awaitable<http::Response> CommandPlatform::Handle(
    std::string_view, std::shared_ptr<const ChatContext> context,
    http::RequestContext& request) const {
  const Time now = context->clock();
  if (Status verified = VerifyRequest(request.request, now); !verified.ok()) {
    co_return Refuse(request, verified);
  }
  Result<ChatCommand> command = ParseCommand(request.request);
  if (!command.ok()) co_return http::ErrorResponse(command.status(), request.request);
  CommandEnv env;
  env.review = context->review;
  env.public_url = context->public_url;
  env.post_summary = context->post_summary;
  env.command_name = command->command_name;
  // The platform and the answer stay alive for a late post after this coroutine is done.
  auto self = std::static_pointer_cast<const CommandPlatform>(shared_from_this());
  auto kept = std::make_shared<std::optional<Answer>>();
  auto work = [self, who = command->who, env, kept]() mutable {
    *kept = RunCommand(who, env);
    return DumpJson(self->RenderAnswer(**kept));
  };
  CommandRunner* runner = context->runner;
  auto late = [self, command = *command, kept, runner](std::string) {
    Status st = self->PostLate(command, **kept, *runner);
    if (!st.ok()) {
      LogWarn("chat_late_answer_failed",
              {{"platform", std::string(self->platform())}, {"error", st.ToString()}});
    }
  };
  auto answer = co_await runner->RunWithBudget(
      std::move(work), context->reply_budget.value_or(ReplyBudget()), std::move(late));
  if (answer) co_return JsonReply(std::move(*answer), request.request);
  co_return JsonReply(DumpJson(PendingReply()), request.request);
}

nlohmann::json CommandPlatform::PendingReply() const {
  return {{"response_type", "ephemeral"}, {"text", "Working on it…"}};
}

Status CommandPlatform::PostLate(const ChatCommand& command, const Answer& answer,
                                 CommandRunner& runner) const {
  if (command.response_url.empty()) return Status(Code::kFailedPrecondition, "no response_url");
  return runner.PostToResponseUrl(command.response_url, DumpJson(RenderAnswer(answer)));
}

http::Response CommandPlatform::Refuse(const http::RequestContext& request,
                                       const Status& why) const {
  LogWarn("chat_unauthenticated", {{"platform", std::string(platform_)},
                                   {"remote", request.remote.to_string()},
                                   {"reason", why.message()}});
  return http::ErrorResponse(Status(Code::kUnauthenticated, "request not verified"),
                             request.request, "Signature");
}

std::optional<SecretAndUrl> ReadSecretAndUrl(config::Reader& reader, const config::Entry& block,
                                             const std::string& secret_key,
                                             const std::string& url_key) {
  const std::vector<std::string> keys = {secret_key, secret_key + "_file", url_key,
                                         url_key + "_file"};
  const size_t problems_before = reader.problem_count();
  auto entries = reader.Map(block.value, block.where, &keys);
  if (!entries) return std::nullopt;
  SecretAndUrl read{.secret = reader.ReadSecret(*entries, secret_key).value,
                    .url = reader.SecretUrl(*entries, url_key)};
  if (entries->empty()) reader.Add(block.where, "set " + secret_key + " or " + url_key);
  if (reader.problem_count() != problems_before) return std::nullopt;
  return read;
}

ChatCommand SlashCommand(const http::QueryMap& form, std::string_view platform, std::string text) {
  ChatCommand command;
  command.who.platform = std::string(platform);
  command.who.text = std::move(text);
  command.who.user = FormField(form, "user_name").empty() ? FormField(form, "user_id")
                                                          : FormField(form, "user_name");
  if (!FormField(form, "command").empty()) {
    command.command_name = FormField(form, "command").substr(0, 32);
  }
  command.response_url = FormField(form, "response_url");
  return command;
}

std::string FormField(const http::QueryMap& form, const char* key) {
  auto it = form.find(key);
  return it == form.end() ? "" : it->second;
}

http::Response JsonReply(std::string json_text, const http::Request& request) {
  return http::TextResponse(200, std::move(json_text), request, "application/json; charset=utf-8");
}

std::string DecodedCommandText(std::string_view text, std::span<const Entity> entities) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    bool replaced = false;
    if (text[i] == '&') {
      for (const auto& [from, to] : entities) {
        if (text.substr(i, from.size()) == from) {
          out += to;
          i += from.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out.push_back(text[i++]);
  }
  const char* blanks = " \t\r\n";
  out.erase(0, out.find_first_not_of(blanks));
  out.erase(out.find_last_not_of(blanks) + 1);
  return out;
}

}  // namespace nagame::bot::chat
