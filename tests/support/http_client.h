// A small blocking HTTP/1.1 client for loopback tests, and a raw-bytes sender for broken input.
//
// Example:
//   nagame::testing::HttpClient client(server.port());
//   auto res = client.Post("/webhooks/alertmanager", body, "application/json",
//                          {{"Authorization", "Bearer t0ken"}});
//   ASSERT_TRUE(res.ok()) << res.status().ToString();
//   EXPECT_EQ(res->status, 200);
//   EXPECT_EQ(res->json()["status"], "stored");
//
// Not thread-safe: use one client per thread. Each operation runs a private io_context, so a
// client may be used while the server under test runs its own io_context on other threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/status.h"
#include "rules/time.h"

namespace nagame::testing {

// Header fields in order; a name may repeat.
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
  unsigned status = 0;
  HttpHeaders headers;      // as received, in order
  std::string body;         // empty for HEAD and 1xx/204/304
  bool keep_alive = false;  // the server keeps the connection open after this response

  // The value of the first header named `name` (case-insensitive), or "" when absent.
  std::string header(std::string_view name) const;
  bool has_header(std::string_view name) const;
  // The body parsed as JSON, or a discarded value (json().is_discarded()) when it is not.
  nlohmann::json json() const;
};

// One keep-alive connection to 127.0.0.1:<port> (connected on first use).
class HttpClient {
 public:
  explicit HttpClient(uint16_t port, std::string host = "127.0.0.1");
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends one request and reads its response. Connects first when not connected (the first
  // time, or after the server answered "Connection: close"). Sets Host and User-Agent unless
  // `headers` has them, and Content-Length from `body` unless `headers` has Content-Length or
  // Transfer-Encoding (with "Transfer-Encoding: chunked" the body is sent chunked).
  // A response to HEAD is read without a body.
  // Errors: kUnavailable when connecting, writing or reading fails, times out (see
  // set_timeout), or the server closes the connection without answering. After an error the
  // connection is closed; the next Send reconnects.
  Result<HttpResponse> Send(std::string_view method, std::string_view target,
                            std::string_view body = {}, const HttpHeaders& headers = {});
  Result<HttpResponse> Get(std::string_view target, const HttpHeaders& headers = {});
  Result<HttpResponse> Post(std::string_view target, std::string_view body,
                            std::string_view content_type = "application/json",
                            const HttpHeaders& headers = {});

  // Whether a connection is open (from the client's point of view).
  bool connected() const;
  // How many TCP connections this client has opened so far; 1 after several requests means
  // they all shared one keep-alive connection.
  int connections() const;

  // Waits up to `timeout` for the server to close the connection. Returns true when it did
  // (or no connection is open); false on timeout, or when the server sent bytes instead (the
  // connection then stays open and the bytes are kept for the next response).
  bool WaitUntilClosed(Duration timeout);

  // Closes the connection, if open.
  void Close();

  // The time limit of each connect, write, read and WaitUntilClosed step. Default 10 s.
  void set_timeout(Duration timeout);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// What came back from RawSend.
struct RawReply {
  std::string bytes;    // everything received
  bool closed = false;  // the server closed the connection (rather than the timeout ending it)
};

// Connects to 127.0.0.1:<port>, writes `bytes` (write errors such as a reset by the server are
// ignored) and reads whatever comes back until the server closes the connection or `timeout`
// passes. Bytes are received while still sending, so a server answering early is seen.
// A failed connect yields an empty, not closed, reply.
RawReply RawSend(uint16_t port, std::string_view bytes, Duration timeout = std::chrono::seconds(5));

// Parses the HTTP responses in `bytes` (e.g. RawReply::bytes), in order, 1xx included.
// Errors: kInvalidArgument when the bytes are not a sequence of complete responses.
Result<std::vector<HttpResponse>> ParseHttpResponses(std::string_view bytes);

}  // namespace nagame::testing
