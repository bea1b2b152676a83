// The HTTP/1.1 server: listens, runs one session coroutine per connection, drains on shutdown.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "bot/http/router.h"
#include "rules/clock.h"
#include "rules/status.h"
#include "rules/time.h"

namespace nagame::bot::http {

struct ServerOptions {
  // Address to listen on. Default loopback: exposing the bot is a deliberate choice.
  std::string address = "127.0.0.1";
  // 0 picks a free port (tests); read it back with Server::port().
  uint16_t port = 0;
  // Largest accepted request body, with Content-Length or chunked. Larger bodies get 413 and
  // the connection is closed. Default 1 MiB; Alertmanager deliveries of hundreds of alerts fit.
  size_t body_limit = 1 << 20;
  // Largest request line plus header fields; beyond it 431 and close. Default 16 KiB.
  size_t max_header_bytes = 16 << 10;
  // Time to receive a request's header, from its first byte (and, on a new connection, the
  // wait for that first byte). Default 10 s: long enough for slow links, short for slowloris.
  Duration header_timeout = std::chrono::seconds(10);
  // Time to receive a request's body once its header is in. Default 10 s.
  Duration read_timeout = std::chrono::seconds(10);
  // Time to send a response. Default 10 s.
  Duration write_timeout = std::chrono::seconds(10);
  // How long a keep-alive connection may wait for its next request. Default 60 s; senders
  // such as Alertmanager reuse connections, each open connection costs a descriptor.
  Duration idle_timeout = std::chrono::seconds(60);
  // Open connections at most. One more is accepted and closed at once (no answer), so idle or
  // slow clients cannot take every descriptor; /healthz and webhooks get through as soon as
  // one of the open connections ends (each ends within the timeouts above). Default 512:
  // under the usual 1024-descriptor limit, with room for the database files and outgoing calls.
  size_t max_connections = 512;
  // The clock that stamps RequestContext::received_at. Empty: SystemNow.
  Clock clock;
};

// One answered request, as the metrics see it.
struct RequestObservation {
  std::string method;  // "GET", "POST", …; "other" for a method Beast does not know or a
                       // request too malformed to tell
  std::string route;   // the matched pattern, or "unmatched" (404, malformed, no route)
  unsigned status = 0;
  Duration latency{};  // first byte of the request to the last byte of the response
};

// Called once per answered request, after the response was written (or failed to be).
// Runs on the connection's strand: with several io_context threads it is called concurrently
// and must be thread-safe. It must not throw (an exception is caught and logged).
using RequestObserver = std::function<void(const RequestObservation&)>;

// An HTTP/1.1 server on Boost.Beast.
//
// Each connection runs as one coroutine on its own strand, so the io_context may be run by
// any number of threads. Per request: a fresh parser with ServerOptions' limits, a timeout
// before every read and write, keep-alive as the client asks (HTTP/1.1 default on, HTTP/1.0
// default off, "Connection: close" honoured), pipelined requests answered in order,
// "Expect: 100-continue" answered with 100 (or 413 when the announced body is too large).
// Answers the server gives itself, as JSON errors: 404 and 405 (with Allow) from the
// Router, 400 for a malformed query string, malformed HTTP → 400 and close, body over the
// limit → 413 and close, header over the limit → 431 and close, a handler exception → 500
// with a generic body (logged as "http_handler_exception" with route and method only;
// headers and bodies are never logged). Beyond max_connections, a new connection is closed
// before anything is read (logged once as "http_connection_limit" until the count is below the
// cap again). A HEAD request served by a GET handler gets the GET
// headers and no body. Timeouts close the connection without an answer.
//
// Thread safety: Listen and Start are called once, before or while the io_context runs, from
// one thread. Shutdown and port() may be called from any thread.
class Server {
 public:
  // REQUIRES: `io` and `router` outlive the Server and every session it started (simplest:
  // destroy the Server after io.run() has returned). `router` must not change once Start ran.
  Server(asio::io_context& io, ServerOptions options, const Router& router,
         RequestObserver observer = {});
  // Stops accepting and force-closes open connections (without waiting). Sessions still
  // running finish on the io_context.
  ~Server();

  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens on options.address:options.port.
  // Errors: kInvalidArgument (field "address") when the address is not an IP address;
  // kUnavailable when the socket cannot be opened, bound ("address in use", "permission
  // denied") or put in listening mode. REQUIRES: called once.
  Status Listen();

  // The bound port (useful with options.port == 0). 0 before a successful Listen.
  uint16_t port() const;

  // Starts accepting connections on the io_context. REQUIRES: Listen() returned OK.
  void Start();

  // Graceful drain. At once: stops accepting (new connections are refused once this returns),
  // closes idle keep-alive connections. Busy connections finish their current request and
  // send its response with "Connection: close", then close. `on_drained` is posted to the
  // io_context (never called inline) when every connection has ended, or when `grace` has
  // passed; then the remaining connections are force-closed. The io_context keeps running at
  // least until on_drained ran. Later calls only add their `on_drained` (their `grace` is
  // ignored); once the drain is complete, a later call's `on_drained` is merely posted, so it
  // runs only if the io_context still runs.
  void Shutdown(Duration grace, std::function<void()> on_drained);

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace nagame::bot::http
