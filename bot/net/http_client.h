// The one outgoing HTTP/1.1 client (Prometheus, Alertmanager, chat webhooks): http:// and
// https:// URLs, certificate chain and host name verification, timeouts and a response size
// limit. Blocking: call it from worker threads, never from the server's I/O threads.
//
// Example:
//   HttpClient client({.connect_timeout = std::chrono::seconds(3)});
//   auto res = client.Send({.method = "POST", .url = webhook_url, .body = json,
//                           .headers = {{"Content-Type", "application/json"}}});
//   if (!res.ok()) LogWarn("post_failed", res.status().field());  // "tls", "timeout", …
//   else if (res->status == 429) retry_after = res->RetryAfter(now);
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rules/status.h"
#include "rules/time.h"

namespace nagame::bot::net {

// Header fields in order; a name may repeat.
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// The value of the first header named `name` (case-insensitive) in `headers`, or nullopt.
std::optional<std::string> FindHeader(const HttpHeaders& headers, std::string_view name);

struct HttpRequest {
  std::string method = "GET";  // "GET", "POST", …
  std::string url;             // http[s]://host[:port][/path][?query]; a secret (may hold tokens)
  HttpHeaders headers;         // Host, User-Agent, Content-Length and Connection are set for you
  std::string body;
};

struct HttpResponse {
  unsigned status = 0;
  HttpHeaders headers;  // as received, in order
  std::string body;

  // The first header named `name` (case-insensitive), or nullopt.
  std::optional<std::string> Header(std::string_view name) const {
    return FindHeader(headers, name);
  }
  // How long the server asked to wait (Retry-After as delay-seconds or an HTTP-date, relative
  // to `now`; a date in the past is 0), or nullopt when absent or unreadable.
  std::optional<Duration> RetryAfter(Time now) const;
};

struct HttpClientOptions {
  // DNS resolution plus TCP connect (each address tried in turn) must finish within this.
  Duration connect_timeout = std::chrono::seconds(5);
  // The whole exchange, connect and TLS handshake included, must finish within this.
  Duration total_timeout = std::chrono::seconds(30);
  // Responses with a larger body are refused (the connection is dropped, nothing returned).
  size_t max_response_bytes = 16 << 20;
  // PEM file of the CAs to trust for https://; empty: the system's default CA store.
  std::string ca_file;
  std::string user_agent = "nagame";
};

// One request per connection ("Connection: close"); no redirects followed, no proxies.
// Thread-safe: Send may be called from several threads at once (each call is independent).
class HttpClient {
 public:
  explicit HttpClient(HttpClientOptions options = {}) : options_(std::move(options)) {}

  // Sends `request` and returns the response, whatever its status code (a 500 is a response,
  // not an error). HTTPS verifies the certificate chain against `ca_file` (or the system CAs)
  // and that the certificate names the URL's host (DNS name or IP address), with SNI.
  //
  // Errors carry the cause in field() and at the start of message():
  //   kInvalidArgument "url"       the URL is not http(s)://host[:port]… (URL not echoed)
  //   kInvalidArgument "request"   the method is not upper-case letters, or a header has a
  //                                CR/LF or a malformed name
  //   kUnavailable     "dns"       the host name does not resolve
  //   kUnavailable     "connect"   no address accepted a TCP connection
  //   kUnavailable     "tls"       handshake failed: untrusted chain, wrong host name, …
  //   kUnavailable     "timeout"   connect_timeout or total_timeout passed
  //   kPayloadTooLarge "too_large" the response body exceeds max_response_bytes
  //   kUnavailable     "protocol"  the connection broke or the answer is not HTTP/1.x
  // Messages name the scheme, host and port, never the URL's path or query (they can be
  // credentials, e.g. a Slack webhook URL), and never header values.
  Result<HttpResponse> Send(const HttpRequest& request) const;

  // Shorthands.
  Result<HttpResponse> Get(std::string url, HttpHeaders headers = {}) const;
  Result<HttpResponse> Post(std::string url, std::string body, std::string content_type,
                            HttpHeaders headers = {}) const;

  const HttpClientOptions& options() const { return options_; }

 private:
  HttpClientOptions options_;
};

// The parts of an http(s) URL.
struct ParsedUrl {
  bool https = false;
  std::string host;  // without IPv6 brackets
  uint16_t port = 0;
  std::string target;  // path and query, "/" at least

  // "https://host:port" (IPv6 in brackets): what messages may show.
  std::string Origin() const;
};

// Parses `url`. Errors: kInvalidArgument (field "url") for another scheme, user info, a
// missing host, a bad port or a fragment-only tail; the message never repeats the URL.
Result<ParsedUrl> ParseUrl(std::string_view url);

}  // namespace nagame::bot::net
