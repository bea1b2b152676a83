// Status-to-HTTP mapping and the JSON and text response builders.
#include "bot/http/response.h"

#include "bot/http/content_security.h"

namespace nagame::bot::http {
namespace {

namespace bhttp = beast::http;

Response Make(unsigned status, std::string body, const Request& request,
              std::string_view content_type) {
  Response res;
  res.result(status);
  res.version(request.version());
  res.keep_alive(request.keep_alive());
  res.set(bhttp::field::content_type, content_type);
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Content-Security-Policy", kDefaultCsp);
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

std::string Dump(const nlohmann::json& body) {
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

bhttp::status HttpStatusFor(Code code) {
  switch (code) {
    case Code::kOk:
      return bhttp::status::ok;
    case Code::kInvalidArgument:
      return bhttp::status::bad_request;
    case Code::kUnauthenticated:
      return bhttp::status::unauthorized;
    case Code::kNotFound:
      return bhttp::status::not_found;
    case Code::kPayloadTooLarge:
      return bhttp::status::payload_too_large;
    case Code::kUnsupportedMediaType:
      return bhttp::status::unsupported_media_type;
    case Code::kFailedPrecondition:
      return bhttp::status::conflict;
    case Code::kUnavailable:
      return bhttp::status::service_unavailable;
    case Code::kInternal:
      return bhttp::status::internal_server_error;
  }
  return bhttp::status::internal_server_error;
}

nlohmann::json ErrorBody(const Status& status) {
  if (status.ok() || status.code() == Code::kInternal) {
    return {{"error", {{"code", CodeName(Code::kInternal)}, {"message", kInternalErrorMessage}}}};
  }
  nlohmann::json error = {{"code", CodeName(status.code())}, {"message", status.message()}};
  if (!status.field().empty()) error["field"] = status.field();
  return {{"error", std::move(error)}};
}

Response ErrorResponse(const Status& status, const Request& request,
                       std::string_view www_authenticate) {
  Code code = status.ok() ? Code::kInternal : status.code();
  Response res = JsonResponse(HttpStatusFor(code), ErrorBody(status), request);
  if (code == Code::kUnauthenticated) {
    res.set(bhttp::field::www_authenticate, www_authenticate);
  }
  return res;
}

Response MethodNotAllowedResponse(std::string_view allow, const Request& request) {
  Response res = HttpErrorResponse(bhttp::status::method_not_allowed, "method_not_allowed",
                                   "method not allowed", request);
  res.set(bhttp::field::allow, allow);
  return res;
}

Response HttpErrorResponse(bhttp::status status, std::string_view code, std::string_view message,
                           const Request& request) {
  return JsonResponse(status, {{"error", {{"code", code}, {"message", message}}}}, request);
}

Response JsonResponse(bhttp::status status, const nlohmann::json& body, const Request& request) {
  return JsonResponse(static_cast<unsigned>(status), body, request);
}

Response JsonResponse(unsigned status, const nlohmann::json& body, const Request& request) {
  return Make(status, Dump(body), request, "application/json");
}

Response TextResponse(bhttp::status status, std::string body, const Request& request,
                      std::string_view content_type) {
  return TextResponse(static_cast<unsigned>(status), std::move(body), request, content_type);
}

Response TextResponse(unsigned status, std::string body, const Request& request,
                      std::string_view content_type) {
  return Make(status, std::move(body), request, content_type);
}

Response HtmlResponse(unsigned status, std::string body, const Request& request,
                      std::string_view csp) {
  Response res = Make(status, std::move(body), request, "text/html; charset=utf-8");
  res.set("Content-Security-Policy", csp);
  return res;
}

}  // namespace nagame::bot::http
