// Response builders, and the one place where a nagame::Status becomes an HTTP answer.
//
// Every builder copies the HTTP version and keep-alive wish of the request it answers, and
// sets Content-Type, Content-Length, `X-Content-Type-Options: nosniff` and a
// Content-Security-Policy (kDefaultCsp, bot/http/content_security.h, unless a page names its own).
// Pure functions; thread-safe.
#pragma once

#include <boost/beast/http/status.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "bot/http/handler.h"
#include "rules/status.h"

namespace nagame::bot::http {

// The challenge sent with 401 unless the caller names another.
inline constexpr std::string_view kDefaultAuthChallenge = "Bearer realm=\"nagame\"";

// The message every kInternal answer carries instead of the Status' own.
inline constexpr std::string_view kInternalErrorMessage = "internal error";

// kInvalidArgument→400, kUnauthenticated→401, kNotFound→404, kFailedPrecondition→409,
// kPayloadTooLarge→413, kUnsupportedMediaType→415, kInternal→500, kUnavailable→503,
// kOk→200.
beast::http::status HttpStatusFor(Code code);

// The error body {"error":{"code":"<CodeName>","message":"…","field":"…"}}; "field" only when
// status.field() is set. For kInternal (and for an OK status, which is a caller bug) the body
// is {"error":{"code":"internal","message":"internal error"}}: a bug's message may carry
// internals, so it never reaches a client.
nlohmann::json ErrorBody(const Status& status);

// The JSON error answer for `status` with HttpStatusFor(status.code()).
// A 401 carries `WWW-Authenticate: <www_authenticate>` (e.g. "Basic realm=\"nagame\"");
// the argument is ignored for other codes.
// REQUIRES: !status.ok() (an OK status is answered as kInternal).
Response ErrorResponse(const Status& status, const Request& request,
                       std::string_view www_authenticate = kDefaultAuthChallenge);

// 405 with `Allow: <allow>` and body {"error":{"code":"method_not_allowed",…}}.
Response MethodNotAllowedResponse(std::string_view allow, const Request& request);

// A JSON error answer for protocol-level failures that have no nagame::Code (405, 431, …):
// {"error":{"code":<code>,"message":<message>}}. Prefer ErrorResponse where a Code fits.
Response HttpErrorResponse(beast::http::status status, std::string_view code,
                           std::string_view message, const Request& request);

// `body` serialised as application/json. Invalid UTF-8 in strings is replaced (U+FFFD), never
// thrown. The unsigned overload takes a numeric status such as 200.
Response JsonResponse(beast::http::status status, const nlohmann::json& body,
                      const Request& request);
Response JsonResponse(unsigned status, const nlohmann::json& body, const Request& request);

// `body` as is, with the given Content-Type.
Response TextResponse(beast::http::status status, std::string body, const Request& request,
                      std::string_view content_type = "text/plain; charset=utf-8");
Response TextResponse(unsigned status, std::string body, const Request& request,
                      std::string_view content_type = "text/plain; charset=utf-8");

// An HTML page: `body` as text/html; charset=utf-8 with `Content-Security-Policy: <csp>`
// (built by PageCsp from the inline style and scripts the page embeds).
Response HtmlResponse(unsigned status, std::string body, const Request& request,
                      std::string_view csp);

}  // namespace nagame::bot::http
