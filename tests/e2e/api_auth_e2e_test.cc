// The real nagame binary with `api` credentials: the review API and the report refuse requests
// without them (401 with a challenge, logged without the credential), answer with them, and
// leave the operations endpoints and the webhooks' own credentials alone; a proxy identity
// header from an address that is not a trusted proxy opens nothing; every answer carries
// nosniff and a Content-Security-Policy (the report's allowing its own style by hash).
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "bot/auth/tokens.h"
#include "tests/support/files.h"
#include "tests/support/http_client.h"
#include "tests/support/nagame_server.h"

namespace nagame::testing {
namespace {

constexpr char kApiPassword[] = "api-e2e-password";

class ApiAuthE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    NagameOptions options;
    options.dir = dir_.path();
    options.extra_yaml = std::string("api:\n  basic_auth: {username: review, password: \"") +
                         kApiPassword + "\"}\n  trusted_proxies: [127.0.0.2]\n";
    auto nagame = NagameServer::Start(options);
    ASSERT_TRUE(nagame.ok()) << nagame.status().ToString();
    nagame_ = std::move(nagame).value();
  }

  void TearDown() override {
    if (!nagame_) return;
    ExitStatus exit = nagame_->process().Stop();
    EXPECT_TRUE(exit.success()) << exit.ToString() << "\n" << nagame_->process().StderrTail();
  }

  static HttpHeaders Basic(const std::string& user, const std::string& password) {
    return {{"Authorization", "Basic " + bot::Base64Encode(user + ":" + password)}};
  }

  TempDir dir_;
  std::unique_ptr<NagameServer> nagame_;
};

TEST_F(ApiAuthE2eTest, ApiAndReportNeedTheCredentials) {
  HttpClient client(nagame_->port());
  const struct {
    const char* target;
    HttpHeaders headers;
    unsigned status;
  } cases[] = {
      {"/api/v1/inventory?from=7d", {}, 401},
      {"/api/v1/inventory?from=7d", Basic("review", "wrong"), 401},
      {"/api/v1/inventory?from=7d", {{"Authorization", "Bearer api-e2e-password"}}, 401},
      {"/api/v1/episodes", {}, 401},
      {"/report", {}, 401},
      // The test connects from 127.0.0.1, which is not a trusted proxy: its header is ignored.
      {"/report", {{"X-Forwarded-User", "mallory"}}, 401},
      {"/api/v1/inventory?from=7d", Basic("review", kApiPassword), 200},
      {"/api/v1/suggestions", Basic("review", kApiPassword), 200},
      {"/report", Basic("review", kApiPassword), 200},
      {"/review", {}, 401},
      {"/review", Basic("review", kApiPassword), 200},
      {"/review/2026-W99", Basic("review", kApiPassword), 400},
      {"/healthz", {}, 200},
      {"/metrics", {}, 200},
  };
  for (const auto& c : cases) {
    auto res = client.Get(c.target, c.headers);
    ASSERT_TRUE(res.ok()) << c.target << ": " << res.status().ToString();
    EXPECT_EQ(res->status, c.status) << c.target << " " << res->body;
    EXPECT_EQ(res->header("X-Content-Type-Options"), "nosniff") << c.target;
    EXPECT_NE(res->header("Content-Security-Policy").find("default-src 'none'"), std::string::npos)
        << c.target;
    if (c.status == 200 && std::string(c.target).starts_with("/re")) {
      EXPECT_NE(res->header("Content-Security-Policy").find("style-src 'sha256-"),
                std::string::npos);
    }
    if (c.status == 401) {
      EXPECT_EQ(res->header("WWW-Authenticate"), "Basic realm=\"nagame\"") << c.target;
      EXPECT_EQ(res->body.find(kApiPassword), std::string::npos);
    }
  }
  auto post = client.Post("/api/v1/acks", R"({"rule":"X"})", "application/json");
  ASSERT_TRUE(post.ok());
  EXPECT_EQ(post->status, 401u);
  // The webhook keeps its own bearer token; the API's credentials do not open it.
  auto hook = client.Post("/webhooks/alertmanager", "{}", "application/json",
                          Basic("review", kApiPassword));
  ASSERT_TRUE(hook.ok());
  EXPECT_EQ(hook->status, 401u);

  bool logged = false;
  for (int i = 0; i < 50 && !logged; ++i) {
    logged = !nagame_->LogEvents("api_unauthenticated").empty();
    if (!logged) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(logged);
  EXPECT_EQ(nagame_->process().StderrTail().find(kApiPassword), std::string::npos);
}

}  // namespace
}  // namespace nagame::testing
