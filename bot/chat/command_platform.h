// The building blocks of a platform that takes commands (Slack, Mattermost, Teams): the flow
// every command endpoint shares — verify the request, parse the command, run it on the
// CommandRunner, render the answer — with each step the platform's own (VerifyRequest is
// ConfiguredPlatform's). A command not done
// within the platform's reply budget is acknowledged at once and its answer posted later
// (through the command's response_url for slash commands, Slack's and Mattermost's).
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "bot/chat/command.h"
#include "bot/chat/platform.h"
#include "bot/http/query.h"

namespace nagame::bot::chat {

// A command as a platform's request carries it.
struct ChatCommand {
  Invocation who;
  std::string command_name = "/nagame";  // how help and usage lines name the command
  std::string response_url;              // where a late answer may go; "" for none
};

class CommandPlatform : public ConfiguredPlatform {
 public:
  // Any endpoint: 401 unless VerifyRequest passes, 400 when ParseCommand fails; then the
  // command runs on context->runner. Done within ReplyBudget(): 200 with RenderAnswer's body;
  // otherwise 200 with PendingReply() at once, and PostLate posts the answer when it is done
  // (a failure is logged as "chat_late_answer_failed").
  boost::asio::awaitable<http::Response> Handle(std::string_view endpoint,
                                                std::shared_ptr<const ChatContext> context,
                                                http::RequestContext& request) const override;

 protected:
  // `platform`: the registry name, for Invocation::platform and log lines.
  explicit CommandPlatform(std::string_view platform) : platform_(platform) {}

  // Parse-command: the command in a verified request. Errors: kInvalidArgument naming the
  // field (answered 400).
  virtual Result<ChatCommand> ParseCommand(const http::Request& request) const = 0;
  // Render-answer: the reply's JSON body for `answer`.
  virtual nlohmann::json RenderAnswer(const Answer& answer) const = 0;

  // A late answer. The defaults are the slash commands' (Slack, Mattermost): Slack's limit is
  // 3 s for the whole exchange, so 2 s leaves room for the network; the pending reply is an
  // ephemeral "Working on it…"; the answer goes, as RenderAnswer renders it, to the command's
  // response_url (CommandRunner::PostToResponseUrl: at most 5 uses per URL).
  virtual Duration ReplyBudget() const { return std::chrono::seconds(2); }
  virtual nlohmann::json PendingReply() const;
  // Posts `answer` once it is done; runs on a runner thread and may block. Errors: those of
  // the post (kFailedPrecondition when there is nowhere to post).
  virtual Status PostLate(const ChatCommand& command, const Answer& answer,
                          CommandRunner& runner) const;

  // The 401 for a request that failed verification, with its "chat_unauthenticated" log line
  // (for endpoints of a platform's own, such as Slack's buttons).
  http::Response Refuse(const http::RequestContext& request, const Status& why) const;

  std::string_view platform() const { return platform_; }

 private:
  std::string_view platform_;
};

// The secret and the URL of a platform block that takes one of each (each also as *_file), at
// least one of them: Mattermost's token and webhook_url, Teams' outgoing_secret and
// workflow_url. nullopt after reporting the block's problems to `reader`.
struct SecretAndUrl {
  std::string secret;  // empty: every request is refused
  std::string url;     // empty: nothing to post to
};
std::optional<SecretAndUrl> ReadSecretAndUrl(config::Reader& reader, const config::Entry& block,
                                             const std::string& secret_key,
                                             const std::string& url_key);

// The loader (Platform::load) of such a platform: ReadSecretAndUrl with these keys, then
// Impl(secret, url).
template <typename Impl, const char* kSecretKey, const char* kUrlKey>
std::shared_ptr<const ConfiguredPlatform> LoadSecretAndUrl(config::Reader& reader,
                                                           const config::Entry& block) {
  std::optional<SecretAndUrl> read = ReadSecretAndUrl(reader, block, kSecretKey, kUrlKey);
  if (!read) return nullptr;
  return std::make_shared<Impl>(std::move(read->secret), std::move(read->url));
}

// The command of a slash-command form (Slack, Mattermost): `text` as the platform decoded it,
// the user_name (else user_id), the command (at most 32 bytes) and the response_url.
ChatCommand SlashCommand(const http::QueryMap& form, std::string_view platform, std::string text);

// The value of `key` in `form`, "" when absent.
std::string FormField(const http::QueryMap& form, const char* key);

// A 200 answer whose body is `json_text`.
http::Response JsonReply(std::string json_text, const http::Request& request);

// `text` with each entity (`from`) replaced by its character (`to`), then trimmed of blanks:
// chat platforms escape what users type in their messages.
using Entity = std::pair<std::string_view, std::string_view>;
std::string DecodedCommandText(std::string_view text, std::span<const Entity> entities);

}  // namespace nagame::bot::chat
