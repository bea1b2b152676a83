// The blocking loopback HTTP client and raw sender, on Beast's async API with deadlines.
#include "tests/support/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http.hpp>
#include <functional>
#include <optional>

namespace nagame::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

HttpResponse Convert(bhttp::response<bhttp::string_body>&& res) {
  HttpResponse out;
  out.status = res.result_int();
  out.keep_alive = res.keep_alive();
  for (const auto& field : res) {
    out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  out.body = std::move(res.body());
  return out;
}

bool HasHeader(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (beast::iequals(key, name)) return true;
  }
  return false;
}

// Runs `io` until the started operations finish or `timeout` passes; on timeout cancels
// `socket`'s operations (they complete with operation_aborted). Returns false on timeout.
bool RunFor(asio::io_context& io, tcp::socket& socket, Duration timeout) {
  io.restart();
  io.run_for(timeout);
  if (io.stopped()) return true;
  beast::error_code ignored;
  socket.cancel(ignored);
  io.run();
  return false;
}

}  // namespace

std::string HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (beast::iequals(key, name)) return value;
  }
  return {};
}

bool HttpResponse::has_header(std::string_view name) const { return HasHeader(headers, name); }

nlohmann::json HttpResponse::json() const {
  return nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
}

struct HttpClient::Impl {
  Impl(uint16_t port, std::string host) : port(port), host(std::move(host)), socket(io) {}

  Status Connect() {
    beast::error_code ec;
    asio::ip::address address = asio::ip::make_address(host, ec);
    if (ec) return InvalidArgument("not an IP address: " + host);
    ec = asio::error::would_block;
    socket.async_connect(tcp::endpoint(address, port), [&](beast::error_code e) { ec = e; });
    if (!RunFor(io, socket, timeout)) {
      Disconnect();
      return Unavailable("connect timed out");
    }
    if (ec) {
      Disconnect();
      return Unavailable("connect to port " + std::to_string(port) + ": " + ec.message());
    }
    open = true;
    ++connections;
    return Status::Ok();
  }

  void Disconnect() {
    beast::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
    open = false;
    buffer.clear();
  }

  Status Fail(std::string what, const beast::error_code& ec, bool timed_out) {
    Disconnect();
    if (timed_out) return Unavailable(what + " timed out");
    if (ec == bhttp::error::end_of_stream || ec == asio::error::eof) {
      return Unavailable(what + ": connection closed by the server");
    }
    return Unavailable(what + ": " + ec.message());
  }

  uint16_t port;
  std::string host;
  asio::io_context io;
  tcp::socket socket;
  beast::flat_buffer buffer;
  Duration timeout = std::chrono::seconds(10);
  bool open = false;
  int connections = 0;
};

HttpClient::HttpClient(uint16_t port, std::string host)
    : impl_(std::make_unique<Impl>(port, std::move(host))) {}

HttpClient::~HttpClient() { impl_->Disconnect(); }

Result<HttpResponse> HttpClient::Send(std::string_view method, std::string_view target,
                                      std::string_view body, const HttpHeaders& headers) {
  Impl& c = *impl_;
  if (!c.open) {
    if (Status st = c.Connect(); !st.ok()) return st;
  }

  bhttp::request<bhttp::string_body> req;
  req.method_string(method);
  req.target(target);
  req.version(11);
  if (!HasHeader(headers, "Host"))
    req.set(bhttp::field::host, c.host + ":" + std::to_string(c.port));
  if (!HasHeader(headers, "User-Agent")) req.set(bhttp::field::user_agent, "nagame-tests");
  for (const auto& [name, value] : headers) req.insert(name, value);
  req.body() = std::string(body);
  if (!HasHeader(headers, "Content-Length") && !HasHeader(headers, "Transfer-Encoding")) {
    if (!body.empty() || req.method() == bhttp::verb::post || req.method() == bhttp::verb::put ||
        req.method() == bhttp::verb::patch) {
      req.content_length(body.size());
    }
  }

  beast::error_code ec = asio::error::would_block;
  bhttp::async_write(c.socket, req, [&](beast::error_code e, size_t) { ec = e; });
  bool in_time = RunFor(c.io, c.socket, c.timeout);
  if (!in_time || ec) return c.Fail("write", ec, !in_time);

  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(boost::none);
  if (req.method() == bhttp::verb::head) parser.skip(true);
  ec = asio::error::would_block;
  bhttp::async_read(c.socket, c.buffer, parser, [&](beast::error_code e, size_t) { ec = e; });
  in_time = RunFor(c.io, c.socket, c.timeout);
  if (!in_time || ec) return c.Fail("read", ec, !in_time);

  HttpResponse out = Convert(parser.release());
  if (!out.keep_alive) c.Disconnect();
  return out;
}

Result<HttpResponse> HttpClient::Get(std::string_view target, const HttpHeaders& headers) {
  return Send("GET", target, {}, headers);
}

Result<HttpResponse> HttpClient::Post(std::string_view target, std::string_view body,
                                      std::string_view content_type, const HttpHeaders& headers) {
  HttpHeaders all = headers;
  if (!HasHeader(all, "Content-Type")) all.emplace_back("Content-Type", std::string(content_type));
  return Send("POST", target, body, all);
}

bool HttpClient::connected() const { return impl_->open; }

int HttpClient::connections() const { return impl_->connections; }

bool HttpClient::WaitUntilClosed(Duration timeout) {
  Impl& c = *impl_;
  if (!c.open) return true;
  if (c.buffer.size() > 0) return false;
  beast::error_code ec = asio::error::would_block;
  size_t got = 0;
  c.socket.async_read_some(c.buffer.prepare(4096), [&](beast::error_code e, size_t n) {
    ec = e;
    got = n;
  });
  if (!RunFor(c.io, c.socket, timeout)) return false;
  if (!ec) {
    c.buffer.commit(got);
    return false;
  }
  c.Disconnect();
  return true;
}

void HttpClient::Close() { impl_->Disconnect(); }

void HttpClient::set_timeout(Duration timeout) { impl_->timeout = timeout; }

RawReply RawSend(uint16_t port, std::string_view bytes, Duration timeout) {
  RawReply reply;
  asio::io_context io;
  tcp::socket socket(io);
  beast::error_code ec = asio::error::would_block;
  socket.async_connect(tcp::endpoint(asio::ip::address_v4::loopback(), port),
                       [&](beast::error_code e) { ec = e; });
  if (!RunFor(io, socket, timeout) || ec) return reply;

  std::string out(bytes);
  asio::async_write(socket, asio::buffer(out), [](beast::error_code, size_t) {});
  char chunk[16384];
  std::function<void()> read_more = [&] {
    socket.async_read_some(asio::buffer(chunk), [&](beast::error_code e, size_t n) {
      reply.bytes.append(chunk, n);
      if (!e) {
        read_more();
        return;
      }
      // Anything but our own cancellation means the peer ended the connection.
      reply.closed = e != asio::error::operation_aborted;
      beast::error_code ignored;
      socket.cancel(ignored);  // also ends a write the server no longer reads
    });
  };
  read_more();
  RunFor(io, socket, timeout);
  beast::error_code ignored;
  socket.close(ignored);
  return reply;
}

Result<std::vector<HttpResponse>> ParseHttpResponses(std::string_view bytes) {
  std::vector<HttpResponse> out;
  while (!bytes.empty()) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(boost::none);
    parser.eager(true);
    beast::error_code ec;
    size_t used = parser.put(asio::buffer(bytes.data(), bytes.size()), ec);
    while (!ec && !parser.is_done() && used < bytes.size()) {
      size_t more = parser.put(asio::buffer(bytes.data() + used, bytes.size() - used), ec);
      if (more == 0) break;
      used += more;
    }
    if (!ec && !parser.is_done() && parser.need_eof()) parser.put_eof(ec);
    if (ec && ec != bhttp::error::need_more) {
      return InvalidArgument("not an HTTP response: " + ec.message());
    }
    if (!parser.is_done()) return InvalidArgument("incomplete HTTP response");
    out.push_back(Convert(parser.release()));
    bytes.remove_prefix(used);
  }
  return out;
}

}  // namespace nagame::testing
