// Tests for the Status-to-HTTP mapping and the response builders.
#include "bot/http/response.h"

#include <gtest/gtest.h>

#include "bot/http/content_security.h"

namespace nagame::bot::http {
namespace {

namespace bhttp = beast::http;

Request MakeRequest(unsigned version = 11, bool keep_alive = true) {
  Request req{bhttp::verb::post, "/webhooks/alertmanager", version};
  req.keep_alive(keep_alive);
  return req;
}

nlohmann::json BodyOf(const Response& res) { return nlohmann::json::parse(res.body()); }

TEST(ErrorResponse, MapsEveryCodeToItsStatusAndName) {
  struct Case {
    Code code;
    unsigned status;
    const char* name;
  };
  const Case cases[] = {
      {Code::kInvalidArgument, 400, "invalid_argument"},
      {Code::kUnauthenticated, 401, "unauthenticated"},
      {Code::kNotFound, 404, "not_found"},
      {Code::kFailedPrecondition, 409, "failed_precondition"},
      {Code::kPayloadTooLarge, 413, "payload_too_large"},
      {Code::kUnsupportedMediaType, 415, "unsupported_media_type"},
      {Code::kUnavailable, 503, "unavailable"},
  };
  Request req = MakeRequest();
  for (const Case& c : cases) {
    Response res = ErrorResponse(Status(c.code, "what went wrong"), req);
    EXPECT_EQ(res.result_int(), c.status) << c.name;
    EXPECT_EQ(static_cast<unsigned>(HttpStatusFor(c.code)), c.status) << c.name;
    EXPECT_EQ(res[bhttp::field::content_type], "application/json") << c.name;
    EXPECT_EQ(BodyOf(res), nlohmann::json::parse(std::string(R"({"error":{"code":")") + c.name +
                                                 R"(","message":"what went wrong"}})"))
        << c.name;
  }
  EXPECT_EQ(HttpStatusFor(Code::kOk), bhttp::status::ok);
  EXPECT_EQ(HttpStatusFor(Code::kInternal), bhttp::status::internal_server_error);
}

TEST(ErrorResponse, FieldOnlyWhenSet) {
  Request req = MakeRequest();
  Response with =
      ErrorResponse(InvalidArgument("not an RFC 3339 timestamp", "alerts[3].startsAt"), req);
  EXPECT_EQ(BodyOf(with)["error"]["field"], "alerts[3].startsAt");
  Response without = ErrorResponse(InvalidArgument("body is not JSON"), req);
  EXPECT_FALSE(BodyOf(without)["error"].contains("field"));
}

TEST(ErrorResponse, InternalNeverShowsItsMessageOrField) {
  Request req = MakeRequest();
  Response res = ErrorResponse(
      Status(Code::kInternal, "sqlite3: /var/lib/nagame/nagame.db: disk I/O error", "secret"), req);
  EXPECT_EQ(res.result_int(), 500u);
  EXPECT_EQ(BodyOf(res),
            nlohmann::json::parse(R"({"error":{"code":"internal","message":"internal error"}})"));
  // An OK status is a caller bug and is answered the same way.
  Response ok = ErrorResponse(Status::Ok(), req);
  EXPECT_EQ(ok.result_int(), 500u);
  EXPECT_EQ(BodyOf(ok)["error"]["code"], "internal");
}

TEST(ErrorResponse, UnauthenticatedCarriesTheChallenge) {
  Request req = MakeRequest();
  Status st(Code::kUnauthenticated, "bad credentials");
  EXPECT_EQ(ErrorResponse(st, req)[bhttp::field::www_authenticate], "Bearer realm=\"nagame\"");
  EXPECT_EQ(ErrorResponse(st, req, "Basic realm=\"alerts\"")[bhttp::field::www_authenticate],
            "Basic realm=\"alerts\"");
  EXPECT_EQ(ErrorResponse(NotFound("x"), req).count(bhttp::field::www_authenticate), 0u);
}

TEST(MethodNotAllowedResponse, HasAllowAndJsonBody) {
  Response res = MethodNotAllowedResponse("GET, HEAD", MakeRequest());
  EXPECT_EQ(res.result_int(), 405u);
  EXPECT_EQ(res[bhttp::field::allow], "GET, HEAD");
  EXPECT_EQ(BodyOf(res)["error"]["code"], "method_not_allowed");
}

TEST(JsonResponse, CopiesVersionAndKeepAliveAndSetsLength) {
  Response res11 = JsonResponse(200, {{"status", "ok"}}, MakeRequest(11, true));
  EXPECT_EQ(res11.version(), 11u);
  EXPECT_TRUE(res11.keep_alive());
  EXPECT_EQ(res11.body(), R"({"status":"ok"})");
  EXPECT_EQ(res11[bhttp::field::content_length], std::to_string(res11.body().size()));

  Response close = JsonResponse(bhttp::status::created, {}, MakeRequest(11, false));
  EXPECT_EQ(close.result_int(), 201u);
  EXPECT_FALSE(close.keep_alive());

  Response res10 = JsonResponse(200, {}, MakeRequest(10, false));
  EXPECT_EQ(res10.version(), 10u);
  EXPECT_FALSE(res10.keep_alive());
  Response res10ka = JsonResponse(200, {}, MakeRequest(10, true));
  EXPECT_TRUE(res10ka.keep_alive());
}

TEST(JsonResponse, InvalidUtf8IsReplacedNotThrown) {
  Response res = JsonResponse(200, {{"label", std::string("bad\xff")}}, MakeRequest());
  EXPECT_EQ(res.body(), "{\"label\":\"bad\xef\xbf\xbd\"}");
}

TEST(TextResponse, ContentTypeDefaultAndOverride) {
  Response plain = TextResponse(200, "hello", MakeRequest());
  EXPECT_EQ(plain[bhttp::field::content_type], "text/plain; charset=utf-8");
  EXPECT_EQ(plain.body(), "hello");
  Response metrics = TextResponse(bhttp::status::ok, "# HELP x\n", MakeRequest(),
                                  "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(metrics[bhttp::field::content_type], "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(metrics[bhttp::field::content_length], "9");
}

TEST(Responses, EveryBuilderSetsNosniffAndTheDefaultCsp) {
  Request req = MakeRequest();
  const Response responses[] = {
      ErrorResponse(Status(Code::kNotFound, "no"), req),
      MethodNotAllowedResponse("GET", req),
      HttpErrorResponse(bhttp::status::request_header_fields_too_large, "too_large", "x", req),
      JsonResponse(200, nlohmann::json::object(), req),
      TextResponse(200, "ok", req),
  };
  for (const Response& res : responses) {
    EXPECT_EQ(res["X-Content-Type-Options"], "nosniff") << res.result_int();
    EXPECT_EQ(res["Content-Security-Policy"], kDefaultCsp) << res.result_int();
  }
}

TEST(HtmlResponse, CarriesThePagesOwnCsp) {
  Response res = HtmlResponse(200, "<!DOCTYPE html>", MakeRequest(), "default-src 'none'");
  EXPECT_EQ(res[bhttp::field::content_type], "text/html; charset=utf-8");
  EXPECT_EQ(res["Content-Security-Policy"], "default-src 'none'");
  EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(res.body(), "<!DOCTYPE html>");
}

}  // namespace
}  // namespace nagame::bot::http
