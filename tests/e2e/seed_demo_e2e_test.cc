// `nagame seed-demo` on the real binary and a temp store, then `nagame serve` on it: the review
// API sees each kind of demo rule (noisy, flapping, scheduled, stuck, co-firing, healthy) with
// the finding it is there to show, the acks, the decisions and the uncaught incident; a second
// seed changes nothing; the meeting screen and the rule page show the demo at once.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "bot/auth/tokens.h"
#include "tests/support/files.h"
#include "tests/support/http_client.h"
#include "tests/support/nagame_server.h"

namespace nagame::testing {
namespace {

constexpr char kPassword[] = "seed-e2e-password";

class SeedDemoE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    NagameOptions options;
    options.dir = dir_.path();
    options.extra_yaml =
        "timezone: \"UTC\"\nrule_files: [\"" + (dir_.path() / "*-rules.yml").string() +
        "\"]\napi:\n  basic_auth: {username: demo, password: \"" + kPassword + "\"}\n";
    auto nagame = NagameServer::Start(options);
    ASSERT_TRUE(nagame.ok()) << nagame.status().ToString();
    nagame_ = std::move(nagame).value();
    // First start as scripts/run-demo.sh does it: seed, then serve.
    ASSERT_TRUE(nagame_->process().Stop().success());
  }

  void TearDown() override {
    if (nagame_) nagame_->process().Stop();
  }

  // Runs `nagame seed-demo` on the server's config; its stdout.
  std::string Seed() {
    auto seed = Process::Start(
        {.name = "seed-demo",
         .argv = {NAGAME_BINARY, "seed-demo", "--config", nagame_->config_path().string(),
                  "--rule-file", (dir_.path() / "demo-history-rules.yml").string()},
         .log_dir = dir_.path()});
    EXPECT_TRUE(seed.ok()) << seed.status().ToString();
    if (!seed.ok()) return "";
    auto exit = (*seed)->WaitExit(std::chrono::seconds(120));
    EXPECT_TRUE(exit && exit->success()) << (*seed)->StderrTail();
    return (*seed)->ReadStdout();
  }

  nlohmann::json Get(HttpClient& client, const std::string& target) {
    auto res = client.Get(
        target,
        {{"Authorization", "Basic " + bot::Base64Encode(std::string("demo:") + kPassword)}});
    EXPECT_TRUE(res.ok()) << target;
    if (!res.ok()) return {};
    EXPECT_EQ(res->status, 200u) << target << ": " << res->body.substr(0, 500);
    return nlohmann::json::parse(res->body, nullptr, false);
  }

  TempDir dir_;
  std::unique_ptr<NagameServer> nagame_;
};

TEST_F(SeedDemoE2eTest, TheReviewSeesEveryKindOfDemoRule) {
  const std::string first = Seed();
  EXPECT_NE(first.find("seed-demo: DEMO history in"), std::string::npos) << first;
  EXPECT_EQ(first.find("do not define the demo rules"), std::string::npos) << first;
  auto counts = RunSqlite3(nagame_->database(), "SELECT COUNT(*) FROM deliveries;", dir_.path());
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  // Idempotent: the second start finds history and stores nothing more.
  const std::string second = Seed();
  EXPECT_NE(second.find("already has history; nothing seeded"), std::string::npos) << second;
  auto again = RunSqlite3(nagame_->database(), "SELECT COUNT(*) FROM deliveries;", dir_.path());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*again, *counts);
  EXPECT_GT(std::stoi(*counts), 1000);

  ASSERT_TRUE(nagame_->Restart().ok()) << nagame_->process().StderrTail();
  HttpClient client(nagame_->port());
  // Each kind of rule with the finding it is there to show over the last 7 days.
  const struct {
    const char* kind;
    const char* rule;
    const char* check;  // "" for the healthy rule: no noisy finding
  } kinds[] = {
      {"noisy", "DemoPodCrashLooping", "noisy/volume"},
      {"flapping", "DemoQueueLatencyHigh", "noisy/flapping"},
      {"scheduled", "DemoNightlyBackupIO", "noisy/scheduled"},
      {"stuck", "DemoCertificateExpiring", "stale/stuck"},
      {"co-firing", "DemoTargetDown", "noisy/co-firing"},
      {"healthy", "DemoCheckoutErrorBudgetBurn", ""},
  };
  const nlohmann::json suggestions = Get(client, "/api/v1/suggestions?from=7d");
  std::set<std::pair<std::string, std::string>> found;  // (rule, check)
  for (const auto& p : suggestions.value("suggestions", nlohmann::json::array())) {
    found.emplace(p.value("rule", ""), p.value("check", ""));
  }
  for (const auto& k : kinds) {
    SCOPED_TRACE(k.kind);
    if (*k.check) {
      EXPECT_TRUE(found.count({k.rule, k.check})) << k.rule << " lacks " << k.check << "\n"
                                                  << suggestions.dump().substr(0, 3000);
    } else {
      for (const auto& [rule, check] : found) {
        EXPECT_FALSE(rule == k.rule && check.starts_with("noisy/")) << check;
      }
    }
  }
  EXPECT_TRUE(found.count({"", "missing/uncaught-incident"}) ||
              std::any_of(found.begin(), found.end(),
                          [](const auto& f) { return f.second == "missing/uncaught-incident"; }))
      << suggestions.dump().substr(0, 3000);

  // The healthy rule is defined, fired and every episode was acked.
  const nlohmann::json rule = Get(client, "/api/v1/rules/DemoCheckoutErrorBudgetBurn?from=35d");
  ASSERT_TRUE(rule.contains("inventory")) << rule.dump().substr(0, 2000);
  EXPECT_TRUE(rule["inventory"][0].value("defined", false));
  EXPECT_GE(rule["inventory"][0].value("episodes", 0), 4);
  EXPECT_EQ(rule["inventory"][0].value("acks", 0), rule["inventory"][0].value("episodes", -1));
  // The decisions of the demo meeting.
  const nlohmann::json decisions = Get(client, "/api/v1/decisions?from=35d");
  EXPECT_EQ(decisions.value("decisions", nlohmann::json::array()).size(), 2u) << decisions.dump();

  // The meeting screen and a rule page show the demo at once.
  const HttpHeaders auth = {
      {"Authorization", "Basic " + bot::Base64Encode(std::string("demo:") + kPassword)}};
  auto review = client.Get("/review", auth);
  ASSERT_TRUE(review.ok());
  EXPECT_EQ(review->status, 200u);
  EXPECT_NE(review->body.find("<section class=\"rule\""), std::string::npos);
  auto page = client.Get("/rules/DemoPodCrashLooping", auth);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->status, 200u);
  EXPECT_NE(page->body.find("DemoPodCrashLooping"), std::string::npos);
  EXPECT_NE(page->body.find("<td>ticket</td><td>carol</td>"), std::string::npos);
}

}  // namespace
}  // namespace nagame::testing
