// Every registered source end to end through the real binary: its fixtures byte for byte are
// stored (200) and listed under /api/v1/episodes?source=; firing then resolved gives exactly
// one closed episode per alert; a retried delivery is absorbed; wrong credentials or a bad
// signature get 401 and store nothing. One table row per source.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "bot/auth/hmac.h"
#include "bot/sources/source.h"
#include "tests/support/files.h"
#include "tests/support/http_client.h"
#include "tests/support/nagame_server.h"

namespace nagame::testing {
namespace {

// Where a request goes and what it carries.
struct Signed {
  std::string target;
  HttpHeaders headers;
};

struct SourceCase {
  std::string source;
  std::string config;            // the block under `sources:`, indented two spaces
  std::string firing_fixture;    // opens one episode per alert
  std::string resolved_fixture;  // the same alerts, resolved
  size_t alerts = 1;
  // Credentials (and signature) for `body`; with `valid` false, wrong ones.
  std::function<Signed(const std::string& body, bool valid)> sign;
};

int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Signed Bearer(const std::string& source, const std::string& token) {
  return {"/webhooks/" + source, {{"Authorization", "Bearer " + token}}};
}

// Grafana's signature over "<ts>:<body>", `age` seconds old.
Signed GrafanaSigned(const std::string& body, const std::string& secret, int64_t age) {
  const std::string ts = std::to_string(UnixNow() - age);
  return {
      "/webhooks/grafana",
      {{"Authorization", "Bearer grafana-token"},
       {"X-Grafana-Timestamp", ts},
       {"X-Grafana-Alerting-Signature", bot::HexLower(bot::HmacSha256(secret, ts + ":" + body))}}};
}

std::vector<SourceCase> Cases() {
  return {
      {.source = "alertmanager",
       .config = "",  // NagameServer configures it with bearer_token "e2e-test-token"
       .firing_fixture = "alertmanager/captured/first_firing.json",
       .resolved_fixture = "alertmanager/first_firing_then_resolved.json",
       .alerts = 1,
       .sign =
           [](const std::string&, bool valid) {
             return Bearer("alertmanager", valid ? "e2e-test-token" : "e2e-test-tokeN");
           }},
      {.source = "grafana",
       .config = "  grafana:\n    bearer_token: grafana-token\n    hmac_secret: grafana-hmac\n"
                 "    hmac_timestamp_header: X-Grafana-Timestamp\n",
       .firing_fixture = "grafana/two_firing_docs_example.json",
       .resolved_fixture = "grafana/two_resolved_derived.json",
       .alerts = 2,
       .sign =
           [](const std::string& body, bool valid) {
             return GrafanaSigned(body, valid ? "grafana-hmac" : "grafana-hmaC", 0);
           }},
  };
}

class SourcesE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    NagameOptions options;
    options.dir = dir_.path();
    for (const SourceCase& c : Cases()) options.sources_yaml += c.config;
    auto nagame = NagameServer::Start(options);
    ASSERT_TRUE(nagame.ok()) << nagame.status().ToString();
    nagame_ = std::move(nagame).value();
  }

  void TearDown() override {
    if (!nagame_) return;
    ExitStatus exit = nagame_->process().Stop();
    EXPECT_TRUE(exit.success()) << exit.ToString() << "\n" << nagame_->process().StderrTail();
  }

  unsigned Post(const std::string& body, const Signed& to, const std::string& method = "POST") {
    HttpClient client(nagame_->port());
    HttpHeaders headers = to.headers;
    headers.push_back({"Content-Type", "application/json"});
    auto res = client.Send(method, to.target, body, headers);
    EXPECT_TRUE(res.ok()) << res.status().ToString();
    return res.ok() ? res->status : 0;
  }

  // The source's episodes since 2000, by state.
  std::map<std::string, size_t> States(const std::string& source) {
    auto episodes = nagame_->Episodes("source=" + source + "&from=2000-01-01T00:00:00Z");
    EXPECT_TRUE(episodes.ok()) << episodes.status().ToString();
    std::map<std::string, size_t> out;
    if (!episodes.ok()) return out;
    for (const auto& e : *episodes) {
      EXPECT_EQ(e["source"], source);
      ++out[e["state"].get<std::string>()];
    }
    return out;
  }

  TempDir dir_;
  std::unique_ptr<NagameServer> nagame_;
};

TEST_F(SourcesE2eTest, EveryRegisteredSourceHasARow) {
  std::vector<std::string> covered;
  for (const SourceCase& c : Cases()) covered.push_back(c.source);
  for (const std::string& name : bot::SourceNames()) {
    EXPECT_NE(std::find(covered.begin(), covered.end(), name), covered.end()) << name;
  }
}

TEST_F(SourcesE2eTest, FiringThenResolvedGivesOneClosedEpisodePerAlert) {
  for (const SourceCase& c : Cases()) {
    SCOPED_TRACE(c.source);
    const std::string firing = ReadFixture(c.firing_fixture);
    const std::string resolved = ReadFixture(c.resolved_fixture);
    EXPECT_EQ(Post(firing, c.sign(firing, false)), 401u);
    EXPECT_TRUE(States(c.source).empty());
    EXPECT_EQ(Post(firing, c.sign(firing, true)), 200u);
    EXPECT_EQ(Post(firing, c.sign(firing, true)), 200u);  // a retry
    EXPECT_EQ(States(c.source), (std::map<std::string, size_t>{{"firing", c.alerts}}));
    EXPECT_EQ(Post(resolved, c.sign(resolved, false)), 401u);
    EXPECT_EQ(Post(resolved, c.sign(resolved, true), "PUT"), 200u);
    EXPECT_EQ(Post(resolved, c.sign(resolved, true)), 200u);  // a duplicate (HA peer)
    EXPECT_EQ(States(c.source), (std::map<std::string, size_t>{{"resolved", c.alerts}}));
  }
}

TEST_F(SourcesE2eTest, GrafanaRefusesAReplayedSignature) {
  const std::string body = ReadFixture("grafana/two_firing_docs_example.json");
  EXPECT_EQ(Post(body, GrafanaSigned(body, "grafana-hmac", 6 * 60)), 401u);
  EXPECT_EQ(Post(body, GrafanaSigned(body, "grafana-hmac", -6 * 60)), 401u);
  Signed unsigned_request = GrafanaSigned(body, "grafana-hmac", 0);
  unsigned_request.headers.pop_back();
  EXPECT_EQ(Post(body, unsigned_request), 401u);
  EXPECT_EQ(Post(body, GrafanaSigned(body, "grafana-hmac", 4 * 60)), 200u);
}

}  // namespace
}  // namespace nagame::testing
