// End to end in one process: New Relic conditions read over loopback HTTPS (NerdGraph with
// pagination, through ReadUpstreams as `nagame serve` wires it), snapshotted into a real SQLite
// file, then reviewed 120 days later. A condition that never fired is stale/never-fired and a
// "defined but silent" inventory row; one whose alerts arrived is not; the PromQL-only checks
// say they do not apply; an expired key leaves the checks unable to run, with its cause.
#include <gtest/gtest.h>

#include <algorithm>

#include "bot/review/review_json.h"
#include "bot/review/review_service.h"
#include "bot/upstream/upstream_reader.h"
#include "storage/event_store.h"
#include "tests/support/files.h"
#include "tests/support/history_builder.h"
#include "tests/support/store_seeder.h"
#include "tests/support/tls_test_server.h"

namespace nagame::bot {
namespace {

using namespace std::chrono_literals;
using testing::AtTime;
using testing::ReadFixture;
using testing::ScriptedResponse;

constexpr char kNeverFired[] = "Storage / Zulip Server Low Storage";
constexpr char kFired[] = "Golden Signals / High CPU";

ScriptedResponse Json(unsigned status, std::string body) {
  return {.status = status, .headers = {{"Content-Type", "application/json"}}, .body = body};
}

class NewRelicReview : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = testing::TlsTestServer::Start({});
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(server).value();
    testing::WriteFile(dir_ / "nr_key", "NRAK-E2E-KEY\n");
    config_.database = (dir_ / "nagame.db").string();
    config_.tls.ca_file = server_->ca_file().string();
    config_.newrelic = NewRelicConfig{.api_key = {.file = (dir_ / "nr_key").string()},
                                      .accounts = {4420147},
                                      .url = server_->url("")};
    storage::StoreOptions so;
    so.path = config_.database;
    auto store = storage::EventStore::Open(so);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    // The webhook source's alerts for one condition (named as bot/sources/newrelic.cc names
    // them); none for the other.
    testing::StoreSeeder seed(store->get(), "newrelic");
    seed.Episode(kFired, "host-1", AtTime("2026-11-25T10:00:00Z"), 12min);
  }

  void AnswerAllPages() {
    server_->Enqueue(Json(200, ReadFixture("newrelic/conditions/policies_page1.json")));
    server_->Enqueue(Json(200, ReadFixture("newrelic/conditions/conditions_page1.json")));
    server_->Enqueue(Json(200, ReadFixture("newrelic/conditions/conditions_page2.json")));
  }

  std::unique_ptr<ReviewService> Service() {
    ReviewServiceOptions options;
    options.clock = [this] { return now_; };
    options.upstream = [config = config_](const rules::Window& w, Time now) {
      return ReadUpstreams(config, w, now);
    };
    auto service = ReviewService::Create(config_, options);
    EXPECT_TRUE(service.ok()) << service.status().ToString();
    return service.ok() ? std::move(service).value() : nullptr;
  }

  static const rules::Problem* Find(const rules::CheckReport& r, std::string_view check,
                                    std::string_view rule) {
    for (const rules::Problem& p : r.problems) {
      if (p.check == check && p.rule == rule) return &p;
    }
    return nullptr;
  }
  static std::string Unable(const rules::CheckReport& r, std::string_view check) {
    for (const rules::UnableToRun& u : r.unable) {
      if (u.check == check) return u.reason;
    }
    return "";
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::TlsTestServer> server_;
  Config config_;
  Time now_ = AtTime("2026-08-01T00:00:00Z");
  const rules::Window week_ = {AtTime("2026-11-23T00:00:00Z"), AtTime("2026-11-30T00:00:00Z")};
};

TEST_F(NewRelicReview, ANeverFiringConditionIsStaleNeverFired) {
  auto service = Service();
  ASSERT_TRUE(service);
  AnswerAllPages();
  ASSERT_TRUE(service->TakeSnapshots().ok());  // the scheduler sees the conditions on Aug 1

  now_ = AtTime("2026-11-30T00:00:00Z");
  AnswerAllPages();
  auto report = service->Suggestions(week_, std::nullopt);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(Unable(*report, "stale/never-fired"), "");
  const rules::Problem* stale = Find(*report, "stale/never-fired", kNeverFired);
  ASSERT_NE(stale, nullptr);
  EXPECT_EQ(stale->source, "newrelic");
  EXPECT_EQ(stale->summary, "defined 121d, never fired");
  EXPECT_EQ(stale->evidence["language"], "nrql");
  EXPECT_EQ(stale->evidence["file"], "New Relic account 4420147");
  EXPECT_EQ(Find(*report, "stale/never-fired", kFired), nullptr);
  // The disabled condition cannot fire either; it is reported, marked disabled.
  const rules::Problem* legacy = Find(*report, "stale/never-fired", "Storage / Legacy queue depth");
  ASSERT_NE(legacy, nullptr);
  EXPECT_EQ(legacy->evidence["enabled"], false);
  EXPECT_EQ(legacy->summary, "disabled at its source, defined 121d, never fired");
  // NRQL is not PromQL: dead-metric does not guess (it lacks Prometheus here anyway).
  EXPECT_FALSE(Find(*report, "stale/dead-metric", kNeverFired));

  AnswerAllPages();
  auto inventory = service->Inventory(week_);
  ASSERT_TRUE(inventory.ok()) << inventory.status().ToString();
  auto row = std::find_if(inventory->rows.begin(), inventory->rows.end(),
                          [](const rules::InventoryRow& r) { return r.rule == kNeverFired; });
  ASSERT_NE(row, inventory->rows.end());
  EXPECT_TRUE(row->defined);
  EXPECT_EQ(row->source, "newrelic");
  EXPECT_EQ(row->episodes, 0);
  EXPECT_EQ(row->severity, "critical");

  AnswerAllPages();
  auto detail = service->Rule(kNeverFired, week_);
  ASSERT_TRUE(detail.ok()) << detail.status().ToString();
  nlohmann::json json = RuleDetailJson(*detail);
  ASSERT_EQ(json["definitions"].size(), 1u);
  EXPECT_EQ(json["definitions"][0]["language"], "nrql");
  EXPECT_EQ(json["definitions"][0]["enabled"], true);
  EXPECT_EQ(json["definitions"][0]["source"], "newrelic");
}

TEST_F(NewRelicReview, AnExpiredKeyLeavesTheRuleChecksUnableToRunWithTheCause) {
  auto service = Service();
  ASSERT_TRUE(service);
  now_ = AtTime("2026-11-30T00:00:00Z");
  server_->SetDefault(Json(401, R"({"errors":[{"message":"Invalid API key"}]})"));
  auto report = service->Suggestions(week_, std::nullopt);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const std::string cause =
      "rule definitions unavailable: newrelic: account 4420147: POST /graphql: HTTP 401: Invalid "
      "API key";
  EXPECT_EQ(Unable(*report, "stale/never-fired"), cause);
  EXPECT_EQ(Unable(*report, "stale/undocumented"), cause);
}

TEST_F(NewRelicReview, EverySystemThatCannotBeReadIsNamed) {
  config_.grafana = GrafanaConfig{.url = server_->url(""), .token = {.value = "glsa_x"}};
  auto service = Service();
  ASSERT_TRUE(service);
  now_ = AtTime("2026-11-30T00:00:00Z");
  server_->SetDefault(Json(401, R"({"errors":[{"message":"Invalid API key"}]})"));
  auto report = service->Suggestions(week_, std::nullopt);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(Unable(*report, "stale/never-fired"),
            "rule definitions unavailable: grafana: GET /api/v1/provisioning/alert-rules: HTTP "
            "401: {\"errors\":[{\"message\":\"Invalid API key\"}]}; newrelic: account 4420147: "
            "POST /graphql: HTTP 401: Invalid API key");
}

}  // namespace
}  // namespace nagame::bot
