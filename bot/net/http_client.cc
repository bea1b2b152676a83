// The outgoing HTTP/1.1 client: one private io_context per call, Beast's async operations
// driven to completion under deadlines (beast::tcp_stream expiry), OpenSSL for https://.
#include "bot/net/http_client.h"

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <cctype>
#include <charconv>
#include <memory>

namespace nagame::bot::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using SteadyTime = std::chrono::steady_clock::time_point;

constexpr size_t kMaxHeaderBytes = 64 * 1024;

Status Failure(Code code, const char* cause, const std::string& detail) {
  return Status(code, std::string(cause) + ": " + detail, cause);
}

bool IsIpLiteral(const std::string& host) {
  beast::error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

// The OpenSSL reason for a failed handshake: the verification result when the chain or the
// name was refused ("certificate has expired", "hostname mismatch"), else the error text.
std::string TlsReason(SSL* ssl, const beast::error_code& ec) {
  long verify = SSL_get_verify_result(ssl);
  if (verify != X509_V_OK) {
    return std::string("certificate verify failed: ") + X509_verify_cert_error_string(verify);
  }
  return ec.message();
}

// One request on one connection, under one deadline.
class Exchange {
 public:
  Exchange(const HttpClientOptions& options, const ParsedUrl& url)
      : options_(options),
        url_(url),
        deadline_(std::chrono::steady_clock::now() + options.total_timeout),
        stream_(io_) {}

  Result<HttpResponse> Run(const HttpRequest& request) {
    NAGAME_ASSIGN_OR_RETURN(tcp::resolver::results_type endpoints, Resolve());
    NAGAME_RETURN_IF_ERROR(Connect(endpoints));
    bhttp::request<bhttp::string_body> req = BuildRequest(request);
    if (!url_.https) return Transact(stream_, req);
    NAGAME_RETURN_IF_ERROR(StartTls());
    return Transact(*tls_, req);
  }

 private:
  // Runs the io_context until its work is done or `until` passes; then `cancel` and drain.
  template <typename Cancel>
  bool RunUntil(SteadyTime until, Cancel cancel) {
    io_.restart();
    io_.run_until(until);
    if (io_.stopped()) return true;
    cancel();
    io_.restart();
    io_.run();
    return false;
  }

  SteadyTime ConnectDeadline() const {
    return std::min(deadline_, std::chrono::steady_clock::now() + options_.connect_timeout);
  }

  Result<tcp::resolver::results_type> Resolve() {
    connect_deadline_ = ConnectDeadline();
    tcp::resolver resolver(io_);
    beast::error_code ec;
    tcp::resolver::results_type results;
    resolver.async_resolve(url_.host, std::to_string(url_.port),
                           [&](beast::error_code e, tcp::resolver::results_type r) {
                             ec = e;
                             results = std::move(r);
                           });
    if (!RunUntil(connect_deadline_, [&] { resolver.cancel(); })) {
      return Failure(Code::kUnavailable, "timeout", "resolving " + url_.host);
    }
    if (ec || results.empty()) {
      return Failure(Code::kUnavailable, "dns",
                     url_.host + ": " + (ec ? ec.message() : "no address"));
    }
    return results;
  }

  Status Connect(const tcp::resolver::results_type& endpoints) {
    beast::error_code ec;
    stream_.expires_at(connect_deadline_);
    stream_.async_connect(endpoints, [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
    io_.restart();
    io_.run();
    if (ec == beast::error::timeout) {
      return Failure(Code::kUnavailable, "timeout", "connecting to " + url_.Origin());
    }
    if (ec) return Failure(Code::kUnavailable, "connect", url_.Origin() + ": " + ec.message());
    return Status::Ok();
  }

  Status StartTls() {
    tls_context_ = std::make_unique<ssl::context>(ssl::context::tls_client);
    tls_context_->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                              ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                              ssl::context::no_tlsv1_1);
    beast::error_code ec;
    if (options_.ca_file.empty()) {
      tls_context_->set_default_verify_paths(ec);
    } else {
      tls_context_->load_verify_file(options_.ca_file, ec);
    }
    if (ec)
      return Failure(Code::kUnavailable, "tls", "cannot load the trusted CAs: " + ec.message());
    tls_context_->set_verify_mode(ssl::verify_peer);
    tls_ =
        std::make_unique<beast::ssl_stream<beast::tcp_stream>>(std::move(stream_), *tls_context_);
    SSL* handle = tls_->native_handle();
    X509_VERIFY_PARAM* param = SSL_get0_param(handle);
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    bool ok = IsIpLiteral(url_.host)
                  ? X509_VERIFY_PARAM_set1_ip_asc(param, url_.host.c_str()) == 1
                  : (SSL_set_tlsext_host_name(handle, url_.host.c_str()) == 1 &&
                     X509_VERIFY_PARAM_set1_host(param, url_.host.c_str(), 0) == 1);
    if (!ok) return Failure(Code::kUnavailable, "tls", "cannot set the expected host name");

    beast::get_lowest_layer(*tls_).expires_at(deadline_);
    tls_->async_handshake(ssl::stream_base::client, [&](beast::error_code e) { ec = e; });
    io_.restart();
    io_.run();
    if (ec == beast::error::timeout) {
      return Failure(Code::kUnavailable, "timeout", "TLS handshake with " + url_.Origin());
    }
    if (ec) return Failure(Code::kUnavailable, "tls", url_.Origin() + ": " + TlsReason(handle, ec));
    return Status::Ok();
  }

  bhttp::request<bhttp::string_body> BuildRequest(const HttpRequest& request) const {
    bhttp::request<bhttp::string_body> req;
    req.method_string(request.method);
    req.target(url_.target);
    req.version(11);
    bool default_port = url_.port == (url_.https ? 443 : 80);
    std::string host = url_.host.find(':') != std::string::npos ? "[" + url_.host + "]" : url_.host;
    req.set(bhttp::field::host, default_port ? host : host + ":" + std::to_string(url_.port));
    req.set(bhttp::field::user_agent, options_.user_agent);
    for (const auto& [name, value] : request.headers) {
      if (beast::iequals(name, "Host") || beast::iequals(name, "Content-Length") ||
          beast::iequals(name, "Connection") || beast::iequals(name, "Transfer-Encoding")) {
        continue;
      }
      if (beast::iequals(name, "User-Agent")) req.erase(bhttp::field::user_agent);
      req.insert(name, value);
    }
    req.set(bhttp::field::connection, "close");
    req.body() = request.body;
    if (!request.body.empty() || req.method() == bhttp::verb::post ||
        req.method() == bhttp::verb::put || req.method() == bhttp::verb::patch) {
      req.content_length(request.body.size());
    }
    return req;
  }

  template <typename Stream>
  Result<HttpResponse> Transact(Stream& stream, bhttp::request<bhttp::string_body>& req) {
    beast::get_lowest_layer(stream).expires_at(deadline_);
    beast::error_code ec;
    bhttp::async_write(stream, req, [&](beast::error_code e, size_t) { ec = e; });
    io_.restart();
    io_.run();
    if (ec) return ReadWriteFailure("sending the request to", ec);

    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(options_.max_response_bytes);
    parser.header_limit(kMaxHeaderBytes);
    if (req.method() == bhttp::verb::head) parser.skip(true);
    bhttp::async_read(stream, buffer, parser, [&](beast::error_code e, size_t) { ec = e; });
    io_.restart();
    io_.run();
    // Servers that end a body-until-close with a bare TCP close, not a TLS close_notify.
    if (ec == ssl::error::stream_truncated && !parser.is_done()) {
      beast::error_code eof;
      parser.put_eof(eof);
      if (!eof && parser.is_done()) ec = {};
    }
    if (ec && !parser.is_done()) return ReadWriteFailure("reading the response from", ec);
    Close();
    bhttp::response<bhttp::string_body> res = parser.release();
    HttpResponse out;
    out.status = res.result_int();
    for (const auto& field : res) {
      out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    out.body = std::move(res.body());
    return out;
  }

  Status ReadWriteFailure(const std::string& what, const beast::error_code& ec) {
    Close();
    if (ec == beast::error::timeout) {
      return Failure(Code::kUnavailable, "timeout", what + " " + url_.Origin());
    }
    if (ec == bhttp::error::body_limit) {
      return Failure(Code::kPayloadTooLarge, "too_large",
                     url_.Origin() + " answered more than " +
                         std::to_string(options_.max_response_bytes) + " bytes");
    }
    if (ec == bhttp::error::header_limit) {
      return Failure(
          Code::kPayloadTooLarge, "too_large",
          url_.Origin() + " answered headers over " + std::to_string(kMaxHeaderBytes) + " bytes");
    }
    return Failure(Code::kUnavailable, "protocol",
                   what + " " + url_.Origin() + ": " + ec.message());
  }

  void Close() {
    beast::error_code ignored;
    auto& socket = tls_ ? beast::get_lowest_layer(*tls_).socket() : stream_.socket();
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
  }

  const HttpClientOptions& options_;
  const ParsedUrl& url_;
  SteadyTime deadline_;
  SteadyTime connect_deadline_;
  asio::io_context io_;
  beast::tcp_stream stream_;
  std::unique_ptr<ssl::context> tls_context_;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> tls_;
};

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && beast::iequals(text.substr(0, prefix.size()), prefix);
}

Status BadUrl(const std::string& why) {
  return Status(Code::kInvalidArgument, "url: " + why, "url");
}

// Parses "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110 IMF-fixdate).
std::optional<Time> ParseHttpDate(std::string_view text) {
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (text.size() != 29 || text.substr(3, 2) != ", " || text.substr(25) != " GMT") {
    return std::nullopt;
  }
  auto number = [&](size_t pos, size_t len) -> std::optional<int> {
    int v = 0;
    auto [end, ec] = std::from_chars(text.data() + pos, text.data() + pos + len, v);
    if (ec != std::errc() || end != text.data() + pos + len) return std::nullopt;
    return v;
  };
  auto day = number(5, 2), year = number(12, 4), hour = number(17, 2), minute = number(20, 2),
       second = number(23, 2);
  auto month = std::find(std::begin(kMonths), std::end(kMonths), text.substr(8, 3));
  if (!day || !year || !hour || !minute || !second || month == std::end(kMonths) ||
      text[11] != ' ' || text[16] != ' ' || text[19] != ':' || text[22] != ':') {
    return std::nullopt;
  }
  std::chrono::year_month_day date{std::chrono::year(*year),
                                   std::chrono::month(unsigned(month - std::begin(kMonths) + 1)),
                                   std::chrono::day(unsigned(*day))};
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
  return Time(std::chrono::sys_days(date)) + std::chrono::hours(*hour) +
         std::chrono::minutes(*minute) + std::chrono::seconds(*second);
}

}  // namespace

std::optional<std::string> FindHeader(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (beast::iequals(key, name)) return value;
  }
  return std::nullopt;
}

std::optional<Duration> HttpResponse::RetryAfter(Time now) const {
  std::optional<std::string> value = Header("Retry-After");
  if (!value) return std::nullopt;
  std::string_view text = *value;
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (!text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      })) {
    int64_t seconds = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (ec != std::errc() || seconds > 366LL * 86400) return std::nullopt;
    return std::chrono::seconds(seconds);
  }
  std::optional<Time> at = ParseHttpDate(text);
  if (!at) return std::nullopt;
  return std::max(Duration(0), *at - now);
}

std::string ParsedUrl::Origin() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return std::string(https ? "https://" : "http://") + h + ":" + std::to_string(port);
}

Result<ParsedUrl> ParseUrl(std::string_view url) {
  ParsedUrl out;
  if (StartsWithNoCase(url, "https://")) {
    out.https = true;
    url.remove_prefix(8);
  } else if (StartsWithNoCase(url, "http://")) {
    url.remove_prefix(7);
  } else {
    return BadUrl("not an http:// or https:// URL");
  }
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) {
      return BadUrl("contains a space or control character");
    }
  }
  size_t end = url.find_first_of("/?#");
  std::string_view authority = url.substr(0, end);
  std::string_view rest = end == std::string_view::npos ? std::string_view() : url.substr(end);
  if (authority.find('@') != std::string_view::npos) return BadUrl("user info is not supported");
  std::string_view port_text;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return BadUrl("unclosed '[' in the host");
    out.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':') return BadUrl("junk after the IPv6 address");
    has_port = !after.empty();
    if (has_port) port_text = after.substr(1);
    if (out.host.find(':') == std::string::npos) return BadUrl("not an IPv6 address in '[]'");
  } else {
    size_t colon = authority.find(':');
    out.host = std::string(authority.substr(0, colon));
    has_port = colon != std::string_view::npos;
    if (has_port) port_text = authority.substr(colon + 1);
  }
  if (out.host.empty()) return BadUrl("no host");
  out.port = out.https ? 443 : 80;
  if (has_port) {
    unsigned port = 0;
    auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (port_text.empty() || ec != std::errc() || p != port_text.data() + port_text.size() ||
        port == 0 || port > 65535) {
      return BadUrl("bad port");
    }
    out.port = static_cast<uint16_t>(port);
  }
  rest = rest.substr(0, rest.find('#'));
  out.target = rest.empty() || rest.front() != '/' ? "/" + std::string(rest) : std::string(rest);
  return out;
}

Result<HttpResponse> HttpClient::Send(const HttpRequest& request) const {
  NAGAME_ASSIGN_OR_RETURN(ParsedUrl url, ParseUrl(request.url));
  if (request.method.empty() ||
      !std::all_of(request.method.begin(), request.method.end(),
                   [](char c) { return std::isupper(static_cast<unsigned char>(c)); })) {
    return Status(Code::kInvalidArgument, "request: bad method", "request");
  }
  for (const auto& [name, value] : request.headers) {
    if (name.empty() || name.find_first_of(":\r\n ") != std::string::npos ||
        value.find_first_of("\r\n") != std::string::npos) {
      return Status(Code::kInvalidArgument, "request: a header name or value is malformed",
                    "request");
    }
  }
  Exchange exchange(options_, url);
  return exchange.Run(request);
}

Result<HttpResponse> HttpClient::Get(std::string url, HttpHeaders headers) const {
  return Send({.method = "GET", .url = std::move(url), .headers = std::move(headers)});
}

Result<HttpResponse> HttpClient::Post(std::string url, std::string body, std::string content_type,
                                      HttpHeaders headers) const {
  if (!FindHeader(headers, "Content-Type")) headers.emplace_back("Content-Type", content_type);
  return Send({.method = "POST",
               .url = std::move(url),
               .headers = std::move(headers),
               .body = std::move(body)});
}

}  // namespace nagame::bot::net
