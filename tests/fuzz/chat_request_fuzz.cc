// Fuzz target: what Slack, Mattermost and Teams send to the chat endpoints — each platform's
// request verification through the registry (Slack's v0 signature, Mattermost's token,
// Teams' HMAC envelope), the form decoding of slash commands (bot/http/query.h,
// SlashCommand), the platforms' message text and the command line split into words
// (bot/chat/command.h). The first byte picks the platform; the next line is a presented
// credential; the rest is the raw body.
//
// Invariants: the body signed (or tokened) as the platform would is verified; a presented
// credential is accepted only when it is the right one; a refusal is kUnauthenticated. A form
// that decodes gives a command whose name is at most 32 bytes and whose text is trimmed; the
// words of a command line are non-empty, hold no blank, and each starts the rest it heads.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "bot/chat/command.h"
#include "bot/chat/command_platform.h"
#include "bot/chat/mattermost/mattermost_token.h"
#include "bot/chat/slack/slack_platform.h"
#include "bot/chat/slack/slack_signature.h"
#include "bot/chat/teams/teams_platform.h"
#include "bot/chat/teams/teams_signature.h"
#include "bot/config.h"
#include "bot/http/query.h"
#include "tests/fuzz/fuzz_check.h"

namespace nagame::fuzz {
namespace {

namespace chat = bot::chat;

constexpr char kSlackSecret[] = "8f742231b10e8888abcd99yyyzzz85a5";
constexpr char kMattermostToken[] = "xr3j5x3p4pfk7kx4mcuhqf4jbo";
constexpr char kTeamsSecret[] = "c2VjcmV0LWtleS1mb3ItbmFnYW1lLWZ1eno=";
const Time kNow = Time(std::chrono::seconds(1764462600));

const bot::Config& Platforms() {
  static const bot::Config config = [] {
    auto c = bot::ParseConfig(std::string("chat:\n  slack: {signing_secret: \"") + kSlackSecret +
                                  "\"}\n  mattermost: {token: \"" + kMattermostToken +
                                  "\"}\n  teams: {outgoing_secret: \"" + kTeamsSecret + "\"}\n",
                              "chat.yaml");
    Check(c.ok(), "the chat config loads", c.ok() ? "" : c.status().ToString());
    return *c;
  }();
  return config;
}

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

void CheckTrimmed(std::string_view text, std::string_view what) {
  Check(text.empty() || (!IsBlank(text.front()) && !IsBlank(text.back())), what, text);
}

void CheckCommandLine(std::string_view text) {
  chat::ParsedArgs args = chat::SplitArgs(text);
  Check(args.words.size() == args.rests.size(), "one rest per word", text);
  for (size_t i = 0; i < args.words.size(); ++i) {
    const std::string& word = args.words[i];
    Check(!word.empty(), "words are not empty", text);
    for (char c : word) Check(!IsBlank(c), "words hold no blank", text);
    Check(args.rests[i].starts_with(word), "each word starts its rest", text);
    CheckTrimmed(args.rests[i], "rests are trimmed");
  }
  if (!args.words.empty()) (void)chat::FindCommand(args.words[0]);
}

// A verification that must pass, and one with the presented credential that passes only when
// the credential is `right`.
void CheckVerification(const chat::ConfiguredPlatform& platform, bot::http::Request signed_request,
                       bot::http::Request presented, std::string_view credential,
                       std::string_view right) {
  Status good = platform.VerifyRequest(signed_request, kNow);
  Check(good.ok(), "a correctly signed request is verified", good.ToString());
  Status got = platform.VerifyRequest(presented, kNow);
  Check(got.ok() || got.code() == Code::kUnauthenticated, "a refusal is kUnauthenticated",
        got.ToString());
  if (got.ok()) Check(credential == right, "only the right credential passes", credential);
}

bot::http::Request Post(std::string_view body) {
  bot::http::Request request{boost::beast::http::verb::post, "/chat", 11};
  request.body() = std::string(body);
  return request;
}

void FuzzSlashForm(std::string_view body, bool slack) {
  auto form = bot::http::ParseQuery(body);
  if (!form.ok()) {
    CheckLocatedError(form.status(), Code::kInvalidArgument);
    return;
  }
  std::string text = chat::FormField(*form, "text");
  if (slack) text = chat::SlackCommandText(text);
  chat::ChatCommand command = chat::SlashCommand(*form, slack ? "slack" : "mattermost", text);
  Check(command.command_name.size() <= 32, "a command name is at most 32 bytes");
  CheckCommandLine(command.who.text);
}

}  // namespace
}  // namespace nagame::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nagame;
  using namespace nagame::fuzz;
  Input in(data, size);
  const uint8_t pick = in.Byte();
  const std::string credential(in.Line());
  const std::string_view body = in.Rest();
  switch (pick % 3) {
    case 0: {
      const auto& slack = *Platforms().chat.at("slack");
      const std::string ts = std::to_string(
          std::chrono::duration_cast<std::chrono::seconds>(kNow.time_since_epoch()).count());
      const std::string right = bot::chat::SlackSignature(kSlackSecret, ts, body);
      auto signed_request = Post(body);
      signed_request.set("X-Slack-Request-Timestamp", ts);
      signed_request.set("X-Slack-Signature", right);
      auto presented = Post(body);
      presented.set("X-Slack-Request-Timestamp", ts);
      presented.set("X-Slack-Signature", credential);
      CheckVerification(slack, signed_request, presented, credential, right);
      FuzzSlashForm(body, true);
      break;
    }
    case 1: {
      const auto& mattermost = *Platforms().chat.at("mattermost");
      auto signed_request = Post(body);
      signed_request.set(boost::beast::http::field::authorization,
                         std::string("Token ") + kMattermostToken);
      auto presented = Post(body);
      presented.set(boost::beast::http::field::authorization, credential);
      // The body's own token field may also carry the right token.
      auto form = bot::http::ParseQuery(body);
      const bool body_right = form.ok() && bot::chat::FormField(*form, "token") == kMattermostToken;
      std::string lower = credential;
      for (size_t i = 0; i < lower.size() && i < 5; ++i)
        lower[i] = static_cast<char>(tolower(lower[i]));
      const std::string right = std::string("token ") + kMattermostToken;
      CheckVerification(mattermost, signed_request, presented, body_right ? right : lower, right);
      FuzzSlashForm(body, false);
      break;
    }
    default: {
      const auto& teams = *Platforms().chat.at("teams");
      const std::string right = bot::chat::TeamsAuthorization(kTeamsSecret, body);
      auto signed_request = Post(body);
      signed_request.set(boost::beast::http::field::authorization, right);
      auto presented = Post(body);
      presented.set(boost::beast::http::field::authorization, credential);
      // The scheme is case-insensitive: compare "HMAC " in upper case.
      std::string upper = credential;
      for (size_t i = 0; i < upper.size() && i < 4; ++i)
        upper[i] = static_cast<char>(toupper(upper[i]));
      CheckVerification(teams, signed_request, presented, upper, right);
      auto message = nlohmann::json::parse(body, nullptr, false);
      if (message.is_object() && message.contains("text") && message["text"].is_string()) {
        const std::string text = bot::chat::TeamsCommandText(message["text"].get<std::string>());
        CheckTrimmed(text, "Teams command text is trimmed");
        CheckCommandLine(text);
      }
      break;
    }
  }
  return 0;
}
