// A loopback HTTP(S) server for testing outgoing clients: it answers scripted responses in
// order and records every request it read. HTTPS uses a certificate from a TestCa made at
// start (or one given), for the names chosen by the test.
//
// Example:
//   auto server = nagame::testing::TlsTestServer::Start({});
//   ASSERT_TRUE(server.ok()) << server.status().ToString();
//   (*server)->Enqueue({.status = 503, .headers = {{"Retry-After", "7"}}});
//   (*server)->Enqueue({.status = 200, .body = "ok"});
//   bot::net::HttpClient client({.ca_file = (*server)->ca_file().string()});
//   client.Post((*server)->url("/hook"), "{}", "application/json");
//   EXPECT_EQ((*server)->Requests().at(0).body, "{}");
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/status.h"
#include "rules/time.h"
#include "tests/support/files.h"
#include "tests/support/http_client.h"
#include "tests/support/test_ca.h"

namespace nagame::testing {

// What the server answers to one request.
struct ScriptedResponse {
  unsigned status = 200;
  HttpHeaders headers;  // Content-Length and Connection are set by the server
  std::string body;
  Duration delay{0};  // waits this long after reading the request before answering
};

// A request as the server read it.
struct RecordedRequest {
  std::string method;
  std::string target;
  HttpHeaders headers;
  std::string body;
  std::string sni;  // the TLS server name the client sent (empty: none, or plain HTTP)

  // The first header named `name` (case-insensitive), or "" when absent.
  std::string header(std::string_view name) const;
};

// Thread-safe: the accessors may be called while requests are being served.
class TlsTestServer {
 public:
  struct Options {
    bool tls = true;  // false: plain HTTP
    // Names the server certificate is issued for (DNS names or IP literals).
    std::vector<std::string> names = {"localhost", "127.0.0.1"};
    // The CA that signs the certificate; unset: a fresh TestCa of the server's own.
    std::optional<TestCa> ca;
    // Requests with a larger body are answered 413 and not recorded.
    size_t body_limit = 16 << 20;
  };

  // Listens on a free port of 127.0.0.1 and serves on a thread of its own, one connection
  // at a time, one request per connection ("Connection: close"). Errors: kInternal when the
  // CA or certificate cannot be made; kUnavailable when it cannot listen.
  static Result<std::unique_ptr<TlsTestServer>> Start(Options options);

  // Stops serving (a delayed answer is abandoned) and joins the thread.
  ~TlsTestServer();
  TlsTestServer(const TlsTestServer&) = delete;
  TlsTestServer& operator=(const TlsTestServer&) = delete;

  uint16_t port() const { return port_; }
  // "https://localhost:<port><path>" ("http://" without TLS); `host` replaces "localhost".
  std::string url(std::string_view path = "/", std::string_view host = "localhost") const;
  // The CA certificate (PEM file in the server's temporary directory) clients should trust.
  std::filesystem::path ca_file() const { return ca_file_; }
  const TestCa& ca() const { return *options_.ca; }

  // Queues the answer to the next request that finds the queue non-empty; requests that find
  // it empty get the default (200, empty body, unless SetDefault changed it).
  void Enqueue(ScriptedResponse response);
  void SetDefault(ScriptedResponse response);

  // Every request read so far, in order.
  std::vector<RecordedRequest> Requests() const;
  // Waits up to `timeout` for at least `count` recorded requests; false on timeout.
  bool WaitForRequests(size_t count, Duration timeout = std::chrono::seconds(10)) const;

 private:
  struct Impl;
  explicit TlsTestServer(Options options);

  Options options_;
  TempDir dir_;
  std::filesystem::path ca_file_;
  uint16_t port_ = 0;
  std::unique_ptr<Impl> impl_;
};

}  // namespace nagame::testing
