// The meeting screen's form over real loopback HTTP on the seeded review world: the page shows
// a form only to an identified user, and a POST records through the review service only with
// that user, the form's token and a same-site origin.
#include "bot/api/review_record_handler.h"

#include <gtest/gtest.h>

#include <boost/asio/thread_pool.hpp>
#include <regex>

#include "bot/api/review_page_handler.h"
#include "bot/http/query.h"
#include "bot/http/router.h"
#include "tests/bot/review/review_fixture.h"
#include "tests/support/http_client.h"
#include "tests/support/loopback_server.h"

namespace nagame::bot {
namespace {

using boost::beast::http::verb;
using testing::HttpClient;
using testing::HttpHeaders;

constexpr char kForm[] = "application/x-www-form-urlencoded";

class ReviewRecordTest : public ::testing::Test {
 protected:
  void SetUp() override {
    service_ = world_.Service();
    ASSERT_TRUE(service_);
    const ReviewApiDeps deps{service_.get(), &pool_};
    PageAuthConfig auth;
    auth.credentials = AuthConfig{.kind = AuthConfig::kBasic, .username = "ana", .password = "pw"};
    auto csrf = std::make_shared<const CsrfTokens>("test-key");
    token_ = csrf->For("ana");
    ASSERT_TRUE(
        router_.Add(verb::get, "/review/{week}", MakeReviewPageHandler(deps, auth, csrf)).ok());
    ASSERT_TRUE(
        router_.Add(verb::post, "/review/{week}/record", MakeReviewRecordHandler(deps, auth, csrf))
            .ok());
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

  testing::HttpResponse Post(const http::QueryMap& form, HttpHeaders headers) {
    auto r = client_->Post("/review/2026-W48/record", http::EncodeQuery(form), kForm, headers);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : testing::HttpResponse{};
  }

  http::QueryMap Form(const std::string& action = "tune") const {
    return {{"csrf", token_}, {"rule", "Flappy"}, {"action", action}, {"note", "for: 2m"}};
  }

  static HttpHeaders Ana() { return {{"Authorization", "Basic " + Base64Encode("ana:pw")}}; }

  size_t DecisionCount() {
    auto window = service_->ParseWindowSpec("2026-W48");
    EXPECT_TRUE(window.ok());
    auto all =
        service_->Decisions(rules::Window{window->from, window->to + std::chrono::hours(24 * 365)});
    EXPECT_TRUE(all.ok());
    return all.ok() ? all->size() : 0;
  }

  testing::ReviewWorld world_;
  std::unique_ptr<ReviewService> service_;
  std::string token_;
  boost::asio::thread_pool pool_{2};
  http::Router router_;
  std::unique_ptr<testing::LoopbackServer> server_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(ReviewRecordTest, ThePageCarriesTheFormForTheIdentifiedUser) {
  auto page = client_->Get("/review/2026-W48", Ana());
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->status, 200u) << page->body;
  EXPECT_NE(page->body.find("name=\"csrf\" value=\"" + token_ + "\""), std::string::npos);
  EXPECT_NE(page->body.find("as ana</legend>"), std::string::npos);
  EXPECT_NE(page->body.find("action=\"/review/2026-W48/record\""), std::string::npos);
  EXPECT_NE(page->header("Content-Security-Policy").find("form-action 'self'"), std::string::npos);
}

TEST_F(ReviewRecordTest, RecordsADecisionAuthoredByTheUser) {
  const size_t before = DecisionCount();
  auto r = Post(Form(), Ana());
  ASSERT_EQ(r.status, 303u) << r.body;
  EXPECT_EQ(r.header("Location"), "/review/2026-W48?recorded=Flappy");
  ASSERT_EQ(DecisionCount(), before + 1);
  auto rule = service_->Rule("Flappy", *service_->ParseWindowSpec("2026-W48"));
  ASSERT_TRUE(rule.ok());
  ASSERT_FALSE(rule->decisions.empty());
  EXPECT_EQ(rule->decisions.back().author, "ana");
  EXPECT_EQ(rule->decisions.back().note, "for: 2m");
  EXPECT_EQ(rule->decisions.back().action, rules::DecisionAction::kTune);
  // The notes route answers behind the same auth (their content: meeting_notes_test). The
  // fixed clock puts this decision at the running week's very end, outside its window.
  auto notes = client_->Get("/review/2026-W48.md", Ana());
  ASSERT_TRUE(notes.ok());
  EXPECT_EQ(notes->status, 200u) << notes->body;
  EXPECT_EQ(notes->header("Content-Type"), "text/markdown; charset=utf-8");
  EXPECT_EQ(notes->body.rfind("# Alert review — week 2026-W48\n", 0), 0u) << notes->body;
  EXPECT_EQ(client_->Get("/review/2026-W48.md")->status, 401u);
  auto confluence = client_->Get("/review/2026-W48.md?format=confluence", Ana());
  ASSERT_TRUE(confluence.ok());
  EXPECT_EQ(confluence->status, 200u) << confluence->body;
  EXPECT_EQ(confluence->header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(confluence->body.rfind("<h1>Alert review — week 2026-W48</h1>\n", 0), 0u)
      << confluence->body;
  auto pdf = client_->Get("/review/2026-W48.md?format=pdf", Ana());
  ASSERT_TRUE(pdf.ok());
  EXPECT_EQ(pdf->status, 400u);
  EXPECT_NE(pdf->body.find("\"field\":\"format\""), std::string::npos) << pdf->body;
  auto ack = Post(Form("ack"), Ana());
  EXPECT_EQ(ack.status, 303u) << ack.body;
  EXPECT_EQ(DecisionCount(), before + 1);  // an ack is not a decision
}

TEST_F(ReviewRecordTest, RefusesWithoutUserTokenOrSameSite) {
  const size_t before = DecisionCount();
  http::QueryMap wrong_token = Form();
  wrong_token["csrf"] = std::string(64, '0');
  http::QueryMap no_token = Form();
  no_token.erase("csrf");
  HttpHeaders cross_origin = Ana();
  cross_origin.push_back({"Origin", "https://evil.example"});
  HttpHeaders cross_site = Ana();
  cross_site.push_back({"Sec-Fetch-Site", "cross-site"});
  const struct {
    const char* name;
    http::QueryMap form;
    HttpHeaders headers;
    unsigned status;
  } cases[] = {
      {"no credentials", Form(), {}, 401},
      {"wrong token", wrong_token, Ana(), 400},
      {"no token", no_token, Ana(), 400},
      {"another origin", Form(), cross_origin, 400},
      {"cross-site fetch", Form(), cross_site, 400},
      {"unknown action", Form("promote"), Ana(), 400},
  };
  for (const auto& c : cases) EXPECT_EQ(Post(c.form, c.headers).status, c.status) << c.name;
  auto json = client_->Post("/review/2026-W48/record", "{}", "application/json", Ana());
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(json->status, 415u);
  EXPECT_EQ(DecisionCount(), before);
}

}  // namespace
}  // namespace nagame::bot
