// Requests to the JSON APIs of upstream servers (Prometheus, Alertmanager, Grafana, NerdGraph,
// Azure Resource Manager) with errors that name the request and the cause, ready to become an
// Availability.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "bot/net/http_client.h"
#include "rules/status.h"

namespace nagame::bot {

// Extracts a server's own error text from a JSON error body, or "" when it has none.
using ErrorText = std::function<std::string(const nlohmann::json& body)>;

// "GET /api/v1/rules" for target "/api/v1/rules?type=alert": the query (long PromQL) is left out.
std::string RequestName(std::string_view target);

// One request of a JSON API. `headers` may carry credentials: they are sent, never echoed.
struct JsonRequest {
  std::string method = "GET";
  std::string base_url;  // "http(s)://host[:port][/prefix]", a trailing slash ignored
  std::string target;    // "/path?query"
  net::HttpHeaders headers;
  std::string body;  // sent as application/json when not empty
};

// Sends `request` and returns the JSON body of its 2xx answer. Errors as GetJson's, with the
// request named "<method> <path>".
Result<nlohmann::json> SendJson(const net::HttpClient& client, const JsonRequest& request,
                                const ErrorText& error_text);

// `GET <base_url><target>` answered 2xx with a JSON body: that body. Errors, all kUnavailable
// with a message starting "<RequestName(target)>: ":
//   the client's failure ("connect: 127.0.0.1:9: Connection refused", "timeout: …"), with
//     the client's cause kept in field() ("dns", "connect", "tls", "timeout", …);
//   a non-2xx status: "HTTP 500: " + error_text(body) when the body is JSON and it gives a
//     text, else the start of the body (at most 200 bytes, control characters replaced);
//   a 2xx body that is not JSON: "malformed answer: invalid JSON at byte N".
// `base_url` is "http(s)://host[:port][/prefix]" with or without a trailing slash.
Result<nlohmann::json> GetJson(const net::HttpClient& client, std::string_view base_url,
                               std::string_view target, const ErrorText& error_text);

// kUnavailable "<RequestName(target)>: malformed answer: <field>: <problem>" from a decoding
// error such as json_input's (InvalidArgument with the field path).
Status MalformedAnswer(std::string_view target, const Status& problem);
// The same for a request named `request` ("POST /graphql").
Status MalformedAnswerOf(std::string_view request, const Status& problem);

}  // namespace nagame::bot
