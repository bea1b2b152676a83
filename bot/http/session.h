// One HTTP connection: the coroutine that reads requests, dispatches them and writes answers.
//
// Internal to bot/http; the Server creates sessions, everything else uses Server and Router.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "bot/http/handler.h"
#include "bot/http/query.h"
#include "bot/http/router.h"
#include "bot/http/server.h"

namespace nagame::bot::http {

// What every session of one server shares. Immutable once the server accepts connections.
struct SessionConfig {
  ServerOptions options;
  const Router* router = nullptr;  // not owned; outlives every session
  RequestObserver observer;        // may be empty
};

// Serves the requests of one connection, one at a time, in order (see Server for the
// protocol behaviour). All state is touched only on the socket's strand; the public methods
// post to it and may be called from any thread.
class Session : public std::enable_shared_from_this<Session> {
 public:
  // REQUIRES: `socket` is connected and its executor is a strand. `on_end` is called from the
  // destructor, on whichever thread the session ends.
  Session(asio::ip::tcp::socket socket, std::shared_ptr<const SessionConfig> config,
          std::function<void(Session*)> on_end);
  ~Session();

  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Starts the connection's coroutine. REQUIRES: called once, on a shared_ptr-owned session.
  void Start();

  // Asks the session to end after its current request: an idle connection (waiting for the
  // first byte of a request) is closed now; a busy one answers with "Connection: close".
  void BeginDrain();

  // Closes the socket now; a request in progress gets no answer.
  void ForceClose();

 private:
  using Parser = beast::http::request_parser<beast::http::string_body>;
  using Clock = std::chrono::steady_clock;

  asio::awaitable<void> Run(std::shared_ptr<Session> self);
  // Reads, dispatches and answers one request. Returns false when the connection must close.
  asio::awaitable<bool> ServeOne();
  // Answers (or not) a failed read. Always returns false.
  asio::awaitable<bool> FailRead(beast::error_code ec, const Parser& parser,
                                 Clock::time_point started);
  // Routes and runs the handler, turning every failure into a response.
  asio::awaitable<Response> Dispatch(const Request& request, TargetParts target, RouteMatch match,
                                     const std::string& route, Time received);
  // Writes `response`; returns whether the connection stays open. With `linger` the
  // connection closes after a lingering read so the client sees the answer.
  asio::awaitable<bool> Reply(Response response, const Request& request, std::string route,
                              Clock::time_point started, bool linger);
  asio::awaitable<void> LingeringClose();
  void Close();
  void Observe(const Request& request, std::string route, unsigned status,
               Clock::time_point started) const;
  std::string RouteLabel(const Request& request) const;
  Time Now() const;

  beast::tcp_stream stream_;
  asio::any_io_executor strand_;
  beast::flat_buffer buffer_;
  asio::ip::address remote_;
  std::shared_ptr<const SessionConfig> config_;
  std::function<void(Session*)> on_end_;
  bool idle_ = false;      // waiting for the first byte of a request
  bool draining_ = false;  // BeginDrain ran
  bool closed_ = false;    // ForceClose ran
};

}  // namespace nagame::bot::http
