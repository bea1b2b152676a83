// The per-connection coroutine: read with timeouts, route, call the handler, answer, repeat.
#include "bot/http/session.h"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <cstdint>
#include <exception>
#include <limits>

#include "bot/http/response.h"
#include "bot/log.h"
#include "rules/clock.h"

namespace nagame::bot::http {
namespace {

namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

// How many bytes to ask for while waiting for the next request.
constexpr size_t kFirstReadBytes = 4096;
// After an error answer (400, 413, 431) the client may still be sending its request. Closing
// with unread input makes the kernel send RST, which can destroy the answer in the client's
// receive queue; so the session reads and discards for a while before closing.
constexpr auto kLingerTimeout = std::chrono::seconds(2);
constexpr size_t kLingerMaxBytes = 16 << 20;

std::string MethodLabel(bhttp::verb verb) {
  if (verb == bhttp::verb::unknown) return "other";
  return std::string(bhttp::to_string(verb));
}

bool IsHttpParseError(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category();
}

}  // namespace

Session::Session(tcp::socket socket, std::shared_ptr<const SessionConfig> config,
                 std::function<void(Session*)> on_end)
    : stream_(std::move(socket)),
      strand_(stream_.get_executor()),
      config_(std::move(config)),
      on_end_(std::move(on_end)) {
  beast::error_code ec;
  remote_ = stream_.socket().remote_endpoint(ec).address();
  stream_.socket().set_option(tcp::no_delay(true), ec);
}

Session::~Session() {
  if (on_end_) on_end_(this);
}

void Session::Start() {
  asio::co_spawn(strand_, Run(shared_from_this()), [](std::exception_ptr e) {
    if (e) LogError("http_session_exception");
  });
}

void Session::BeginDrain() {
  asio::post(strand_, [self = shared_from_this()] {
    self->draining_ = true;
    if (self->idle_) self->stream_.cancel();
  });
}

void Session::ForceClose() {
  asio::post(strand_, [self = shared_from_this()] {
    self->closed_ = true;
    self->Close();
  });
}

void Session::Close() {
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
  stream_.close();
}

Time Session::Now() const {
  return config_->options.clock ? config_->options.clock() : SystemNow();
}

// The unnamed parameter is copied into the coroutine frame and keeps the session alive.
asio::awaitable<void> Session::Run(std::shared_ptr<Session>) {
  const ServerOptions& options = config_->options;
  bool first = true;
  for (;;) {
    if (buffer_.size() == 0) {
      // Between requests: the only state in which draining closes the connection at once.
      if (draining_ || closed_) break;
      idle_ = true;
      stream_.expires_after(first ? options.header_timeout : options.idle_timeout);
      auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(kFirstReadBytes), kTuple);
      idle_ = false;
      if (ec) break;  // peer closed, idle timeout, drain or force close
      buffer_.commit(n);
    }
    first = false;
    if (!co_await ServeOne()) break;
  }
  if (!closed_) Close();
}

asio::awaitable<bool> Session::ServeOne() {
  const ServerOptions& options = config_->options;
  Clock::time_point started = Clock::now();
  Parser parser;
  parser.body_limit(static_cast<std::uint64_t>(options.body_limit));
  parser.header_limit(static_cast<std::uint32_t>(
      std::min<size_t>(options.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));

  stream_.expires_after(options.header_timeout);
  if (auto [ec, n] = co_await bhttp::async_read_header(stream_, buffer_, parser, kTuple); ec) {
    co_return co_await FailRead(ec, parser, started);
  }
  Time received = Now();

  if (!parser.is_done()) {
    const Request& head = parser.get();
    if (head.version() >= 11 && beast::iequals(head[bhttp::field::expect], "100-continue")) {
      // A Content-Length over the limit already failed the header read with body_limit.
      bhttp::response<bhttp::empty_body> proceed{bhttp::status::continue_, head.version()};
      stream_.expires_after(options.write_timeout);
      if (auto [ec, n] = co_await bhttp::async_write(stream_, proceed, kTuple); ec) {
        co_return false;
      }
    }
    stream_.expires_after(options.read_timeout);
    if (auto [ec, n] = co_await bhttp::async_read(stream_, buffer_, parser, kTuple); ec) {
      co_return co_await FailRead(ec, parser, started);
    }
  }
  stream_.expires_never();

  const Request& request = parser.get();
  TargetParts target = SplitTarget(request.target());
  RouteMatch match = config_->router->Find(request.method(), target.path);
  std::string route =
      match.kind == RouteMatch::Kind::kNotFound ? "unmatched" : std::string(match.route);
  Response response = co_await Dispatch(request, target, std::move(match), route, received);
  co_return co_await Reply(std::move(response), request, std::move(route), started,
                           /*linger=*/false);
}

asio::awaitable<bool> Session::FailRead(beast::error_code ec, const Parser& parser,
                                        Clock::time_point started) {
  const ServerOptions& options = config_->options;
  // What is known of the request (method, target, version) when the start line was parsed;
  // defaults (HTTP/1.1, no method) otherwise. The answer always closes the connection.
  Request reply_to;
  reply_to.version(parser.get().version());
  reply_to.method_string(parser.get().method_string());
  reply_to.target(parser.get().target());
  reply_to.keep_alive(false);

  Response response;
  if (ec == bhttp::error::body_limit) {
    response = ErrorResponse(
        Status(Code::kPayloadTooLarge,
               "request body exceeds " + std::to_string(options.body_limit) + " bytes"),
        reply_to);
  } else if (ec == bhttp::error::header_limit) {
    response = HttpErrorResponse(
        bhttp::status::request_header_fields_too_large, "header_too_large",
        "request header exceeds " + std::to_string(options.max_header_bytes) + " bytes", reply_to);
  } else if (IsHttpParseError(ec) && ec != bhttp::error::end_of_stream &&
             ec != bhttp::error::partial_message && ec != bhttp::error::short_read) {
    response = ErrorResponse(InvalidArgument("malformed HTTP request"), reply_to);
  } else {
    // The peer went away, a timeout fired, or the session is being closed: nobody to answer.
    co_return false;
  }
  co_await Reply(std::move(response), reply_to, RouteLabel(reply_to), started, /*linger=*/true);
  co_return false;
}

asio::awaitable<Response> Session::Dispatch(const Request& request, TargetParts target,
                                            RouteMatch match, const std::string& route,
                                            Time received) {
  switch (match.kind) {
    case RouteMatch::Kind::kNotFound:
      co_return ErrorResponse(NotFound("no route for this path"), request);
    case RouteMatch::Kind::kMethodNotAllowed:
      co_return MethodNotAllowedResponse(match.allow, request);
    case RouteMatch::Kind::kFound:
      break;
  }
  auto query = ParseQuery(target.query);
  if (!query.ok()) co_return ErrorResponse(query.status(), request);

  RequestContext context{
      .request = request,
      .path = target.path,
      .query = std::move(query).value(),
      .path_params = std::move(match.path_params),
      .route = route,
      .remote = remote_,
      .received_at = received,
  };
  try {
    co_return co_await (*match.handler)(context);
  } catch (...) {
    // Never the exception's text: it may quote the request (nlohmann's parse errors do).
    LogError("http_handler_exception",
             {{"route", route}, {"method", MethodLabel(request.method())}});
  }
  co_return ErrorResponse(Internal("handler exception"), request);
}

asio::awaitable<bool> Session::Reply(Response response, const Request& request, std::string route,
                                     Clock::time_point started, bool linger) {
  const ServerOptions& options = config_->options;
  bool keep_alive =
      !linger && !draining_ && !closed_ && request.keep_alive() && response.keep_alive();
  response.version(request.version());
  response.keep_alive(keep_alive);
  response.prepare_payload();
  if (request.method() == bhttp::verb::head && response.has_content_length()) {
    size_t length = response.body().size();
    response.body().clear();
    response.content_length(length);
  }
  unsigned status = response.result_int();

  stream_.expires_after(options.write_timeout);
  auto [ec, n] = co_await bhttp::async_write(stream_, response, kTuple);
  Observe(request, std::move(route), status, started);
  if (ec) co_return false;
  if (keep_alive) co_return true;
  if (linger) {
    co_await LingeringClose();
  } else {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }
  co_return false;
}

asio::awaitable<void> Session::LingeringClose() {
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream_.expires_after(kLingerTimeout);
  size_t discarded = 0;
  while (discarded < kLingerMaxBytes && !closed_) {
    buffer_.clear();
    auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(64 << 10), kTuple);
    if (ec) break;
    discarded += n;
  }
  buffer_.clear();
}

void Session::Observe(const Request& request, std::string route, unsigned status,
                      Clock::time_point started) const {
  if (!config_->observer) return;
  RequestObservation observation{
      .method = MethodLabel(request.method()),
      .route = std::move(route),
      .status = status,
      .latency = std::chrono::duration_cast<Duration>(Clock::now() - started),
  };
  try {
    config_->observer(observation);
  } catch (...) {
    LogError("http_observer_exception", {{"route", observation.route}});
  }
}

std::string Session::RouteLabel(const Request& request) const {
  if (request.target().empty()) return "unmatched";
  RouteMatch match = config_->router->Find(request.method(), SplitTarget(request.target()).path);
  if (match.kind == RouteMatch::Kind::kNotFound) return "unmatched";
  return std::string(match.route);
}

}  // namespace nagame::bot::http
