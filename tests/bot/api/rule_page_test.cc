// GET /rules/{name}[/{week}] over real loopback HTTP on the seeded review world: the rule's
// page behind the page auth with the pages' CSP, 404 as an escaped HTML page for a rule nobody
// knows, 400 for a bad week; the meeting screen links each rule to it.
#include "bot/api/rule_page_handler.h"

#include <gtest/gtest.h>

#include <boost/asio/thread_pool.hpp>

#include "bot/api/review_page_handler.h"
#include "bot/http/router.h"
#include "tests/bot/review/review_fixture.h"
#include "tests/support/http_client.h"
#include "tests/support/loopback_server.h"
#include "tests/support/text_search.h"

namespace nagame::bot {
namespace {

using boost::beast::http::verb;
using testing::HttpClient;
using testing::HttpHeaders;

using testing::Count;

class RulePageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    service_ = world_.Service();
    ASSERT_TRUE(service_);
    const ReviewApiDeps deps{service_.get(), &pool_};
    PageAuthConfig auth;
    auth.credentials = AuthConfig{.kind = AuthConfig::kBasic, .username = "ana", .password = "pw"};
    auto csrf = std::make_shared<const CsrfTokens>("test-key");
    ASSERT_TRUE(router_.Add(verb::get, "/rules/{name}", MakeRulePageHandler(deps, auth)).ok());
    ASSERT_TRUE(
        router_.Add(verb::get, "/rules/{name}/{week}", MakeRulePageHandler(deps, auth)).ok());
    ASSERT_TRUE(
        router_.Add(verb::get, "/review/{week}", MakeReviewPageHandler(deps, auth, csrf)).ok());
    auto server = testing::LoopbackServer::Start(router_);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
    client_ = std::make_unique<HttpClient>(server_->port());
  }

  void TearDown() override {
    client_.reset();
    // The pool's last task still holds the server's executor while it hands the result back:
    // let it finish before the server (and its io_context) goes.
    pool_.join();
    server_.reset();
  }

  static HttpHeaders Ana() { return {{"Authorization", "Basic " + Base64Encode("ana:pw")}}; }

  testing::ReviewWorld world_;
  std::unique_ptr<ReviewService> service_;
  boost::asio::thread_pool pool_{2};
  http::Router router_;
  std::unique_ptr<testing::LoopbackServer> server_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(RulePageTest, AnswersEachCase) {
  const struct {
    const char* target;
    bool auth;
    unsigned status;
    const char* content_type;
    const char* contains;
  } cases[] = {
      {"/rules/Flappy/2026-W48", true, 200, "text/html; charset=utf-8",
       "<h1>Rule Flappy — week 2026-W48</h1>"},
      {"/rules/Flappy", true, 200, "text/html; charset=utf-8", "<h1>Rule Flappy — week 2026-W49"},
      {"/rules/Quiet/2026-W48", true, 200, "text/html; charset=utf-8", "vector(0) &gt; 1"},
      {"/rules/Nobody/2026-W48", true, 404, "text/html; charset=utf-8",
       "No rule named <code>Nobody</code>"},
      {"/rules/%3Cb%3Ex", true, 404, "text/html; charset=utf-8", "<code>&lt;b&gt;x</code>"},
      {"/rules/Flappy/2026-W99", true, 400, "application/json", "\"field\":\"week\""},
      {"/rules/Flappy/2026-W48", false, 401, "application/json", "unauthenticated"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.target);
    auto r = client_->Get(c.target, c.auth ? Ana() : HttpHeaders{});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->status, c.status) << r->body;
    EXPECT_EQ(r->header("Content-Type"), c.content_type);
    EXPECT_NE(r->body.find(c.contains), std::string::npos) << r->body.substr(0, 2000);
    EXPECT_EQ(r->header("X-Content-Type-Options"), "nosniff");
    if (std::string(c.content_type).starts_with("text/html")) {
      EXPECT_NE(r->header("Content-Security-Policy").find("style-src 'sha256-"), std::string::npos);
      EXPECT_EQ(r->header("Content-Security-Policy").find("script-src"), std::string::npos);
    }
  }
}

TEST_F(RulePageTest, FlappysWeekOnItsTimeline) {
  auto r = client_->Get("/rules/Flappy/2026-W48", Ana());
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->status, 200u);
  const size_t a = r->body.find("id=\"timeline\"");
  ASSERT_NE(a, std::string::npos);
  const std::string svg = r->body.substr(a, r->body.find("</svg>", a) - a);
  EXPECT_EQ(Count(svg, "<rect class=\"v\""), 10u);  // 9 short episodes and the real one
}

TEST_F(RulePageTest, TheMeetingLinksEachRuleToItsPage) {
  auto r = client_->Get("/review/2026-W48", Ana());
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->status, 200u);
  EXPECT_NE(r->body.find("href=\"/rules/Flappy/2026-W48\""), std::string::npos);
  EXPECT_NE(r->body.find("href=\"/rules/HostDown/2026-W48\""), std::string::npos);
  // The meeting screen loads its one script from this origin, never inline.
  EXPECT_NE(r->body.find("<script src=\"/static/review.js\" defer></script>"), std::string::npos);
  EXPECT_EQ(Count(r->body, "<script"), 1u);
  EXPECT_NE(r->header("Content-Security-Policy").find("script-src 'self'"), std::string::npos);
}

}  // namespace
}  // namespace nagame::bot
