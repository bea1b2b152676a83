// The chat endpoints over real loopback HTTP (the bot's own server) against a seeded store:
// verification before anything else, answers per platform, buttons feeding the review, and
// slow work answered through response_url (a loopback receiver) within its 5-use budget.
#include "bot/chat/chat_handlers.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <mutex>
#include <thread>

#include "bot/chat/slack_signature.h"
#include "bot/chat/teams_signature.h"
#include "bot/http/query.h"
#include "bot/http/response.h"
#include "bot/http/server.h"
#include "tests/bot/chat/seeded_review.h"
#include "tests/support/http_client.h"

namespace nagame::bot::chat {
namespace {

namespace asio = boost::asio;
using boost::beast::http::verb;
using nagame::testing::HttpClient;
using nagame::testing::HttpHeaders;
using nagame::testing::HttpResponse;
using nagame::testing::kChatNow;
using nlohmann::json;

constexpr char kSlackSecret[] = "8f742231b10e8888abcd99yyyzzz85a5";
constexpr char kMattermostToken[] = "okwexkjpe7ygb8eq1ww58t483w";
constexpr char kTeamsSecret[] = "bmFnYW1lLXRlYW1zLWtleQ==";

std::string Timestamp(Time t) {
  return std::to_string(
      std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count());
}

class ChatHandlersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    review_ = nagame::testing::SeededReview(dir_);
    ASSERT_NE(review_, nullptr);
    runner_ = std::make_unique<CommandRunner>(2, net::HttpClientOptions{}, [] { return kChatNow; });
    auto deps = std::make_shared<ChatDeps>();
    deps->chat.slack = SlackConfig{.signing_secret = kSlackSecret};
    deps->chat.mattermost = MattermostConfig{.token = kMattermostToken};
    deps->chat.teams = TeamsConfig{.outgoing_secret = kTeamsSecret};
    deps->review = review_.get();
    deps->runner = runner_.get();
    deps->public_url = "https://nagame.example.com";
    deps->clock = [] { return kChatNow; };
    deps_ = deps;
    Add("/chat/slack/commands", MakeSlackCommandHandler(deps_));
    Add("/chat/slack/interactions", MakeSlackInteractionHandler(deps_));
    Add("/chat/mattermost/commands", MakeMattermostCommandHandler(deps_));
    Add("/chat/teams/outgoing", MakeTeamsOutgoingHandler(deps_));
    Add("/response", [this](http::RequestContext& ctx) -> asio::awaitable<http::Response> {
      {
        std::lock_guard lock(mu_);
        received_.push_back(ctx.request.body());
      }
      co_return http::TextResponse(200, "ok", ctx.request);
    });
    server_ = std::make_unique<http::Server>(io_, http::ServerOptions{}, router_);
    ASSERT_TRUE(server_->Listen().ok());
    server_->Start();
    thread_ = std::thread([this] { io_.run(); });
  }

  void TearDown() override {
    if (server_) server_->Shutdown(std::chrono::seconds(1), [this] { io_.stop(); });
    if (thread_.joinable()) thread_.join();
    runner_.reset();
  }

  void Add(const char* pattern, http::Handler h) {
    ASSERT_TRUE(router_.Add(verb::post, pattern, std::move(h)).ok());
  }

  std::string ResponseUrl() const {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + "/response";
  }

  std::string SlackForm(const std::string& text) const {
    return http::EncodeQuery({{"command", "/nagame"},
                              {"text", text},
                              {"user_name", "mori"},
                              {"response_url", ResponseUrl()}});
  }

  HttpResponse PostSlack(const std::string& path, const std::string& body,
                         std::optional<HttpHeaders> headers = std::nullopt) {
    const std::string ts = Timestamp(kChatNow);
    HttpHeaders h = headers.value_or(
        HttpHeaders{{"X-Slack-Request-Timestamp", ts},
                    {"X-Slack-Signature", SlackSignature(kSlackSecret, ts, body)}});
    return Post(path, body, "application/x-www-form-urlencoded", h);
  }

  HttpResponse Post(const std::string& path, const std::string& body, const std::string& type,
                    const HttpHeaders& headers = {}) {
    HttpClient client(server_->port());
    auto res = client.Post(path, body, type, headers);
    EXPECT_TRUE(res.ok()) << res.status().ToString();
    return res.ok() ? *res : HttpResponse{};
  }

  // Waits (bounded) until the receiver has `n` bodies.
  std::vector<std::string> Received(size_t n) {
    for (int i = 0; i < 500; ++i) {
      {
        std::lock_guard lock(mu_);
        if (received_.size() >= n) return received_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::lock_guard lock(mu_);
    return received_;
  }

  nagame::testing::TempDir dir_;
  std::unique_ptr<ReviewService> review_;
  std::unique_ptr<CommandRunner> runner_;
  std::shared_ptr<ChatDeps> deps_;
  asio::io_context io_;
  http::Router router_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  std::mutex mu_;
  std::vector<std::string> received_;
};

TEST_F(ChatHandlersTest, SlackCommandAnswersInlineWithBlocks) {
  HttpResponse res = PostSlack("/chat/slack/commands", SlackForm("top 3"));
  ASSERT_EQ(res.status, 200u) << res.body;
  json body = res.json();
  EXPECT_EQ(body["response_type"], "ephemeral");
  EXPECT_NE(body["text"].get<std::string>().find("PodRestartsHigh"), std::string::npos);
  EXPECT_EQ(body["blocks"][0]["type"], "header");
}

TEST_F(ChatHandlersTest, SlackRefusesWhatIsNotVerified) {
  const std::string body = SlackForm("top");
  const std::string ts = Timestamp(kChatNow);
  const std::string stale = Timestamp(kChatNow - std::chrono::minutes(6));
  const std::string future = Timestamp(kChatNow + std::chrono::minutes(6));
  const struct {
    const char* name;
    std::string body;
    HttpHeaders headers;
  } cases[] = {
      {"tampered body",
       body + "x",
       {{"X-Slack-Request-Timestamp", ts},
        {"X-Slack-Signature", SlackSignature(kSlackSecret, ts, body)}}},
      {"wrong secret",
       body,
       {{"X-Slack-Request-Timestamp", ts},
        {"X-Slack-Signature", SlackSignature("other", ts, body)}}},
      {"stale",
       body,
       {{"X-Slack-Request-Timestamp", stale},
        {"X-Slack-Signature", SlackSignature(kSlackSecret, stale, body)}}},
      {"future",
       body,
       {{"X-Slack-Request-Timestamp", future},
        {"X-Slack-Signature", SlackSignature(kSlackSecret, future, body)}}},
      {"no headers", body, {}},
  };
  for (const auto& c : cases) {
    for (const char* path : {"/chat/slack/commands", "/chat/slack/interactions"}) {
      HttpResponse res = PostSlack(path, c.body, c.headers);
      EXPECT_EQ(res.status, 401u) << c.name << " " << path;
      EXPECT_EQ(res.json()["error"]["message"], "request not verified") << c.name;
      EXPECT_EQ(res.body.find("signature"), std::string::npos) << "no details: " << c.name;
    }
  }
  EXPECT_TRUE(Received(0).empty());
}

TEST_F(ChatHandlersTest, SlowWorkIsAcknowledgedAndAnsweredThroughResponseUrl) {
  deps_->inline_budget = Duration::zero();
  HttpResponse res = PostSlack("/chat/slack/commands", SlackForm("rule PodRestartsHigh"));
  ASSERT_EQ(res.status, 200u);
  EXPECT_EQ(res.json()["text"], "Working on it…");
  auto got = Received(1);
  ASSERT_EQ(got.size(), 1u);
  json late = json::parse(got[0]);
  EXPECT_EQ(late["response_type"], "ephemeral");
  EXPECT_NE(late["text"].get<std::string>().find("PodRestartsHigh"), std::string::npos);
}

TEST_F(ChatHandlersTest, ResponseUrlIsUsedAtMostFiveTimes) {
  deps_->inline_budget = Duration::zero();
  for (int i = 0; i < 7; ++i) {
    EXPECT_EQ(PostSlack("/chat/slack/commands", SlackForm("help")).status, 200u);
  }
  Received(5);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(Received(5).size(), 5u);
}

TEST_F(ChatHandlersTest, SlackButtonsFeedTheReview) {
  json payload = {{"type", "block_actions"},
                  {"user", {{"id", "U1"}, {"username", "mori"}}},
                  {"response_url", ResponseUrl()},
                  {"actions",
                   {{{"action_id", "feedback:noise#1"}, {"value", "PodRestartsHigh"}},
                    {{"action_id", "decide:ticket#6"}, {"value", "PodRestartsHigh"}}}}};
  const std::string body = http::EncodeQuery({{"payload", payload.dump()}});
  HttpResponse res = PostSlack("/chat/slack/interactions", body);
  ASSERT_EQ(res.status, 200u) << res.body;
  auto decisions =
      review_->Decisions({kChatNow - std::chrono::minutes(1), kChatNow + std::chrono::minutes(1)});
  ASSERT_TRUE(decisions.ok());
  ASSERT_EQ(decisions->size(), 1u);
  EXPECT_EQ((*decisions)[0].action, rules::DecisionAction::kTicket);
  EXPECT_EQ((*decisions)[0].author, "mori");
  auto got = Received(1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(
      json::parse(got[0])["text"],
      "Recorded noise for PodRestartsHigh (mori).\nRecorded ticket for PodRestartsHigh (mori).");
  // A malformed payload is a 400, not a crash.
  EXPECT_EQ(PostSlack("/chat/slack/interactions", "payload=%7Bnot json").status, 400u);
}

TEST_F(ChatHandlersTest, MattermostTokenInHeaderOrBody) {
  const std::string form = http::EncodeQuery({{"command", "/nagame"},
                                              {"text", "rule PodRestartHigh"},
                                              {"user_name", "somename"},
                                              {"token", kMattermostToken}});
  HttpResponse by_body =
      Post("/chat/mattermost/commands", form, "application/x-www-form-urlencoded");
  ASSERT_EQ(by_body.status, 200u);
  EXPECT_EQ(by_body.json()["text"],
            "**No rule called PodRestartHigh. Did you mean PodRestartsHigh or "
            "PodRestartsHighCritical?**\n");
  const std::string no_token = http::EncodeQuery({{"text", "help"}});
  EXPECT_EQ(Post("/chat/mattermost/commands", no_token, "application/x-www-form-urlencoded",
                 {{"Authorization", std::string("Token ") + kMattermostToken}})
                .status,
            200u);
  EXPECT_EQ(Post("/chat/mattermost/commands", no_token, "application/x-www-form-urlencoded",
                 {{"Authorization", "Token wrong"}})
                .status,
            401u);
  EXPECT_EQ(Post("/chat/mattermost/commands", no_token, "application/x-www-form-urlencoded").status,
            401u);
}

TEST_F(ChatHandlersTest, TeamsHmac) {
  const std::string body = json({{"type", "message"},
                                 {"text", "<at>Nagame</at>&nbsp;top 2"},
                                 {"from", {{"name", "Mori"}}}})
                               .dump();
  HttpResponse ok = Post("/chat/teams/outgoing", body, "application/json",
                         {{"Authorization", TeamsAuthorization(kTeamsSecret, body)}});
  ASSERT_EQ(ok.status, 200u) << ok.body;
  EXPECT_EQ(ok.json()["type"], "message");
  EXPECT_NE(ok.json()["text"].get<std::string>().find("Top 2 rules"), std::string::npos);
  EXPECT_EQ(Post("/chat/teams/outgoing", body + " ", "application/json",
                 {{"Authorization", TeamsAuthorization(kTeamsSecret, body)}})
                .status,
            401u);
  EXPECT_EQ(Post("/chat/teams/outgoing", body, "application/json").status, 401u);
}

TEST_F(ChatHandlersTest, SlowTeamsAnswerGoesToTheWorkflowWebhook) {
  deps_->teams_budget = Duration::zero();
  const std::string body = json({{"type", "message"}, {"text", "<at>Nagame</at> top 2"}}).dump();
  const HttpHeaders auth = {{"Authorization", TeamsAuthorization(kTeamsSecret, body)}};
  // Without a Workflows webhook there is nowhere to answer later.
  HttpResponse first = Post("/chat/teams/outgoing", body, "application/json", auth);
  ASSERT_EQ(first.status, 200u) << first.body;
  EXPECT_EQ(first.json()["text"], "Still working on that; please ask again in a minute.");

  deps_->chat.teams->workflow_url = ResponseUrl();
  HttpResponse res = Post("/chat/teams/outgoing", body, "application/json", auth);
  ASSERT_EQ(res.status, 200u) << res.body;
  EXPECT_EQ(res.json()["text"], "Working on it; the answer will be posted in this channel.");
  auto got = Received(1);
  ASSERT_EQ(got.size(), 1u);
  json card = json::parse(got[0]);
  EXPECT_EQ(card["type"], "message");
  EXPECT_EQ(card["attachments"][0]["contentType"], "application/vnd.microsoft.card.adaptive");
  EXPECT_NE(got[0].find("Top 2 rules"), std::string::npos) << got[0];
}

TEST(ChatText, TeamsAndSlackTextToCommands) {
  EXPECT_EQ(TeamsCommandText("<at>Nagame</at> rule <b>PodRestartsHigh</b>&nbsp;"),
            "rule  PodRestartsHigh");
  EXPECT_EQ(TeamsCommandText("<at>Nagame"), "");
  EXPECT_EQ(SlackCommandText(" incident checkout p99 &gt; 1s &amp; rising "),
            "incident checkout p99 > 1s & rising");
}

}  // namespace
}  // namespace nagame::bot::chat
