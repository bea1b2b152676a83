// The real nagame binary's HTTP answers (design §3): each status the webhook and operations
// endpoints promise, produced by real requests, including 503 from a storage that really fails.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "rules/time.h"
#include "tests/support/files.h"
#include "tests/support/http_client.h"
#include "tests/support/nagame_server.h"
#include "tests/support/prometheus_stack.h"

namespace nagame::testing {
namespace {

using std::chrono::seconds;

constexpr char kWebhook[] = "/webhooks/alertmanager";

Time NowMillis() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

// `n` firing alerts of rule `rule`, fingerprints "<prefix><index>" padded to 16 hex digits.
std::vector<TestAlert> Alerts(const std::string& rule, unsigned prefix, unsigned n, Time start,
                              size_t annotation_bytes = 0) {
  std::vector<TestAlert> out;
  for (unsigned i = 0; i < n; ++i) {
    char fp[32];
    std::snprintf(fp, sizeof fp, "%08x%08x", prefix, i);
    TestAlert a;
    a.alertname = rule;
    a.fingerprint = fp;
    a.labels = {{"instance", "host-" + std::to_string(i)}};
    a.annotations = {{"summary", "status test"}};
    if (annotation_bytes > 0) a.annotations["description"] = std::string(annotation_bytes, 'x');
    a.starts_at = start + std::chrono::milliseconds(i);
    out.push_back(std::move(a));
  }
  return out;
}

// The "error" object of a JSON error answer, or null.
nlohmann::json ErrorOf(const HttpResponse& res) {
  auto body = res.json();
  if (body.is_discarded() || !body.contains("error")) return nullptr;
  return body["error"];
}

class HttpStatusE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    NagameOptions options;
    options.dir = dir_.path();
    options.extra_yaml = "server:\n  body_limit: 64KiB\n";
    auto nagame = NagameServer::Start(options);
    ASSERT_TRUE(nagame.ok()) << nagame.status().ToString();
    nagame_ = std::move(nagame).value();
    auth_ = {{"Authorization", "Bearer " + nagame_->bearer_token()}};
  }

  void TearDown() override {
    if (!nagame_) return;
    ExitStatus exit = nagame_->process().Stop();
    EXPECT_TRUE(exit.success()) << exit.ToString() << "\n" << nagame_->process().StderrTail();
  }

  // One request on a fresh connection (a 413 or 401 may close it).
  HttpResponse Send(const std::string& method, const std::string& target,
                    const std::string& body = {}, HttpHeaders headers = {}) {
    HttpClient client(nagame_->port());
    auto res = client.Send(method, target, body, headers);
    EXPECT_TRUE(res.ok()) << method << " " << target << ": " << res.status().ToString();
    return res.ok() ? *res : HttpResponse{};
  }

  HttpResponse PostJson(const std::string& body, HttpHeaders headers) {
    headers.push_back({"Content-Type", "application/json"});
    return Send("POST", kWebhook, body, headers);
  }

  TempDir dir_;
  std::unique_ptr<NagameServer> nagame_;
  HttpHeaders auth_;
};

TEST_F(HttpStatusE2eTest, AnswersEveryDocumentedStatus) {
  const Time start = NowMillis() - std::chrono::minutes(5);
  int stored_alerts = 0;

  // 200: stored.
  for (unsigned d = 0; d < 3; ++d) {
    auto alerts = Alerts("StatusOk", d, 3, start);
    HttpResponse ok = PostJson(AlertmanagerWebhookBody(alerts), auth_);
    EXPECT_EQ(ok.status, 200u) << ok.body;
    EXPECT_EQ(ok.json().value("status", ""), "stored") << ok.body;
    if (ok.status == 200) stored_alerts += static_cast<int>(alerts.size());
  }

  // 400: malformed, naming the field.
  auto bad = nlohmann::json::parse(AlertmanagerWebhookBody(Alerts("StatusBad", 9, 2, start)));
  bad["alerts"][1]["startsAt"] = "yesterday";
  HttpResponse invalid = PostJson(bad.dump(), auth_);
  EXPECT_EQ(invalid.status, 400u) << invalid.body;
  EXPECT_EQ(ErrorOf(invalid).value("field", ""), "alerts[1].startsAt") << invalid.body;
  HttpResponse not_json = PostJson("{\"version\": \"4\", \"alerts\": [", auth_);
  EXPECT_EQ(not_json.status, 400u) << not_json.body;
  EXPECT_TRUE(ErrorOf(not_json).is_object()) << not_json.body;

  const std::string body = AlertmanagerWebhookBody(Alerts("StatusRejected", 7, 1, start));

  // 401: wrong or missing credentials, with a challenge.
  HttpResponse wrong = PostJson(body, {{"Authorization", "Bearer not-the-token"}});
  EXPECT_EQ(wrong.status, 401u) << wrong.body;
  EXPECT_TRUE(wrong.has_header("WWW-Authenticate"));
  EXPECT_EQ(wrong.body.find("not-the-token"), std::string::npos) << wrong.body;
  HttpResponse missing = PostJson(body, {});
  EXPECT_EQ(missing.status, 401u) << missing.body;
  EXPECT_TRUE(missing.has_header("WWW-Authenticate"));

  // 404: a source that is not enabled, a source that does not exist, a path with no route.
  HttpResponse grafana =
      Send("POST", "/webhooks/grafana", body, {auth_[0], {"Content-Type", "application/json"}});
  EXPECT_EQ(grafana.status, 404u) << grafana.body;
  HttpResponse unknown = Send("POST", "/webhooks/no-such-source", body,
                              {auth_[0], {"Content-Type", "application/json"}});
  EXPECT_EQ(unknown.status, 404u) << unknown.body;
  HttpResponse no_route = Send("GET", "/no/such/path");
  EXPECT_EQ(no_route.status, 404u) << no_route.body;

  // 405: the webhook path exists, but not for GET.
  HttpResponse get = Send("GET", kWebhook, "", auth_);
  EXPECT_EQ(get.status, 405u) << get.body;
  EXPECT_NE(get.header("Allow").find("POST"), std::string::npos) << get.header("Allow");

  // 413: one byte over the configured 64 KiB.
  std::string padded = body;
  padded.insert(padded.size() - 2, std::string(64 * 1024 + 1 - padded.size(), ' '));
  ASSERT_EQ(padded.size(), 64u * 1024 + 1);
  HttpResponse too_large = PostJson(padded, auth_);
  EXPECT_EQ(too_large.status, 413u) << too_large.body;
  // The limit itself is accepted.
  std::string at_limit = body;
  at_limit.insert(at_limit.size() - 2, std::string(64 * 1024 - at_limit.size(), ' '));
  HttpResponse limit_ok = PostJson(at_limit, auth_);
  EXPECT_EQ(limit_ok.status, 200u) << limit_ok.body;
  if (limit_ok.status == 200) stored_alerts += 1;

  // 415: not JSON.
  HttpResponse text = Send("POST", kWebhook, body, {auth_[0], {"Content-Type", "text/plain"}});
  EXPECT_EQ(text.status, 415u) << text.body;

  // Operations.
  EXPECT_EQ(Send("GET", "/healthz").status, 200u);
  EXPECT_EQ(Send("GET", "/readyz").status, 200u);
  auto ingested =
      ScrapeMetricSum(nagame_->port(), "nagame_alerts_ingested_total", "source=\"alertmanager\"");
  ASSERT_TRUE(ingested.ok()) << ingested.status().ToString();
  EXPECT_EQ(*ingested, stored_alerts);

  // Only the accepted alerts became episodes.
  auto episodes = nagame_->Episodes("from=" + UrlEncode(FormatRfc3339(start - seconds(60))) +
                                    "&to=" + UrlEncode(FormatRfc3339(NowMillis())));
  ASSERT_TRUE(episodes.ok()) << episodes.status().ToString();
  EXPECT_EQ(static_cast<int>(episodes->size()), stored_alerts);
}

// 503 from storage that really fails: the process may not grow files beyond a limit
// (RLIMIT_FSIZE, with SIGXFSZ ignored, so SQLite's writes fail with EFBIG as they would on a
// full disk). Nagame must answer 503 (Alertmanager retries 5xx; Azure retries 503 but no other
// 5xx), stay up, store nothing it did not acknowledge, and accept the retry once the storage
// has room again.
TEST(HttpStatusStorageE2eTest, StorageFailureAnswers503AndTheRetrySucceeds) {
  TempDir dir;
  NagameOptions options;
  options.dir = dir.path();
  options.file_size_limit = 1 << 20;  // the fresh database and its WAL are far smaller
  options.sources_yaml = "  azure: {token: azure-storage-token}\n";
  options.extra_yaml = "server:\n  body_limit: 4MiB\n";
  auto nagame = NagameServer::Start(options);
  ASSERT_TRUE(nagame.ok()) << nagame.status().ToString();
  NagameServer& server = **nagame;
  const HttpHeaders auth = {{"Authorization", "Bearer " + server.bearer_token()},
                            {"Content-Type", "application/json"}};
  const Time start = NowMillis() - std::chrono::minutes(5);

  // Deliveries of ~100 KiB (big annotations) until the files hit the limit.
  std::vector<std::string> acknowledged;
  std::string failed_body;
  unsigned failed_index = 0;
  for (unsigned d = 0; d < 40 && failed_body.empty(); ++d) {
    auto alerts = Alerts("StorageFull", d, 4, start + seconds(d), 25 * 1024);
    std::string body = AlertmanagerWebhookBody(alerts);
    HttpClient client(server.port());
    auto res = client.Send("POST", kWebhook, body, auth);
    ASSERT_TRUE(res.ok()) << "delivery " << d << ": " << res.status().ToString() << "\n"
                          << server.process().StderrTail();
    if (res->status == 200) {
      for (const auto& a : alerts) acknowledged.push_back(a.fingerprint);
      continue;
    }
    ASSERT_EQ(res->status, 503u) << "delivery " << d << ": " << res->body;
    EXPECT_EQ(ErrorOf(*res).value("code", ""), "unavailable") << res->body;
    failed_body = body;
    failed_index = d;
  }
  ASSERT_FALSE(acknowledged.empty()) << "the limit was hit before anything was stored";
  ASSERT_FALSE(failed_body.empty()) << "storage never failed: limit too high for 40 deliveries";

  // An Azure alert too large for any file under the limit (1.5 MB of custom properties) gets
  // the same 503, the one status besides 408, 429 and 504 that Azure retries.
  auto azure = nlohmann::json::parse(ReadFixture("azure/metric_fired.json"));
  azure["data"]["essentials"]["firedDateTime"] = FormatRfc3339(start + seconds(1));
  azure["data"]["customProperties"]["padding"] = std::string(1500 * 1000, 'x');
  const std::string azure_body = azure.dump();
  const std::string azure_target = "/webhooks/azure?token=azure-storage-token";
  const HttpHeaders json = {{"Content-Type", "application/json"}};
  {
    HttpClient client(server.port());
    auto res = client.Send("POST", azure_target, azure_body, json);
    ASSERT_TRUE(res.ok()) << res.status().ToString();
    EXPECT_EQ(res->status, 503u) << res->body;
    EXPECT_EQ(ErrorOf(*res).value("code", ""), "unavailable") << res->body;
  }

  // Still serving, and reads still work.
  EXPECT_TRUE(server.process().Running());
  HttpClient probe(server.port());
  auto health = probe.Get("/healthz");
  ASSERT_TRUE(health.ok()) << health.status().ToString();
  EXPECT_EQ(health->status, 200u);

  // Room again: the sender's retry of the failed delivery is stored.
  ASSERT_TRUE(server.process().SetFileSizeLimit(std::nullopt).ok());
  HttpClient client(server.port());
  auto retry = client.Send("POST", kWebhook, failed_body, auth);
  ASSERT_TRUE(retry.ok()) << retry.status().ToString();
  EXPECT_EQ(retry->status, 200u) << retry->body << "\n" << server.process().StderrTail();
  auto azure_retry = client.Send("POST", azure_target, azure_body, json);
  ASSERT_TRUE(azure_retry.ok()) << azure_retry.status().ToString();
  EXPECT_EQ(azure_retry->status, 200u) << azure_retry->body;

  auto episodes = server.Episodes("from=" + UrlEncode(FormatRfc3339(start - seconds(60))) +
                                  "&to=" + UrlEncode(FormatRfc3339(NowMillis())));
  ASSERT_TRUE(episodes.ok()) << episodes.status().ToString();
  // The acknowledged deliveries plus the retried ones, each alert once.
  EXPECT_EQ(episodes->size(), acknowledged.size() + 4 + 1) << "failed delivery #" << failed_index;

  // The 503 was the storage failing, as logged.
  auto failures = server.LogEvents("ingest_commit_failed");
  ASSERT_FALSE(failures.empty()) << server.process().StderrTail();
  std::printf("[ storage ] %zu deliveries stored, #%u failed: %s\n", acknowledged.size() / 4,
              failed_index, failures[0].value("error", "").c_str());

  ExitStatus exit = server.process().Stop();
  EXPECT_TRUE(exit.success()) << exit.ToString();
  auto check = RunSqlite3(server.database(), "PRAGMA integrity_check;", dir.path());
  ASSERT_TRUE(check.ok()) << check.status().ToString();
  EXPECT_EQ(*check, "ok\n");
}

}  // namespace
}  // namespace nagame::testing
