// The review API over real loopback HTTP (bot/http server + router + review handlers) on a
// seeded SQLite file: every endpoint's success and each error status it promises.
#include "bot/api/review_handlers.h"

#include <SQLiteCpp/SQLiteCpp.h>  // only to hold the write lock the way another process could
#include <gtest/gtest.h>

#include <boost/asio/thread_pool.hpp>

#include "bot/http/router.h"
#include "tests/bot/review/review_fixture.h"
#include "tests/support/http_client.h"
#include "tests/support/loopback_server.h"

namespace nagame::bot {
namespace {

using boost::beast::http::verb;
using testing::HttpClient;

constexpr char kWeek[] = "from=2026-11-23T00:00:00Z&to=2026-11-30T00:00:00Z";

class ReviewApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    service_ = world_.Service();
    ASSERT_TRUE(service_);
    const ReviewApiDeps deps{service_.get(), &pool_};
    const struct {
      verb v;
      const char* pattern;
      http::Handler handler;
    } routes[] = {
        {verb::get, "/api/v1/inventory", MakeInventoryHandler(deps)},
        {verb::get, "/api/v1/suggestions", MakeSuggestionsHandler(deps)},
        {verb::get, "/api/v1/rules", MakeRulesHandler(deps)},
        {verb::get, "/api/v1/rules/{name}", MakeRuleHandler(deps)},
        {verb::get, "/api/v1/decisions", MakeDecisionsListHandler(deps)},
        {verb::post, "/api/v1/acks", MakeAckHandler(deps)},
        {verb::post, "/api/v1/feedback", MakeFeedbackHandler(deps)},
        {verb::post, "/api/v1/decisions", MakeDecisionHandler(deps)},
        {verb::post, "/api/v1/incidents", MakeIncidentHandler(deps)},
    };
    for (const auto& r : routes) ASSERT_TRUE(router_.Add(r.v, r.pattern, r.handler).ok());
    auto server = testing::LoopbackServer::Start(router_);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
    client_ = std::make_unique<HttpClient>(server_->port());
  }

  void TearDown() override {
    client_.reset();
    // The pool first: a handler's off-thread call may still be finishing, and its completion
    // touches the server's io_context, which the server takes with it.
    pool_.join();
    server_.reset();
  }

  testing::HttpResponse Get(const std::string& target) {
    auto r = client_->Get(target);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : testing::HttpResponse{};
  }
  testing::HttpResponse Post(const std::string& target, const std::string& body,
                             const std::string& type = "application/json") {
    auto r = client_->Post(target, body, type);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : testing::HttpResponse{};
  }

  testing::ReviewWorld world_;
  std::unique_ptr<ReviewService> service_;
  boost::asio::thread_pool pool_{2};
  http::Router router_;
  std::unique_ptr<testing::LoopbackServer> server_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(ReviewApiTest, InventoryHasTheDesignShape) {
  auto r = Get(std::string("/api/v1/inventory?") + kWeek);
  ASSERT_EQ(r.status, 200u) << r.body;
  nlohmann::json j = r.json();
  EXPECT_EQ(j["from"], "2026-11-23T00:00:00Z");
  EXPECT_EQ(j["to"], "2026-11-30T00:00:00Z");
  ASSERT_EQ(j["rules"].size(), 4u);
  for (const char* key : {"rule", "source", "episodes", "instances", "firing_seconds",
                          "median_seconds", "p90_seconds", "acks", "delta_episodes", "checks"}) {
    EXPECT_TRUE(j["rules"][0].contains(key)) << key;
  }
}

TEST_F(ReviewApiTest, SuggestionsFilterByCategory) {
  auto r = Get(std::string("/api/v1/suggestions?category=stale&") + kWeek);
  ASSERT_EQ(r.status, 200u) << r.body;
  nlohmann::json j = r.json();
  ASSERT_FALSE(j["suggestions"].empty());
  for (const auto& s : j["suggestions"]) {
    EXPECT_EQ(s["category"], "stale");
    for (const char* key : {"check", "rule", "severity", "summary", "evidence", "fix"})
      EXPECT_TRUE(s.contains(key)) << key;
  }
  EXPECT_TRUE(j["unable"].is_array());
}

TEST_F(ReviewApiTest, RulesAndOneRule) {
  auto list = Get("/api/v1/rules");
  ASSERT_EQ(list.status, 200u) << list.body;
  ASSERT_EQ(list.json()["rules"].size(), 4u);
  EXPECT_EQ(list.json()["rules"][0]["name"], "Flappy");
  auto one = Get(std::string("/api/v1/rules/HostDown?") + kWeek);
  ASSERT_EQ(one.status, 200u) << one.body;
  EXPECT_EQ(one.json()["rule"], "HostDown");
  EXPECT_EQ(one.json()["recent_episodes"].size(), 3u);
  EXPECT_EQ(one.json()["definitions"][0]["defined_since"], "2026-06-01T00:00:00Z");
}

TEST_F(ReviewApiTest, RecordsArePostedAndListed) {
  auto ack = Post("/api/v1/acks", R"({"rule":"Flappy","user":"ana","note":"seen"})");
  ASSERT_EQ(ack.status, 201u) << ack.body;
  EXPECT_GT(ack.json()["ack"]["id"].get<int64_t>(), 0);
  auto fb = Post("/api/v1/feedback", R"({"rule":"Flappy","verdict":"noise","user":"bo"})");
  EXPECT_EQ(fb.status, 201u) << fb.body;
  auto dec = Post("/api/v1/decisions",
                  R"({"rule":"Flappy","action":"tune","author":"cy","note":"for: 1m",)"
                  R"("at":"2026-11-24T09:00:00Z"})");
  ASSERT_EQ(dec.status, 201u) << dec.body;
  EXPECT_EQ(dec.json()["decision"]["at"], "2026-11-24T09:00:00Z");
  auto inc = Post("/api/v1/incidents", R"({"service":"web","text":"errors","author":"di"})");
  EXPECT_EQ(inc.status, 201u) << inc.body;

  auto list = Get(std::string("/api/v1/decisions?") + kWeek);
  ASSERT_EQ(list.status, 200u) << list.body;
  ASSERT_EQ(list.json()["decisions"].size(), 1u);
  EXPECT_EQ(list.json()["decisions"][0]["action"], "tune");
}

TEST_F(ReviewApiTest, ErrorsNameTheField) {
  struct Case {
    const char* name;
    testing::HttpResponse response;
    unsigned status;
    const char* field;  // "" when the error has none
  };
  const Case cases[] = {
      {"bad window", Get("/api/v1/inventory?from=yesterday"), 400, "from"},
      {"bad category", Get("/api/v1/suggestions?category=loud"), 400, "category"},
      {"unknown rule", Get("/api/v1/rules/HostDwn"), 404, "rule"},
      {"not json", Post("/api/v1/acks", "{rule:", "application/json"), 400, "body"},
      {"not an object", Post("/api/v1/acks", "[1]"), 400, "body"},
      {"missing rule", Post("/api/v1/acks", R"({"user":"ana"})"), 400, "rule"},
      {"unknown field", Post("/api/v1/acks", R"({"rule":"Flappy","user":"a","x":1})"), 400, "x"},
      {"wrong type", Post("/api/v1/acks", R"({"rule":"Flappy","user":"a","episode_id":"7"})"), 400,
       "episode_id"},
      {"ack of unknown rule", Post("/api/v1/acks", R"({"rule":"Nope","user":"ana"})"), 404, "rule"},
      {"bad verdict", Post("/api/v1/feedback", R"({"rule":"Flappy","verdict":"meh","user":"b"})"),
       400, "verdict"},
      {"bad action", Post("/api/v1/decisions", R"({"rule":"Flappy","action":"x","author":"c"})"),
       400, "action"},
      {"bad time",
       Post("/api/v1/incidents", R"({"service":"s","text":"t","author":"a","started_at":"now"})"),
       400, "started_at"},
      {"wrong content type", Post("/api/v1/acks", R"({"rule":"Flappy"})", "text/plain"), 415, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(c.response.status, c.status) << c.response.body;
    nlohmann::json j = c.response.json();
    ASSERT_TRUE(j.contains("error")) << c.response.body;
    EXPECT_EQ(j["error"].value("field", ""), c.field);
  }
}

// Another process holds the write lock past the busy timeout: the record cannot be stored
// now, and the client is told to retry (503), not that it was wrong.
TEST_F(ReviewApiTest, StorageUnavailableIs503) {
  SQLite::Database other(world_.config().database, SQLite::OPEN_READWRITE);
  other.exec("BEGIN IMMEDIATE");
  other.exec("INSERT INTO decisions (rule, action, note, author, at) VALUES ('x','keep','','o',0)");
  auto r = Post("/api/v1/decisions", R"({"rule":"Flappy","action":"keep","author":"c"})");
  other.exec("ROLLBACK");
  EXPECT_EQ(r.status, 503u) << r.body;
  EXPECT_EQ(r.json()["error"]["code"], "unavailable");
}

}  // namespace
}  // namespace nagame::bot
