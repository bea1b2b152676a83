// The types a route handler sees: the request, its context, the response, the handler itself.
//
// A handler is a pure function of its RequestContext (plus whatever it captured) that returns
// a Response; it never touches the connection. The server decides keep-alive, Content-Length,
// HEAD bodies and errors it could not hand to a handler (404, 405, 413, malformed HTTP).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "rules/time.h"

namespace nagame::bot::http {

namespace asio = boost::asio;
namespace beast = boost::beast;

using Request = beast::http::request<beast::http::string_body>;
using Response = beast::http::response<beast::http::string_body>;

// Everything a handler needs to answer one request. Valid only for the duration of the
// handler call; the server owns the request it refers to.
struct RequestContext {
  const Request& request;
  std::string_view path;                           // target without query string, still encoded
  std::map<std::string, std::string> query;        // decoded query parameters (last wins)
  std::map<std::string, std::string> path_params;  // "/webhooks/{source}" -> {"source": "…"},
                                                   // percent-decoded
  std::string route;                               // matched pattern, e.g. "/webhooks/{source}"
  asio::ip::address remote;                        // peer address of the connection
  nagame::Time received_at;                        // when the request header was complete
};

// A route handler. It runs on the connection's strand, so it may suspend (co_await) without
// blocking other connections. Exceptions it lets escape become a 500 with a generic body and
// a log line; errors should rather be returned as ErrorResponse(status, ctx.request).
using Handler = std::function<asio::awaitable<Response>(RequestContext&)>;

}  // namespace nagame::bot::http
