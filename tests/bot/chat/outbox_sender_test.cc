// Durable delivery against a local HTTPS receiver (test CA made at test time): 500, 429 with
// Retry-After, a timeout, then success is exactly one delivery, with a restart in between
// losing nothing; a certificate for another host is refused; Slack's API `ok` is checked. The
// clock is injected, so backoff is checked without waiting for it.
#include "bot/chat/outbox_sender.h"

#include <gtest/gtest.h>

#include <thread>

#include "tests/bot/chat/configured_platforms.h"
#include "tests/support/files.h"
#include "tests/support/history_builder.h"
#include "tests/support/tls_test_server.h"

namespace nagame::bot::chat {
namespace {

using nagame::testing::AtTime;
using nagame::testing::ScriptedResponse;
using nagame::testing::TlsTestServer;
using std::chrono::milliseconds;
using std::chrono::seconds;

class OutboxSenderTest : public ::testing::Test {
 protected:
  void SetUp() override { Restart(); }

  // A fresh store connection and sender on the same database file: what a restart does.
  void Restart() {
    sender_.reset();
    store_.reset();
    storage::StoreOptions o;
    o.path = (dir_ / "nagame.db").string();
    auto s = storage::OutboxStore::Open(o);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    sender_ = std::make_unique<OutboxSender>(store_.get(), client_.get(), destinations_, policy_,
                                             [this] { return now_; });
  }

  // Posts to `server` as the one platform configured by `platform_yaml` posts (its
  // destination, pointed at the server).
  void UseServer(const TlsTestServer& server,
                 const std::string& platform_yaml = "slack: {webhook_url: https://h.example/x}",
                 const std::string& host = "localhost") {
    client_ = std::make_unique<net::HttpClient>(net::HttpClientOptions{
        .total_timeout = milliseconds(400), .ca_file = server.ca_file().string()});
    std::optional<Destination> destination = nagame::testing::DestinationOf(platform_yaml);
    ASSERT_TRUE(destination);
    destination->url = server.url("/hook", host);
    destinations_ = {*destination};
    Restart();
  }

  storage::OutboxMessage Message(const std::string& key) {
    auto m = store_->Find(key);
    EXPECT_TRUE(m.ok() && m->has_value());
    return m.ok() && m->has_value() ? **m : storage::OutboxMessage{};
  }

  nagame::testing::TempDir dir_;
  Time now_ = AtTime("2026-11-30T00:30:00Z");
  RetryPolicy policy_{
      .initial_backoff = seconds(30), .max_backoff = seconds(600), .max_attempts = 6};
  std::unique_ptr<net::HttpClient> client_ = std::make_unique<net::HttpClient>();
  std::vector<Destination> destinations_;
  std::unique_ptr<storage::OutboxStore> store_;
  std::unique_ptr<OutboxSender> sender_;
};

TEST_F(OutboxSenderTest, FailuresThenSuccessIsExactlyOneDeliveryAcrossARestart) {
  auto server = TlsTestServer::Start({});
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  UseServer(**server);
  (*server)->Enqueue({.status = 500});
  (*server)->Enqueue({.status = 429, .headers = {{"Retry-After", "100"}}});
  (*server)->Enqueue({.status = 200, .body = "ok", .delay = seconds(1)});  // past the timeout
  (*server)->Enqueue({.status = 200, .body = "ok"});
  const std::string key = "weekly:2026-W48|slack";
  ASSERT_TRUE(store_->Enqueue(key, "slack", R"({"text":"summary"})", now_).ok());

  EXPECT_EQ(*sender_->SendDue(), 0);  // 500
  EXPECT_EQ(Message(key).next_attempt_at, now_ + seconds(30));
  EXPECT_EQ(Message(key).last_error, "HTTP 500");
  now_ += seconds(29);
  EXPECT_EQ(*sender_->SendDue(), 0);  // not due yet: nothing sent
  EXPECT_EQ((*server)->Requests().size(), 1u);

  now_ += seconds(1);
  EXPECT_EQ(*sender_->SendDue(), 0);  // 429: Retry-After 100 s beats the 60 s backoff
  EXPECT_EQ(Message(key).next_attempt_at, now_ + seconds(100));

  Restart();  // nothing is lost
  now_ += seconds(100);
  EXPECT_EQ(*sender_->SendDue(), 0);  // timeout
  EXPECT_EQ(Message(key).last_error, "network: timeout");
  EXPECT_EQ(Message(key).attempts, 3);
  ASSERT_TRUE((*server)->WaitForRequests(3));
  std::this_thread::sleep_for(seconds(1));  // the receiver finishes its delayed answer

  Restart();
  now_ += seconds(120);
  EXPECT_EQ(*sender_->SendDue(), 1);
  const storage::OutboxMessage done = Message(key);
  EXPECT_EQ(done.state, storage::OutboxMessage::State::kDelivered);
  EXPECT_EQ(done.attempts, 4);

  // The same run queued again (a second scheduler, a restart) posts nothing more.
  auto again = store_->Enqueue(key, "slack", R"({"text":"summary"})", now_);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->created);
  now_ += seconds(3600);
  EXPECT_EQ(*sender_->SendDue(), 0);
  const auto requests = (*server)->Requests();
  ASSERT_EQ(requests.size(), 4u);
  for (const auto& r : requests) {
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.target, "/hook");
    EXPECT_EQ(r.body, R"({"text":"summary"})");
    EXPECT_EQ(r.sni, "localhost");
  }
}

TEST_F(OutboxSenderTest, CertificateForAnotherHostIsRefused) {
  auto server = TlsTestServer::Start({.names = {"wrong.example"}});
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  UseServer(**server);
  ASSERT_TRUE(store_->Enqueue("run|slack", "slack", "{}", now_).ok());
  EXPECT_EQ(*sender_->SendDue(), 0);
  const storage::OutboxMessage m = Message("run|slack");
  EXPECT_EQ(m.state, storage::OutboxMessage::State::kPending);
  EXPECT_EQ(m.last_error, "network: tls");
  EXPECT_TRUE((*server)->Requests().empty());
}

TEST_F(OutboxSenderTest, SlackApiOkDecides) {
  auto server = TlsTestServer::Start({});
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  UseServer(**server, "slack: {bot_token: xoxb-test-token, channel: C0123}");
  (*server)->Enqueue({.status = 200, .body = R"({"ok":false,"error":"ratelimited"})"});
  (*server)->Enqueue({.status = 200, .body = R"({"ok":false,"error":"channel_not_found"})"});
  (*server)->Enqueue({.status = 200, .body = R"({"ok":true,"ts":"1.2"})"});
  ASSERT_TRUE(store_->Enqueue("a|slack", "slack", "{}", now_).ok());
  EXPECT_EQ(*sender_->SendDue(), 0);
  EXPECT_EQ(Message("a|slack").last_error, "slack: ratelimited");
  EXPECT_EQ(Message("a|slack").state, storage::OutboxMessage::State::kPending);
  now_ += seconds(30);
  EXPECT_EQ(*sender_->SendDue(), 0);
  EXPECT_EQ(Message("a|slack").state, storage::OutboxMessage::State::kFailed);
  EXPECT_EQ(Message("a|slack").last_error, "slack: channel_not_found");
  ASSERT_TRUE(store_->Enqueue("b|slack", "slack", "{}", now_).ok());
  EXPECT_EQ(*sender_->SendDue(), 1);
  ASSERT_EQ((*server)->Requests().size(), 3u);
  EXPECT_EQ((*server)->Requests()[2].header("Authorization"), "Bearer xoxb-test-token");
}

TEST_F(OutboxSenderTest, BearerTokenIsSentOnlyWhereConfigured) {
  auto server = TlsTestServer::Start({});
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  UseServer(**server, "generic: {webhook_url: https://h.example/n, bearer_token: generic-secret}");
  (*server)->Enqueue({.status = 204});
  ASSERT_TRUE(store_->Enqueue("a|generic", "generic", R"({"title":"t"})", now_).ok());
  EXPECT_EQ(*sender_->SendDue(), 1);
  UseServer(**server);
  (*server)->Enqueue({.status = 200, .body = "ok"});
  ASSERT_TRUE(store_->Enqueue("b|slack", "slack", "{}", now_).ok());
  EXPECT_EQ(*sender_->SendDue(), 1);
  const auto requests = (*server)->Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].header("Authorization"), "Bearer generic-secret");
  EXPECT_EQ(requests[0].header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(requests[1].header("Authorization"), "");
}

TEST(RetryPolicy, BackoffDoublesUpToTheCapAndHonoursRetryAfter) {
  RetryPolicy p{.initial_backoff = seconds(30), .max_backoff = seconds(600)};
  EXPECT_EQ(p.Backoff(1, std::nullopt), seconds(30));
  EXPECT_EQ(p.Backoff(2, std::nullopt), seconds(60));
  EXPECT_EQ(p.Backoff(5, std::nullopt), seconds(480));
  EXPECT_EQ(p.Backoff(6, std::nullopt), seconds(600));
  EXPECT_EQ(p.Backoff(60, std::nullopt), seconds(600));
  EXPECT_EQ(p.Backoff(1, seconds(90)), seconds(90));
  EXPECT_EQ(p.Backoff(3, seconds(5)), seconds(120));
}

TEST(ClassifyAttempt, Table) {
  using K = AttemptOutcome::Kind;
  const Time now = AtTime("2026-11-30T00:30:00Z");
  const Destination hook{.name = "x"};  // reads no body: every 2xx is a delivery
  auto res = [](unsigned status) {
    return Result<net::HttpResponse>(net::HttpResponse{.status = status});
  };
  const struct {
    Result<net::HttpResponse> result;
    K kind;
    const char* error;
  } cases[] = {
      {res(200), K::kDelivered, ""},
      {res(202), K::kDelivered, ""},
      {res(500), K::kRetry, "HTTP 500"},
      {res(503), K::kRetry, "HTTP 503"},
      {res(408), K::kRetry, "HTTP 408"},
      {res(429), K::kRetry, "HTTP 429"},
      {res(400), K::kFail, "HTTP 400"},
      {res(404), K::kFail, "HTTP 404"},
      {res(301), K::kFail, "HTTP 301"},
      {Status(Code::kUnavailable, "connect: refused", "connect"), K::kRetry, "network: connect"},
      {Status(Code::kUnavailable, "tls: bad", "tls"), K::kRetry, "network: tls"},
      {Status(Code::kInvalidArgument, "url: bad", "url"), K::kFail, "request refused: url"},
  };
  for (const auto& c : cases) {
    AttemptOutcome o = ClassifyAttempt(hook, c.result, now);
    EXPECT_EQ(o.kind, c.kind) << c.error;
    EXPECT_EQ(o.error, c.error);
  }
}

}  // namespace
}  // namespace nagame::bot::chat
