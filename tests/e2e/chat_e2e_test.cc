// End to end over loopback: alerts delivered to a running `nagame serve` through its webhook,
// then a signed Slack slash command answers (inline, well inside Slack's 3 s) with the rule
// names from that history; an unsigned one gets 401; and `nagame summary --dry-run` prints the
// week's summary from the same database, and `nagame summary --post` delivers it to a generic
// JSON webhook over HTTPS verified with the configured CA; the report page the summary links to
// shows the same history.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <thread>

#include "bot/chat/slack/slack_signature.h"
#include "bot/chat/summary.h"
#include "bot/http/query.h"
#include "bot/review/window_spec.h"
#include "tests/support/files.h"
#include "tests/support/http_client.h"
#include "tests/support/nagame_server.h"
#include "tests/support/process.h"
#include "tests/support/tls_test_server.h"

namespace nagame::testing {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

constexpr char kSecret[] = "e2e-slack-signing-secret";

Time Now() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

class ChatE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    NagameOptions options;
    options.dir = dir_.path();
    options.extra_yaml = std::string("timezone: \"Asia/Tokyo\"\n") +
                         "public_url: \"https://nagame.example.com\"\n" +
                         "chat:\n  slack:\n    signing_secret: \"" + kSecret + "\"\n";
    auto nagame = NagameServer::Start(options);
    ASSERT_TRUE(nagame.ok()) << nagame.status().ToString();
    nagame_ = std::move(nagame).value();
    // History: resolved episodes of two rules over the last days.
    std::vector<TestAlert> alerts;
    const Time now = Now();
    for (int i = 0; i < 6; ++i) {
      TestAlert a;
      a.alertname = i < 4 ? "PodRestartsHigh" : "DiskWillFillIn4h";
      char fp[17];
      std::snprintf(fp, sizeof fp, "%016x", 0xc0ffee00 + i);
      a.fingerprint = fp;
      a.labels = {{"instance", "host-" + std::to_string(i)}, {"severity", "warning"}};
      a.starts_at = now - hours(30 + 5 * i);
      a.ends_at = a.starts_at + minutes(3);
      alerts.push_back(std::move(a));
    }
    HttpClient client(nagame_->port());
    auto res =
        client.Post("/webhooks/alertmanager", AlertmanagerWebhookBody(alerts), "application/json",
                    {{"Authorization", "Bearer " + nagame_->bearer_token()}});
    ASSERT_TRUE(res.ok()) << res.status().ToString();
    ASSERT_EQ(res->status, 200u) << res->body;
  }

  void TearDown() override {
    if (!nagame_) return;
    ExitStatus exit = nagame_->process().Stop();
    EXPECT_TRUE(exit.success()) << exit.ToString() << "\n" << nagame_->process().StderrTail();
  }

  TempDir dir_;
  std::unique_ptr<NagameServer> nagame_;
};

TEST_F(ChatE2eTest, SignedSlashCommandAnswersWithTheRuleNames) {
  const std::string body = bot::http::EncodeQuery({{"command", "/nagame"},
                                                   {"text", "top 5"},
                                                   {"user_name", "mori"},
                                                   {"response_url", "http://127.0.0.1:9/unused"}});
  // The ingest writer builds episodes shortly after the 200: ask until they are there.
  HttpResponse answer;
  for (int attempt = 0; attempt < 50; ++attempt) {
    const std::string ts = std::to_string(
        std::chrono::duration_cast<std::chrono::seconds>(Now().time_since_epoch()).count());
    HttpClient client(nagame_->port());
    const auto sent = std::chrono::steady_clock::now();
    auto res = client.Post("/chat/slack/commands", body, "application/x-www-form-urlencoded",
                           {{"X-Slack-Request-Timestamp", ts},
                            {"X-Slack-Signature", bot::chat::SlackSignature(kSecret, ts, body)}});
    const auto took = std::chrono::steady_clock::now() - sent;
    ASSERT_TRUE(res.ok()) << res.status().ToString();
    ASSERT_EQ(res->status, 200u) << res->body;
    // Slack's deadline is a protocol limit, not a performance target: the answer must be
    // the inline one, not "Working on it…".
    EXPECT_LT(took, std::chrono::seconds(3));
    answer = *res;
    if (answer.body.find("DiskWillFillIn4h") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const std::string text = answer.json()["text"].get<std::string>();
  EXPECT_NE(text.find("PodRestartsHigh"), std::string::npos) << text;
  EXPECT_NE(text.find("DiskWillFillIn4h"), std::string::npos) << text;
  EXPECT_EQ(answer.json()["response_type"], "ephemeral");
  EXPECT_EQ(answer.json()["blocks"][0]["type"], "header");
}

TEST_F(ChatE2eTest, UnsignedSlashCommandIsRefusedAndLogged) {
  HttpClient client(nagame_->port());
  auto res =
      client.Post("/chat/slack/commands", "text=top", "application/x-www-form-urlencoded",
                  {{"X-Slack-Request-Timestamp", "1531420618"}, {"X-Slack-Signature", "v0=00"}});
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 401u);
  EXPECT_EQ(res->body.find(kSecret), std::string::npos);
  bool logged = false;
  for (int i = 0; i < 50 && !logged; ++i) {
    logged = !nagame_->LogEvents("chat_unauthenticated").empty();
    if (!logged) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(logged);
  // Mattermost and Teams are not configured: 404.
  auto mm =
      client.Post("/chat/mattermost/commands", "text=top", "application/x-www-form-urlencoded");
  ASSERT_TRUE(mm.ok());
  EXPECT_EQ(mm->status, 404u);
}

TEST_F(ChatE2eTest, SummaryDryRunPrintsTheWeek) {
  ProcessOptions p;
  p.name = "summary";
  p.argv = {NAGAME_BINARY, "summary", "--config", nagame_->config_path().string(), "--dry-run"};
  p.log_dir = dir_.path();
  auto run = Process::Start(p);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  std::optional<ExitStatus> exit = (*run)->WaitExit(std::chrono::seconds(60));
  ASSERT_TRUE(exit.has_value()) << "summary --dry-run did not finish";
  EXPECT_TRUE(exit->success()) << exit->ToString() << "\n" << (*run)->StderrTail();
  const std::string out = (*run)->ReadStdout();
  EXPECT_NE(out.find("Alert review — week "), std::string::npos) << out;
  EXPECT_NE(out.find("Full report: https://nagame.example.com/report/"), std::string::npos) << out;
}

TEST_F(ChatE2eTest, ReportPageShowsTheWeek) {
  auto tokyo = bot::Zone::Find("Asia/Tokyo");
  ASSERT_TRUE(tokyo.ok());
  const std::string week = bot::IsoWeekName(Now() - hours(30), *tokyo);
  HttpClient client(nagame_->port());
  auto page = client.Get("/report/" + week);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->status, 200u) << page->body;
  EXPECT_EQ(page->header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page->body.find("Alert review — week " + week), std::string::npos);
  EXPECT_NE(page->body.find("PodRestartsHigh"), std::string::npos);
  auto current = client.Get("/report");
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(current->status, 200u);
  EXPECT_NE(current->body.find(bot::IsoWeekName(Now(), *tokyo)), std::string::npos);
  for (const char* bad : {"/report/2999-W01", "/report/last", "/report/2026-W60"}) {
    auto res = client.Get(bad);
    ASSERT_TRUE(res.ok()) << bad;
    EXPECT_EQ(res->status, 400u) << bad << " " << res->body;
  }
}

TEST_F(ChatE2eTest, SummaryPostDeliversToAGenericWebhookOverVerifiedTls) {
  auto receiver = TlsTestServer::Start({});
  ASSERT_TRUE(receiver.ok()) << receiver.status().ToString();
  (*receiver)->Enqueue({.status = 503});  // the CLI leaves it in the outbox
  (*receiver)->Enqueue({.status = 204});
  const std::filesystem::path config = dir_.path() / "post.yaml";
  WriteFile(config, "database: \"" + nagame_->database().string() + "\"\n" +
                        "timezone: \"Asia/Tokyo\"\n" + "chat:\n  generic:\n    webhook_url: \"" +
                        (*receiver)->url("/nagame/summary") + "\"\n" +
                        "    bearer_token: \"generic-e2e-token\"\n" +
                        "summary: {post_to: [generic]}\n" + "tls: {ca_file: \"" +
                        (*receiver)->ca_file().string() + "\"}\n");
  auto post = [&]() {
    ProcessOptions p;
    p.name = "summary-post";
    p.argv = {NAGAME_BINARY, "summary", "--config", config.string(), "--post"};
    p.log_dir = dir_.path();
    auto run = Process::Start(p);
    EXPECT_TRUE(run.ok()) << run.status().ToString();
    if (!run.ok()) return std::string();
    std::optional<ExitStatus> exit = (*run)->WaitExit(std::chrono::seconds(60));
    EXPECT_TRUE(exit.has_value()) << "summary --post did not finish";
    return (*run)->ReadStdout();
  };
  EXPECT_NE(post().find("delivered to 0 of 1 destinations"), std::string::npos);
  EXPECT_NE(post().find("delivered to 1 of 1 destinations"), std::string::npos);
  const auto requests = (*receiver)->Requests();
  ASSERT_EQ(requests.size(), 2u);
  const RecordedRequest& got = requests[1];
  EXPECT_EQ(got.target, "/nagame/summary");
  EXPECT_EQ(got.header("Authorization"), "Bearer generic-e2e-token");
  auto body = nlohmann::json::parse(got.body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << got.body;
  EXPECT_NE(body["title"].get<std::string>().find("Alert review"), std::string::npos);
  EXPECT_TRUE(body["sections"].is_array()) << got.body;
  EXPECT_NE(body["text"].get<std::string>().find("Alert review"), std::string::npos) << got.body;
}

}  // namespace
}  // namespace nagame::testing
