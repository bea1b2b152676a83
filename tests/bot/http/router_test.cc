// Tests for the route table: matching, path parameters, 404 versus 405, Allow, HEAD.
#include "bot/http/router.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "bot/http/response.h"

namespace nagame::bot::http {
namespace {

namespace bhttp = beast::http;
using bhttp::verb;
using Kind = RouteMatch::Kind;

// A handler that answers with its own name, so a test can tell which one Find picked.
Handler Named(std::string name) {
  return [name](RequestContext& ctx) -> asio::awaitable<Response> {
    co_return TextResponse(200, name, ctx.request);
  };
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Add(verb::post, "/webhooks/{source}");
    Add(verb::get, "/api/v1/rules");
    Add(verb::get, "/api/v1/rules/{name}");
    Add(verb::delete_, "/api/v1/rules/{name}");
    Add(verb::get, "/api/v1/rules/summary");
    Add(verb::get, "/report/{week}/{section}");
    Add(verb::get, "/healthz");
    Add(verb::head, "/metrics");
    Add(verb::get, "/metrics");
    Add(verb::post, "/");
  }

  void Add(verb v, std::string pattern) {
    std::string name = std::string(bhttp::to_string(v)) + " " + pattern;
    Status st = router_.Add(v, pattern, Named(name));
    ASSERT_TRUE(st.ok()) << st.ToString();
  }

  // Which handler Find picked, by running it: "GET /healthz".
  static std::string Picked(const RouteMatch& match) {
    if (match.handler == nullptr) return "";
    Request req;
    RequestContext ctx{.request = req};
    std::string body;
    asio::io_context io;
    asio::co_spawn(
        io, [&]() -> asio::awaitable<void> { body = (co_await (*match.handler)(ctx)).body(); },
        asio::detached);
    io.run();
    return body;
  }

  Router router_;
};

TEST_F(RouterTest, TableOfLookups) {
  struct Case {
    verb v;
    std::string_view path;
    Kind kind;
    std::string_view handler;  // which handler answers (kFound)
    std::string_view route;
    std::map<std::string, std::string> params;
    std::string_view allow;  // kMethodNotAllowed
  };
  const Case cases[] = {
      {verb::post,
       "/webhooks/alertmanager",
       Kind::kFound,
       "POST /webhooks/{source}",
       "/webhooks/{source}",
       {{"source", "alertmanager"}},
       ""},
      {verb::get,
       "/webhooks/alertmanager",
       Kind::kMethodNotAllowed,
       "",
       "/webhooks/{source}",
       {},
       "POST"},
      {verb::post, "/webhooks/", Kind::kNotFound, "", "", {}, ""},  // empty segment
      {verb::post, "/webhooks", Kind::kNotFound, "", "", {}, ""},
      {verb::post, "/webhooks/a/b", Kind::kNotFound, "", "", {}, ""},
      {verb::get, "/api/v1/rules", Kind::kFound, "GET /api/v1/rules", "/api/v1/rules", {}, ""},
      {verb::get, "/api/v1/rules/", Kind::kNotFound, "", "", {}, ""},  // no slash folding
      {verb::get,
       "/api/v1/rules/HighCPU",
       Kind::kFound,
       "GET /api/v1/rules/{name}",
       "/api/v1/rules/{name}",
       {{"name", "HighCPU"}},
       ""},
      {verb::get,
       "/api/v1/rules/High%20CPU%2Fx+y",
       Kind::kFound,
       "GET /api/v1/rules/{name}",
       "/api/v1/rules/{name}",
       {{"name", "High CPU/x+y"}},
       ""},
      // A literal segment beats a parameter ...
      {verb::get,
       "/api/v1/rules/summary",
       Kind::kFound,
       "GET /api/v1/rules/summary",
       "/api/v1/rules/summary",
       {},
       ""},
      // ... but only among patterns that have the verb.
      {verb::delete_,
       "/api/v1/rules/summary",
       Kind::kFound,
       "DELETE /api/v1/rules/{name}",
       "/api/v1/rules/{name}",
       {{"name", "summary"}},
       ""},
      {verb::put,
       "/api/v1/rules/summary",
       Kind::kMethodNotAllowed,
       "",
       "/api/v1/rules/summary",
       {},
       "DELETE, GET, HEAD"},
      {verb::post,
       "/api/v1/rules/x",
       Kind::kMethodNotAllowed,
       "",
       "/api/v1/rules/{name}",
       {},
       "DELETE, GET, HEAD"},
      // A malformed escape never matches a parameter.
      {verb::get, "/api/v1/rules/%zz", Kind::kNotFound, "", "", {}, ""},
      {verb::get,
       "/report/2026-W47/noisy",
       Kind::kFound,
       "GET /report/{week}/{section}",
       "/report/{week}/{section}",
       {{"week", "2026-W47"}, {"section", "noisy"}},
       ""},
      // HEAD falls back to GET, unless a HEAD handler exists.
      {verb::head, "/healthz", Kind::kFound, "GET /healthz", "/healthz", {}, ""},
      {verb::head, "/metrics", Kind::kFound, "HEAD /metrics", "/metrics", {}, ""},
      {verb::post, "/healthz", Kind::kMethodNotAllowed, "", "/healthz", {}, "GET, HEAD"},
      {verb::unknown, "/healthz", Kind::kMethodNotAllowed, "", "/healthz", {}, "GET, HEAD"},
      {verb::head, "/webhooks/x", Kind::kMethodNotAllowed, "", "/webhooks/{source}", {}, "POST"},
      {verb::post, "/", Kind::kFound, "POST /", "/", {}, ""},
      {verb::get, "/nope", Kind::kNotFound, "", "", {}, ""},
      {verb::get, "", Kind::kNotFound, "", "", {}, ""},
      {verb::get, "*", Kind::kNotFound, "", "", {}, ""},
      {verb::get, "healthz", Kind::kNotFound, "", "", {}, ""},
      {verb::get, "/HEALTHZ", Kind::kNotFound, "", "", {}, ""},  // case-sensitive
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(bhttp::to_string(c.v)) + " " + std::string(c.path));
    RouteMatch m = router_.Find(c.v, c.path);
    EXPECT_EQ(m.kind, c.kind);
    EXPECT_EQ(m.route, c.route);
    EXPECT_EQ(m.path_params, c.params);
    EXPECT_EQ(m.allow, c.allow);
    EXPECT_EQ(Picked(m), c.handler);
    EXPECT_EQ(m.handler != nullptr, c.kind == Kind::kFound);
  }
}

TEST(RouterAdd, RejectsMalformedPatterns) {
  Handler h = Named("h");
  for (std::string_view bad : {"", "healthz", "/a?b", "/a#b", "/{}", "/{a-b}", "/x{a}", "/{a}y",
                               "/{a}/{a}", "/a/{b", "/a/b}"}) {
    Router router;
    Status st = router.Add(verb::get, bad, h);
    EXPECT_EQ(st.code(), Code::kInvalidArgument) << "'" << bad << "': " << st.ToString();
    EXPECT_TRUE(router.Patterns().empty()) << bad;
  }
  Router router;
  EXPECT_EQ(router.Add(verb::get, "/a", Handler()).code(), Code::kInvalidArgument);
  EXPECT_EQ(router.Add(verb::unknown, "/a", h).code(), Code::kInvalidArgument);
}

TEST(RouterAdd, RejectsDuplicatesAndParameterRenames) {
  Router router;
  ASSERT_TRUE(router.Add(verb::get, "/rules/{name}", Named("a")).ok());
  EXPECT_EQ(router.Add(verb::get, "/rules/{name}", Named("b")).code(), Code::kFailedPrecondition);
  EXPECT_EQ(router.Add(verb::get, "/rules/{other}", Named("b")).code(), Code::kFailedPrecondition);
  EXPECT_EQ(router.Add(verb::post, "/rules/{other}", Named("b")).code(), Code::kFailedPrecondition);
  EXPECT_TRUE(router.Add(verb::post, "/rules/{name}", Named("b")).ok());
  EXPECT_EQ(router.Patterns(), std::vector<std::string>{"/rules/{name}"});
  EXPECT_EQ(router.Find(verb::put, "/rules/x").allow, "GET, HEAD, POST");
}

TEST(RouterAdd, EmptyRouterFindsNothing) {
  Router router;
  EXPECT_EQ(router.Find(verb::get, "/").kind, Kind::kNotFound);
}

}  // namespace
}  // namespace nagame::bot::http
