// The chat endpoints over real loopback HTTP (the bot's own server, routes from ChatRoutes,
// platforms from config) against a seeded store: verification before anything else, answers
// per platform, buttons feeding the review, and slow work answered through response_url (a
// loopback receiver) within its 5-use budget. Every registered platform's endpoints are run on
// empty and malformed requests.
#include "bot/chat/chat_service.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <thread>

#include "bot/chat/command_runner.h"
#include "bot/chat/slack/slack_platform.h"
#include "bot/chat/slack/slack_signature.h"
#include "bot/chat/teams/teams_platform.h"
#include "bot/chat/teams/teams_signature.h"
#include "bot/http/query.h"
#include "bot/http/server.h"
#include "tests/bot/chat/configured_platforms.h"
#include "tests/bot/chat/seeded_review.h"
#include "tests/support/http_client.h"
#include "tests/support/tls_test_server.h"

namespace nagame::bot::chat {
namespace {

namespace asio = boost::asio;
using nagame::testing::HttpClient;
using nagame::testing::HttpHeaders;
using nagame::testing::HttpResponse;
using nagame::testing::kChatNow;
using nagame::testing::TlsTestServer;
using nlohmann::json;

constexpr char kSlackSecret[] = "8f742231b10e8888abcd99yyyzzz85a5";
constexpr char kMattermostToken[] = "okwexkjpe7ygb8eq1ww58t483w";
constexpr char kTeamsSecret[] = "bmFnYW1lLXRlYW1zLWtleQ==";

// Every platform that takes requests, configured.
const std::string kChatYaml = std::string("slack: {signing_secret: \"") + kSlackSecret +
                              "\"}\nmattermost: {token: \"" + kMattermostToken +
                              "\"}\nteams: {outgoing_secret: \"" + kTeamsSecret + "\"}\n";

std::string Timestamp(Time t) {
  return std::to_string(
      std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count());
}

class ChatServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Late answers go to a loopback receiver (response_url, the Teams Workflows webhook).
    auto receiver = TlsTestServer::Start({.tls = false});
    ASSERT_TRUE(receiver.ok()) << receiver.status().ToString();
    receiver_ = std::move(receiver).value();
    review_ = nagame::testing::SeededReview(dir_);
    ASSERT_NE(review_, nullptr);
    runner_ = std::make_unique<CommandRunner>(2, net::HttpClientOptions{}, [] { return kChatNow; });
    Serve(kChatYaml);
  }

  void TearDown() override {
    StopServing();
    runner_.reset();
  }

  // (Re)starts the bot's server with the platforms of `chat_yaml` and a fresh context.
  void Serve(const std::string& chat_yaml) {
    StopServing();
    auto context = std::make_shared<ChatContext>();
    context->review = review_.get();
    context->runner = runner_.get();
    context->public_url = "https://nagame.example.com";
    context->clock = [] { return kChatNow; };
    context_ = context;
    router_ = std::make_unique<http::Router>();
    for (http::Route& r : ChatRoutes(nagame::testing::PlatformsFrom(chat_yaml), context_)) {
      ASSERT_TRUE(router_->Add(r.verb, r.pattern, std::move(r.handler)).ok()) << r.pattern;
    }
    io_ = std::make_unique<asio::io_context>();
    server_ = std::make_unique<http::Server>(*io_, http::ServerOptions{}, *router_);
    ASSERT_TRUE(server_->Listen().ok());
    server_->Start();
    thread_ = std::thread([this] { io_->run(); });
  }

  void StopServing() {
    if (server_) server_->Shutdown(std::chrono::seconds(1), [this] { io_->stop(); });
    if (thread_.joinable()) thread_.join();
    server_.reset();
  }

  std::string ResponseUrl() const { return receiver_->url("/response"); }

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

  // Waits (bounded) until the receiver has `n` bodies; returns all it has.
  std::vector<std::string> Received(size_t n) {
    receiver_->WaitForRequests(n, std::chrono::seconds(5));
    std::vector<std::string> bodies;
    for (const auto& r : receiver_->Requests()) bodies.push_back(r.body);
    return bodies;
  }

  nagame::testing::TempDir dir_;
  std::unique_ptr<ReviewService> review_;
  std::unique_ptr<TlsTestServer> receiver_;
  std::unique_ptr<CommandRunner> runner_;
  std::shared_ptr<ChatContext> context_;
  std::unique_ptr<http::Router> router_;
  std::unique_ptr<asio::io_context> io_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

TEST_F(ChatServiceTest, SlackCommandAnswersInlineWithBlocks) {
  HttpResponse res = PostSlack("/chat/slack/commands", SlackForm("top 3"));
  ASSERT_EQ(res.status, 200u) << res.body;
  json body = res.json();
  EXPECT_EQ(body["response_type"], "ephemeral");
  EXPECT_NE(body["text"].get<std::string>().find("PodRestartsHigh"), std::string::npos);
  EXPECT_EQ(body["blocks"][0]["type"], "header");
}

TEST_F(ChatServiceTest, SlackRefusesWhatIsNotVerified) {
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
  EXPECT_TRUE(receiver_->Requests().empty());
}

TEST_F(ChatServiceTest, SlowWorkIsAcknowledgedAndAnsweredThroughResponseUrl) {
  context_->reply_budget = Duration::zero();
  HttpResponse res = PostSlack("/chat/slack/commands", SlackForm("rule PodRestartsHigh"));
  ASSERT_EQ(res.status, 200u);
  EXPECT_EQ(res.json()["text"], "Working on it…");
  auto got = Received(1);
  ASSERT_EQ(got.size(), 1u);
  json late = json::parse(got[0]);
  EXPECT_EQ(late["response_type"], "ephemeral");
  EXPECT_NE(late["text"].get<std::string>().find("PodRestartsHigh"), std::string::npos);
}

TEST_F(ChatServiceTest, ResponseUrlIsUsedAtMostFiveTimes) {
  context_->reply_budget = Duration::zero();
  for (int i = 0; i < 7; ++i) {
    EXPECT_EQ(PostSlack("/chat/slack/commands", SlackForm("help")).status, 200u);
  }
  Received(5);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(Received(5).size(), 5u);
}

TEST_F(ChatServiceTest, SlackButtonsFeedTheReview) {
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

// The confirmation is mrkdwn: a rule or user name from the payload cannot notify the channel.
TEST_F(ChatServiceTest, SlackButtonConfirmationIsEscaped) {
  json payload = {{"type", "block_actions"},
                  {"user", {{"id", "U1"}, {"username", "<!here>"}}},
                  {"response_url", ResponseUrl()},
                  {"actions", {{{"action_id", "feedback:noise#1"}, {"value", "<!channel>"}}}}};
  ASSERT_EQ(PostSlack("/chat/slack/interactions", http::EncodeQuery({{"payload", payload.dump()}}))
                .status,
            200u);
  auto got = Received(1);
  ASSERT_EQ(got.size(), 1u);
  const std::string text = json::parse(got[0])["text"];
  EXPECT_EQ(text.find('<'), std::string::npos) << text;
  EXPECT_NE(text.find("&lt;!channel&gt;"), std::string::npos) << text;
}

TEST_F(ChatServiceTest, MattermostTokenInHeaderOrBody) {
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

TEST_F(ChatServiceTest, TeamsHmac) {
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

TEST_F(ChatServiceTest, SlowTeamsAnswerGoesToTheWorkflowWebhook) {
  context_->reply_budget = Duration::zero();
  const std::string body = json({{"type", "message"}, {"text", "<at>Nagame</at> top 2"}}).dump();
  const HttpHeaders auth = {{"Authorization", TeamsAuthorization(kTeamsSecret, body)}};
  // Without a Workflows webhook there is nowhere to answer later.
  HttpResponse first = Post("/chat/teams/outgoing", body, "application/json", auth);
  ASSERT_EQ(first.status, 200u) << first.body;
  EXPECT_EQ(first.json()["text"], "Still working on that; please ask again in a minute.");

  Serve(std::string("teams: {outgoing_secret: \"") + kTeamsSecret + "\", workflow_url: \"" +
        ResponseUrl() + "\"}\n");
  context_->reply_budget = Duration::zero();
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

// The harness: every endpoint of every registered platform refuses an empty or malformed
// request that carries no credentials, before reading it; without a block under `chat` it
// answers 404.
TEST_F(ChatServiceTest, EveryPlatformEndpointVerifiesFirst) {
  const nagame::testing::ConfiguredPlatforms configured = nagame::testing::PlatformsFrom(kChatYaml);
  for (const Platform& platform : AllPlatforms()) {
    if (platform.endpoints.empty()) continue;
    ASSERT_EQ(configured.count(std::string(platform.name)), 1u)
        << "add " << platform.name << " to kChatYaml";
    for (std::string_view endpoint : platform.endpoints) {
      const std::string path = "/chat/" + std::string(platform.name) + "/" + std::string(endpoint);
      for (const char* body : {"", "{not json", "payload=%zz&text=%", "\x01\x02"}) {
        for (const char* type : {"application/json", "application/x-www-form-urlencoded"}) {
          HttpResponse res = Post(path, body, type);
          EXPECT_EQ(res.status, 401u) << path << " " << type << " " << body;
          EXPECT_EQ(res.json()["error"]["message"], "request not verified") << path;
        }
      }
    }
  }
  Serve("");
  for (const Platform& platform : AllPlatforms()) {
    for (std::string_view endpoint : platform.endpoints) {
      const std::string path = "/chat/" + std::string(platform.name) + "/" + std::string(endpoint);
      HttpResponse res = Post(path, "text=help", "application/x-www-form-urlencoded");
      EXPECT_EQ(res.status, 404u) << path;
      EXPECT_EQ(res.json()["error"]["message"], std::string(platform.name) + " is not configured");
    }
  }
  EXPECT_TRUE(receiver_->Requests().empty());
}

TEST(ChatText, TeamsAndSlackTextToCommands) {
  EXPECT_EQ(TeamsCommandText("<at>Nagame</at> rule <b>PodRestartsHigh</b>&nbsp;"),
            "rule  PodRestartsHigh");
  EXPECT_EQ(TeamsCommandText("<at>Nagame"), "");
  EXPECT_EQ(TeamsCommandText("<at>Nagame</at> incident web &quot;5xx&quot; &#39;up&#39;"),
            "incident web \"5xx\" 'up'");
  EXPECT_EQ(SlackCommandText(" incident checkout p99 &gt; 1s &amp; rising "),
            "incident checkout p99 > 1s & rising");
  EXPECT_EQ(SlackCommandText("rule &lt;A&gt; &nbsp;"), "rule <A> &nbsp;");
}

}  // namespace
}  // namespace nagame::bot::chat
