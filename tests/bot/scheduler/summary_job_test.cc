// SummaryJob with an injected clock against a seeded store and a loopback receiver: the
// scheduled run is queued once at its fire time and posted once, a fire missed while the bot
// was down is caught up after a restart, and a restart after delivery posts nothing again.
#include "bot/scheduler/summary_job.h"

#include <gtest/gtest.h>

#include "tests/bot/chat/configured_platforms.h"
#include "tests/bot/chat/seeded_review.h"
#include "tests/support/tls_test_server.h"

namespace nagame::bot {
namespace {

using nagame::testing::AtTime;
using nagame::testing::TlsTestServer;

class SummaryJobTest : public ::testing::Test {
 protected:
  void SetUp() override {
    review_ = nagame::testing::SeededReview(dir_);
    ASSERT_NE(review_, nullptr);
    auto server = TlsTestServer::Start({.tls = false});
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(server).value();
  }

  std::unique_ptr<SummaryJob> MakeJob() {
    storage::StoreOptions o;
    o.path = (dir_ / "nagame.db").string();
    auto outbox = storage::OutboxStore::Open(o);
    EXPECT_TRUE(outbox.ok()) << outbox.status().ToString();
    SummaryJobOptions options;
    options.weekly = WeeklyTime{1, 9, 30};  // MON 09:30
    options.zone = "Asia/Tokyo";
    std::optional<chat::Destination> mattermost =
        testing::DestinationOf("mattermost: {webhook_url: \"" + server_->url("/hooks/abc") + "\"}");
    EXPECT_TRUE(mattermost);
    if (mattermost) options.destinations = {*mattermost};
    options.summary.public_url = "https://nagame.example.com";
    options.clock = [this] { return now_; };
    return std::make_unique<SummaryJob>(review_.get(), std::move(outbox).value(), &client_,
                                        options);
  }

  nagame::testing::TempDir dir_;
  std::unique_ptr<ReviewService> review_;
  std::unique_ptr<TlsTestServer> server_;
  net::HttpClient client_;
  Time now_ = AtTime("2026-11-30T00:00:00Z");  // Mon 09:00 JST
};

TEST_F(SummaryJobTest, PostsOnceAtTheFireTime) {
  auto job = MakeJob();
  ASSERT_TRUE(job->Prime(now_).ok());
  EXPECT_EQ(*job->next_fire(), AtTime("2026-11-30T00:30:00Z"));
  ASSERT_TRUE(job->Step(now_).ok());
  EXPECT_TRUE(server_->Requests().empty()) << "nothing before 09:30";
  now_ = AtTime("2026-11-30T00:30:00Z");
  ASSERT_TRUE(job->Step(now_).ok());
  ASSERT_TRUE(job->Step(now_ + std::chrono::minutes(1)).ok());
  ASSERT_EQ(server_->Requests().size(), 1u);
  EXPECT_EQ(*job->next_fire(), AtTime("2026-12-07T00:30:00Z"));
  auto body = nlohmann::json::parse(server_->Requests()[0].body);
  EXPECT_NE(body["text"].get<std::string>().find("Alert review — week 2026-W48"), std::string::npos)
      << body.dump();
  // A restart after delivery: the run is caught up again, but its key is stored: no post.
  job.reset();
  auto restarted = MakeJob();
  now_ += std::chrono::hours(1);
  ASSERT_TRUE(restarted->Prime(now_).ok());
  ASSERT_TRUE(restarted->Step(now_).ok());
  EXPECT_EQ(server_->Requests().size(), 1u);
}

TEST_F(SummaryJobTest, MissedFireIsCaughtUpAfterARestart) {
  now_ = AtTime("2026-11-30T03:00:00Z");  // the bot was down at 09:30 JST, back at 12:00
  auto job = MakeJob();
  ASSERT_TRUE(job->Prime(now_).ok());
  ASSERT_TRUE(job->Step(now_).ok());
  ASSERT_EQ(server_->Requests().size(), 1u);
  EXPECT_EQ(server_->Requests()[0].target, "/hooks/abc");
}

TEST_F(SummaryJobTest, ManualRunsAreSeparateFromTheSchedule) {
  auto job = MakeJob();
  auto where = job->Enqueue("manual:1", now_);
  ASSERT_TRUE(where.ok()) << where.status().ToString();
  EXPECT_EQ(*where, "mattermost");
  auto again = job->Enqueue("manual:1", now_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, "mattermost (already queued for this run)");
  EXPECT_EQ(*job->SendDue(), 1);
  EXPECT_EQ(server_->Requests().size(), 1u);
}

}  // namespace
}  // namespace nagame::bot
