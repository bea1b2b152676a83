// Tests for the HTTP server over real loopback connections: routing answers, limits, timeouts,
// keep-alive, handler failures and the graceful drain.
#include "bot/http/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <future>
#include <mutex>
#include <thread>

#include "bot/http/response.h"
#include "tests/support/http_client.h"

namespace nagame::bot::http {
namespace {

namespace bhttp = beast::http;
using bhttp::verb;
using nagame::testing::HttpClient;
using nagame::testing::HttpResponse;
using nagame::testing::ParseHttpResponses;
using nagame::testing::RawSend;
using std::chrono::milliseconds;
using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

constexpr size_t kBodyLimit = 1024;

// Suspends the calling handler for `d` without blocking its thread.
asio::awaitable<void> Sleep(Duration d) {
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  co_await timer.async_wait(asio::use_awaitable);
}

class ServerTest : public ::testing::Test {
 protected:
  ServerTest() {
    options_.body_limit = kBodyLimit;
    options_.clock = [] { return FromUnixNanos(1'764'000'000'000'000'000); };

    // GET /hello: echoes what the handler was given.
    AddRoute(verb::get, "/hello/{who}", [](RequestContext& ctx) -> asio::awaitable<Response> {
      nlohmann::json body = {{"path", ctx.path},
                             {"route", ctx.route},
                             {"who", ctx.path_params.at("who")},
                             {"query", ctx.query},
                             {"remote", ctx.remote.to_string()},
                             {"received_at", FormatRfc3339(ctx.received_at)}};
      co_return JsonResponse(200, body, ctx.request);
    });
    // POST /echo: answers with the request body.
    AddRoute(verb::post, "/echo", [](RequestContext& ctx) -> asio::awaitable<Response> {
      co_return TextResponse(200, ctx.request.body(), ctx.request);
    });
    // GET /boom: a handler bug whose message must not leak.
    AddRoute(verb::get, "/boom", [](RequestContext&) -> asio::awaitable<Response> {
      throw std::runtime_error("boom: token=sekrit-in-exception");
      co_return Response();
    });
    // GET /slow: signals that it started, then takes slow_ to answer.
    AddRoute(verb::get, "/slow", [this](RequestContext& ctx) -> asio::awaitable<Response> {
      if (!slow_entered_flag_.exchange(true)) slow_entered_.set_value();
      co_await Sleep(slow_);
      co_return TextResponse(200, std::string(100'000, 'x'), ctx.request);
    });
    // GET /nap: a short suspension, for concurrency.
    AddRoute(verb::get, "/nap", [](RequestContext& ctx) -> asio::awaitable<Response> {
      co_await Sleep(milliseconds(1));
      co_return TextResponse(200, "rested", ctx.request);
    });
  }

  ~ServerTest() override { Stop(); }

  void AddRoute(verb v, std::string_view pattern, Handler handler) {
    Status st = router_.Add(v, pattern, std::move(handler));
    ASSERT_TRUE(st.ok()) << st.ToString();
  }

  // Listens on a free loopback port and runs the io_context on `threads` threads.
  void Start(int threads = 2) {
    server_ = std::make_unique<Server>(io_, options_, router_, [this](const RequestObservation& o) {
      std::lock_guard lock(mu_);
      observations_.push_back(o);
    });
    Status st = server_->Listen();
    ASSERT_TRUE(st.ok()) << st.ToString();
    ASSERT_NE(server_->port(), 0);
    server_->Start();
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { io_.run(); });
  }

  // Drains (force-closing after 1 s), stops the io_context and joins its threads. When an
  // earlier drain already let the io_context run out of work, the threads have returned.
  void Stop() {
    if (server_ && !threads_.empty()) server_->Shutdown(seconds(1), [this] { io_.stop(); });
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

  uint16_t port() const { return server_->port(); }

  std::vector<RequestObservation> Observations() {
    std::lock_guard lock(mu_);
    return observations_;
  }

  // Waits until the server has recorded `n` observations (they are recorded after writing).
  std::vector<RequestObservation> WaitForObservations(size_t n) {
    for (auto deadline = Clock::now() + seconds(5); Clock::now() < deadline;) {
      if (auto o = Observations(); o.size() >= n) return o;
      std::this_thread::sleep_for(milliseconds(5));
    }
    return Observations();
  }

  asio::io_context io_;
  Router router_;
  ServerOptions options_;
  std::unique_ptr<Server> server_;
  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::vector<RequestObservation> observations_;
  Duration slow_ = milliseconds(400);
  std::atomic<bool> slow_entered_flag_{false};
  std::promise<void> slow_entered_;
};

// --- Routing answers -------------------------------------------------------------------------

TEST_F(ServerTest, AnswersThroughAHandlerWithItsContext) {
  Start();
  HttpClient client(port());
  auto res = client.Get("/hello/w%C3%B6rld?name=x%20y&n=1&n=2");
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 200u);
  EXPECT_EQ(res->header("Content-Type"), "application/json");
  EXPECT_EQ(res->header("Content-Length"), std::to_string(res->body.size()));
  nlohmann::json body = res->json();
  EXPECT_EQ(body["path"], "/hello/w%C3%B6rld");
  EXPECT_EQ(body["route"], "/hello/{who}");
  EXPECT_EQ(body["who"], "w\xc3\xb6rld");
  EXPECT_EQ(body["query"], nlohmann::json({{"name", "x y"}, {"n", "2"}}));
  EXPECT_EQ(body["remote"], "127.0.0.1");
  EXPECT_EQ(body["received_at"], "2025-11-24T16:00:00Z");

  auto seen = WaitForObservations(1);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "GET");
  EXPECT_EQ(seen[0].route, "/hello/{who}");
  EXPECT_EQ(seen[0].status, 200u);
  EXPECT_GT(seen[0].latency, Duration::zero());
}

TEST_F(ServerTest, UnknownPathIs404WithJsonError) {
  Start();
  HttpClient client(port());
  auto res = client.Get("/nope?token=abc");
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 404u);
  EXPECT_EQ(res->json()["error"]["code"], "not_found");
  EXPECT_EQ(res->body.find("token"), std::string::npos);
  EXPECT_TRUE(res->keep_alive);
  auto seen = WaitForObservations(1);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].route, "unmatched");
  EXPECT_EQ(seen[0].status, 404u);
}

TEST_F(ServerTest, WrongMethodIs405WithAllow) {
  Start();
  HttpClient client(port());
  auto res = client.Post("/hello/x", "{}");
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 405u);
  EXPECT_EQ(res->header("Allow"), "GET, HEAD");
  EXPECT_EQ(res->json()["error"]["code"], "method_not_allowed");
  auto seen = WaitForObservations(1);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].route, "/hello/{who}");
  EXPECT_EQ(seen[0].status, 405u);
}

TEST_F(ServerTest, HeadIsServedByGetWithoutBody) {
  Start();
  HttpClient client(port());
  auto get = client.Get("/hello/x");
  ASSERT_TRUE(get.ok()) << get.status().ToString();
  auto head = client.Send("HEAD", "/hello/x");
  ASSERT_TRUE(head.ok()) << head.status().ToString();
  EXPECT_EQ(head->status, 200u);
  EXPECT_EQ(head->header("Content-Length"), std::to_string(get->body.size()));
  EXPECT_EQ(head->body, "");
  // No stray body bytes: the next request on the connection parses cleanly.
  auto again = client.Get("/hello/y");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->json()["who"], "y");
  EXPECT_EQ(client.connections(), 1);
}

TEST_F(ServerTest, MalformedQueryIs400NamingTheQuery) {
  Start();
  HttpClient client(port());
  auto res = client.Get("/hello/x?a=%zz");
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 400u);
  EXPECT_EQ(res->json()["error"]["code"], "invalid_argument");
  EXPECT_EQ(res->json()["error"]["field"], "query");
}

TEST_F(ServerTest, UnknownMethodIs405) {
  Start();
  auto reply = RawSend(port(), "BREW /hello/x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  auto parsed = ParseHttpResponses(reply.bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString() << reply.bytes;
  ASSERT_EQ(parsed->size(), 1u);
  EXPECT_EQ((*parsed)[0].status, 405u);
  auto seen = WaitForObservations(1);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "other");
}

// --- Body and header limits ------------------------------------------------------------------

TEST_F(ServerTest, BodyAtTheLimitIsAccepted) {
  Start();
  HttpClient client(port());
  std::string body(kBodyLimit, 'a');
  auto res = client.Post("/echo", body, "text/plain");
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 200u);
  EXPECT_EQ(res->body, body);
}

TEST_F(ServerTest, BodyOverLimitWithContentLengthIs413AndCloses) {
  Start();
  HttpClient client(port());
  auto res = client.Post("/echo", std::string(kBodyLimit + 1, 'a'), "text/plain");
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 413u);
  EXPECT_EQ(res->json()["error"]["code"], "payload_too_large");
  EXPECT_FALSE(res->keep_alive);
  EXPECT_EQ(res->header("Connection"), "close");
  EXPECT_FALSE(client.connected());
  auto seen = WaitForObservations(1);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].route, "/echo");
  EXPECT_EQ(seen[0].status, 413u);
}

TEST_F(ServerTest, LargeBodyOverLimitStillGetsTheAnswer) {
  // 4 MiB: far more than the socket buffers, so the server answers while the client still
  // sends; the lingering close must keep the 413 from being lost to a reset.
  Start();
  HttpClient client(port());
  auto res = client.Post("/echo", std::string(4 << 20, 'a'), "text/plain");
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 413u);
}

std::string Chunked(size_t chunks, size_t chunk_size, bool close) {
  std::string req = "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\n";
  if (close) req += "Connection: close\r\n";
  req += "Transfer-Encoding: chunked\r\n\r\n";
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", chunk_size);
  for (size_t i = 0; i < chunks; ++i) req += size + std::string(chunk_size, 'c') + "\r\n";
  return req + "0\r\n\r\n";
}

TEST_F(ServerTest, ChunkedBodyWithinLimitIsAccepted) {
  Start();
  auto reply = RawSend(port(), Chunked(4, kBodyLimit / 4, /*close=*/true));
  EXPECT_TRUE(reply.closed);
  auto parsed = ParseHttpResponses(reply.bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString() << reply.bytes;
  ASSERT_EQ(parsed->size(), 1u);
  EXPECT_EQ((*parsed)[0].status, 200u);
  EXPECT_EQ((*parsed)[0].body, std::string(kBodyLimit, 'c'));
}

TEST_F(ServerTest, ChunkedBodyOverLimitIs413AndCloses) {
  Start();
  // Keep-alive requested, yet the server must close after the 413.
  auto reply = RawSend(port(), Chunked(8, kBodyLimit / 4, /*close=*/false));
  EXPECT_TRUE(reply.closed);
  auto parsed = ParseHttpResponses(reply.bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString() << reply.bytes;
  ASSERT_EQ(parsed->size(), 1u);
  EXPECT_EQ((*parsed)[0].status, 413u);
  EXPECT_EQ((*parsed)[0].json()["error"]["code"], "payload_too_large");
  EXPECT_EQ((*parsed)[0].header("Connection"), "close");
}

TEST_F(ServerTest, ExpectContinueGets100ThenTheAnswer) {
  Start();
  auto reply = RawSend(port(),
                       "POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\n"
                       "Connection: close\r\nContent-Length: 5\r\n\r\nhello");
  auto parsed = ParseHttpResponses(reply.bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString() << reply.bytes;
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[0].status, 100u);
  EXPECT_EQ((*parsed)[1].status, 200u);
  EXPECT_EQ((*parsed)[1].body, "hello");
}

TEST_F(ServerTest, ExpectContinueOverLimitIs413Without100) {
  Start();
  auto reply = RawSend(port(),
                       "POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\n"
                       "Content-Length: 999999\r\n\r\n");
  EXPECT_TRUE(reply.closed);
  auto parsed = ParseHttpResponses(reply.bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString() << reply.bytes;
  ASSERT_EQ(parsed->size(), 1u);
  EXPECT_EQ((*parsed)[0].status, 413u);
}

TEST_F(ServerTest, HeaderOverLimitIs431AndCloses) {
  options_.max_header_bytes = 1024;
  Start();
  HttpClient client(port());
  auto res = client.Get("/hello/x", {{"X-Padding", std::string(4096, 'p')}});
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 431u);
  EXPECT_EQ(res->json()["error"]["code"], "header_too_large");
  EXPECT_FALSE(client.connected());
}

// --- Malformed input -------------------------------------------------------------------------

TEST_F(ServerTest, GarbageBytesAre400AndClose) {
  Start();
  const char tls_hello[] = "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 TLS hello\r\n\r\n";
  const std::string garbage[] = {
      std::string(tls_hello, sizeof tls_hello - 1),
      "GET /hello/x HTTP/9.9\r\n\r\n",
      "GET /hello/x HTTP/1.1\r\nBad Header Name: x\r\n\r\n",
      "POST /echo HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
      "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
  };
  for (const std::string& bytes : garbage) {
    SCOPED_TRACE(bytes);
    auto reply = RawSend(port(), bytes);
    EXPECT_TRUE(reply.closed);
    EXPECT_TRUE(reply.bytes.starts_with("HTTP/1.1 400 ")) << reply.bytes;
    auto parsed = ParseHttpResponses(reply.bytes);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    ASSERT_EQ(parsed->size(), 1u);
    EXPECT_EQ((*parsed)[0].json()["error"]["code"], "invalid_argument");
    EXPECT_EQ((*parsed)[0].header("Connection"), "close");
  }
  auto seen = WaitForObservations(std::size(garbage));
  ASSERT_EQ(seen.size(), std::size(garbage));
  for (const auto& o : seen) EXPECT_EQ(o.status, 400u);
}

TEST_F(ServerTest, ClientLeavingMidHeaderGetsNoAnswer) {
  Start();
  auto reply = RawSend(port(), "GET /hello/x HTTP/1.1\r\nHost:", milliseconds(300));
  EXPECT_EQ(reply.bytes, "");
  EXPECT_FALSE(reply.closed);  // RawSend gave up and closed; the server had nothing to say
  HttpClient client(port());   // the server is still fine
  auto res = client.Get("/hello/x");
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 200u);
}

// --- Connection management -------------------------------------------------------------------

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  Start();
  HttpClient client(port());
  for (int i = 0; i < 5; ++i) {
    auto res = client.Get("/hello/" + std::to_string(i));
    ASSERT_TRUE(res.ok()) << res.status().ToString();
    EXPECT_EQ(res->status, 200u);
    EXPECT_TRUE(res->keep_alive);
    EXPECT_EQ(res->json()["who"], std::to_string(i));
  }
  auto res = client.Post("/echo", "after gets", "text/plain");
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->body, "after gets");
  EXPECT_EQ(client.connections(), 1);
  EXPECT_TRUE(client.connected());
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  Start();
  auto reply = RawSend(port(),
                       "GET /hello/first HTTP/1.1\r\nHost: t\r\n\r\n"
                       "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 6\r\n\r\nsecond"
                       "GET /hello/third HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(reply.closed);
  auto parsed = ParseHttpResponses(reply.bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString() << reply.bytes;
  ASSERT_EQ(parsed->size(), 3u);
  EXPECT_EQ((*parsed)[0].json()["who"], "first");
  EXPECT_EQ((*parsed)[1].body, "second");
  EXPECT_EQ((*parsed)[2].json()["who"], "third");
  EXPECT_EQ((*parsed)[2].header("Connection"), "close");
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
  Start();
  HttpClient client(port());
  auto res = client.Get("/hello/x", {{"Connection", "close"}});
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 200u);
  EXPECT_EQ(res->header("Connection"), "close");
  EXPECT_FALSE(client.connected());
  // The next request opens a new connection.
  ASSERT_TRUE(client.Get("/hello/y").ok());
  EXPECT_EQ(client.connections(), 2);
}

TEST_F(ServerTest, Http10ClosesUnlessAskedToKeepAlive) {
  Start();
  auto reply = RawSend(port(), "GET /hello/x HTTP/1.0\r\n\r\n");
  EXPECT_TRUE(reply.closed);
  EXPECT_TRUE(reply.bytes.starts_with("HTTP/1.0 200 ")) << reply.bytes;

  auto kept =
      RawSend(port(), "GET /hello/x HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", milliseconds(500));
  EXPECT_FALSE(kept.closed);
  auto parsed = ParseHttpResponses(kept.bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString() << kept.bytes;
  ASSERT_EQ(parsed->size(), 1u);
  EXPECT_EQ((*parsed)[0].header("Connection"), "keep-alive");
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosedAfterIdleTimeout) {
  options_.idle_timeout = milliseconds(400);
  Start();
  HttpClient client(port());
  ASSERT_TRUE(client.Get("/hello/x").ok());
  auto answered = Clock::now();
  EXPECT_FALSE(client.WaitUntilClosed(milliseconds(100)));  // still open while idle
  EXPECT_TRUE(client.WaitUntilClosed(seconds(5)));
  EXPECT_GE(Clock::now() - answered, milliseconds(350));
}

TEST_F(ServerTest, SilentNewConnectionIsClosedAfterHeaderTimeout) {
  options_.header_timeout = milliseconds(300);
  Start();
  auto started = Clock::now();
  auto reply = RawSend(port(), "", seconds(5));
  EXPECT_TRUE(reply.closed);
  EXPECT_EQ(reply.bytes, "");
  EXPECT_GE(Clock::now() - started, milliseconds(250));
  EXPECT_LT(Clock::now() - started, seconds(4));
}

TEST_F(ServerTest, SlowBodyIsCutOffAfterReadTimeout) {
  options_.read_timeout = milliseconds(300);
  Start();
  auto started = Clock::now();
  // Announces 100 bytes, sends 5: the server gives up without answering.
  auto reply = RawSend(port(), "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nhello",
                       seconds(5));
  EXPECT_TRUE(reply.closed);
  EXPECT_EQ(reply.bytes, "");
  EXPECT_LT(Clock::now() - started, seconds(4));
}

TEST_F(ServerTest, HeaderTrickledByteByByteIsCutOffWhileOthersAreServed) {
  options_.header_timeout = milliseconds(500);
  Start();
  asio::io_context client_io;
  asio::ip::tcp::socket slow(client_io);
  slow.connect({asio::ip::make_address("127.0.0.1"), port()});
  slow.non_blocking(true);
  // Slowloris: a header that never ends, one byte every 20 ms, until the server hangs up.
  const std::string endless = "GET /hello/slow HTTP/1.1\r\nHost: t\r\n" + std::string(4096, 'X');
  auto started = Clock::now();
  bool cut_off = false;
  for (size_t i = 0; i < endless.size() && Clock::now() - started < seconds(10); ++i) {
    beast::error_code ec;
    asio::write(slow, asio::buffer(&endless[i], 1), ec);
    char byte = 0;
    if (!ec) slow.read_some(asio::buffer(&byte, 1), ec);  // would_block while the server waits
    if (ec && ec != asio::error::would_block) {
      cut_off = true;
      break;
    }
    if (i == 40) {  // mid-trickle, another client is answered at once
      HttpClient other(port());
      auto res = other.Get("/hello/other");
      ASSERT_TRUE(res.ok()) << res.status().ToString();
      EXPECT_EQ(res->status, 200);
    }
    std::this_thread::sleep_for(milliseconds(20));
  }
  EXPECT_TRUE(cut_off);
  EXPECT_GE(Clock::now() - started, milliseconds(450));
  EXPECT_LT(Clock::now() - started, seconds(10));
}

TEST_F(ServerTest, ConnectionsBeyondTheCapAreClosedWhileOpenOnesKeepWorking) {
  options_.max_connections = 2;
  Start();
  HttpClient kept(port());
  ASSERT_EQ(kept.Get("/hello/a")->status, 200);
  asio::io_context client_io;
  asio::ip::tcp::socket idle(client_io);  // the second connection: open, silent
  idle.connect({asio::ip::make_address("127.0.0.1"), port()});

  // Accepted in order after `idle`: the third connection is closed without an answer.
  auto refused = RawSend(port(), "GET /hello/c HTTP/1.1\r\nHost: t\r\n\r\n", seconds(5));
  EXPECT_TRUE(refused.closed);
  EXPECT_EQ(refused.bytes, "");

  auto again = kept.Get("/hello/a");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(kept.connections(), 1);

  // Once a connection ends, a new one is served again.
  idle.close();
  bool served = false;
  for (auto deadline = Clock::now() + seconds(5); !served && Clock::now() < deadline;) {
    HttpClient fresh(port());
    auto res = fresh.Get("/hello/d");
    served = res.ok() && res->status == 200;
    if (!served) std::this_thread::sleep_for(milliseconds(20));
  }
  EXPECT_TRUE(served);
}

// --- Handler failures ------------------------------------------------------------------------

TEST_F(ServerTest, HandlerExceptionIs500WithGenericBodyAndSafeLog) {
  Start();
  HttpClient client(port());
  ::testing::internal::CaptureStderr();
  auto res = client.Get("/boom", {{"Authorization", "Bearer sekrit-in-header"}});
  auto seen = WaitForObservations(1);
  std::string log = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 500u);
  EXPECT_EQ(res->json(),
            nlohmann::json::parse(R"({"error":{"code":"internal","message":"internal error"}})"));
  EXPECT_NE(log.find("\"http_handler_exception\""), std::string::npos) << log;
  EXPECT_NE(log.find("\"/boom\""), std::string::npos) << log;
  EXPECT_EQ(log.find("sekrit"), std::string::npos) << log;
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].status, 500u);
  // The connection survives the handler's failure.
  auto next = client.Get("/hello/x");
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(next->status, 200u);
  EXPECT_EQ(client.connections(), 1);
}

// --- Concurrency -----------------------------------------------------------------------------

TEST_F(ServerTest, ConcurrentClientsOnSeveralThreads) {
  Start(/*threads=*/3);
  constexpr int kClients = 6;
  constexpr int kRequests = 25;
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      HttpClient client(port());
      for (int i = 0; i < kRequests; ++i) {
        auto res = (i % 2 == 0) ? client.Get("/nap")
                                : client.Post("/echo", std::to_string(c * 1000 + i), "text/plain");
        if (res.ok() && res->status == 200 &&
            (i % 2 == 0 ? res->body == "rested" : res->body == std::to_string(c * 1000 + i))) {
          ++ok;
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(ok.load(), kClients * kRequests);
  EXPECT_EQ(WaitForObservations(kClients * kRequests).size(), size_t{kClients * kRequests});
}

// --- Listen ----------------------------------------------------------------------------------

TEST_F(ServerTest, ListenReportsAddressInUseAndBadAddress) {
  Start();
  ServerOptions same = options_;
  same.port = port();
  Server second(io_, same, router_);
  Status st = second.Listen();
  EXPECT_EQ(st.code(), Code::kUnavailable) << st.ToString();
  EXPECT_NE(st.message().find("address in use"), std::string::npos) << st.ToString();

  ServerOptions bad = options_;
  bad.address = "localhost:80";
  Server third(io_, bad, router_);
  st = third.Listen();
  EXPECT_EQ(st.code(), Code::kInvalidArgument) << st.ToString();
  EXPECT_EQ(st.field(), "address");
}

// --- Graceful drain --------------------------------------------------------------------------

TEST_F(ServerTest, ShutdownLetsInFlightRequestFinish) {
  Start();
  // An idle keep-alive connection, to be closed at once.
  HttpClient idle(port());
  ASSERT_TRUE(idle.Get("/hello/x").ok());

  auto slow = std::async(std::launch::async, [this] {
    HttpClient client(port());
    return client.Get("/slow");
  });
  ASSERT_EQ(slow_entered_.get_future().wait_for(seconds(5)), std::future_status::ready);

  auto drained = std::make_shared<std::promise<Clock::time_point>>();
  auto shutdown_at = Clock::now();
  server_->Shutdown(seconds(10), [drained] { drained->set_value(Clock::now()); });

  // New connections are refused as soon as Shutdown returns.
  HttpClient late(port());
  late.set_timeout(seconds(2));
  auto refused = late.Get("/hello/x");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("refused"), std::string::npos)
      << refused.status().ToString();

  // The idle connection is closed without waiting for the slow request.
  EXPECT_TRUE(idle.WaitUntilClosed(milliseconds(300)));

  // The in-flight request completes with its full body and "Connection: close".
  auto res = slow.get();
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 200u);
  EXPECT_EQ(res->body, std::string(100'000, 'x'));
  EXPECT_EQ(res->header("Connection"), "close");

  // Drained after the slow request, well before the grace period.
  auto drained_future = drained->get_future();
  ASSERT_EQ(drained_future.wait_for(seconds(5)), std::future_status::ready);
  auto drained_at = drained_future.get();
  EXPECT_GE(drained_at - shutdown_at, milliseconds(200));
  EXPECT_LT(drained_at - shutdown_at, seconds(5));
}

TEST_F(ServerTest, ShutdownForceClosesWhenGraceRunsOut) {
  slow_ = seconds(30);
  Start();
  auto slow = std::async(std::launch::async, [this] {
    HttpClient client(port());
    return client.Get("/slow");
  });
  ASSERT_EQ(slow_entered_.get_future().wait_for(seconds(5)), std::future_status::ready);

  auto drained = std::make_shared<std::promise<void>>();
  auto shutdown_at = Clock::now();
  server_->Shutdown(milliseconds(300), [drained] { drained->set_value(); });
  ASSERT_EQ(drained->get_future().wait_for(seconds(5)), std::future_status::ready);
  EXPECT_GE(Clock::now() - shutdown_at, milliseconds(250));

  // The client's connection was closed without an answer.
  ASSERT_EQ(slow.wait_for(seconds(5)), std::future_status::ready);
  auto res = slow.get();
  EXPECT_FALSE(res.ok());
}

TEST_F(ServerTest, ShutdownWithoutConnectionsDrainsAtOnce) {
  Start();
  auto drained = std::make_shared<std::promise<void>>();
  server_->Shutdown(seconds(10), [drained] { drained->set_value(); });
  EXPECT_EQ(drained->get_future().wait_for(seconds(1)), std::future_status::ready);
  // With nothing left to do (no timer, no accept), the io_context threads return on their own.
  for (auto& t : threads_) t.join();
  threads_.clear();
}

TEST_F(ServerTest, ShutdownCalledTwiceDuringDrainCallsBothCallbacks) {
  Start();
  auto slow = std::async(std::launch::async, [this] {
    HttpClient client(port());
    return client.Get("/slow");
  });
  ASSERT_EQ(slow_entered_.get_future().wait_for(seconds(5)), std::future_status::ready);
  auto first = std::make_shared<std::promise<void>>();
  auto second = std::make_shared<std::promise<void>>();
  server_->Shutdown(seconds(10), [first] { first->set_value(); });
  server_->Shutdown(milliseconds(1), [second] { second->set_value(); });  // grace unchanged
  auto res = slow.get();
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 200u);
  EXPECT_EQ(first->get_future().wait_for(seconds(2)), std::future_status::ready);
  EXPECT_EQ(second->get_future().wait_for(seconds(2)), std::future_status::ready);
}

}  // namespace
}  // namespace nagame::bot::http
