// Faults of load against the real nagame binary: a journal over its limit answers 503 with
// Retry-After and loses nothing it acknowledged; slow and idle clients do not stop /healthz or
// webhooks.
#include <SQLiteCpp/SQLiteCpp.h>  // only to hold the write lock the way another process could
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/files.h"
#include "tests/support/http_client.h"
#include "tests/support/nagame_server.h"
#include "tests/support/prometheus_stack.h"

namespace nagame::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using SteadyClock = std::chrono::steady_clock;
namespace asio = boost::asio;

// One firing alert, fingerprint derived from `sender` and `n`.
std::vector<TestAlert> OneAlert(unsigned sender, unsigned n, Time base) {
  char fingerprint[17];
  std::snprintf(fingerprint, sizeof fingerprint, "%02x%014x", sender & 0xff, n);
  TestAlert alert;
  alert.alertname = "Overload";
  alert.fingerprint = fingerprint;
  alert.labels = {{"n", std::to_string(n)}, {"sender", std::to_string(sender)}};
  alert.starts_at = base + seconds(n);
  return {alert};
}

// Every fingerprint Nagame has an episode for around `base` (at most ~10 s of retries).
std::set<std::string> StoredFingerprints(NagameServer& nagame, Time base) {
  std::string query = "from=" + UrlEncode(FormatRfc3339(base - std::chrono::hours(1))) +
                      "&to=" + UrlEncode(FormatRfc3339(base + std::chrono::hours(2))) +
                      "&limit=10000";
  // Retried: with max_connections reached, a new connection is closed until a place frees up.
  auto episodes = nagame.Episodes(query);
  for (int i = 0; i < 100 && !episodes.ok(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    episodes = nagame.Episodes(query);
  }
  EXPECT_TRUE(episodes.ok()) << episodes.status().ToString();
  std::set<std::string> out;
  if (episodes.ok()) {
    for (const auto& e : *episodes) out.insert(e.value("fingerprint", ""));
  }
  return out;
}

// Deliveries from several senders, remembering which were acknowledged; every 503 must carry
// Retry-After.
class Senders {
 public:
  Senders(NagameServer& nagame, Time base) : nagame_(nagame), base_(base) {}

  // Posts delivery `n` of `sender` on `client`; returns the status (0: no answer).
  unsigned Post(HttpClient& client, unsigned sender, unsigned n) {
    auto alerts = OneAlert(sender, n, base_);
    auto res =
        client.Post("/webhooks/alertmanager", AlertmanagerWebhookBody(alerts), "application/json",
                    {{"Authorization", "Bearer " + nagame_.bearer_token()}});
    if (!res.ok()) return 0;
    std::lock_guard lock(mu_);
    if (res->status == 200) acknowledged_.insert(alerts[0].fingerprint);
    if (res->status == 503 && res->header("Retry-After").empty()) ++without_retry_after_;
    return res->status;
  }

  std::set<std::string> acknowledged() {
    std::lock_guard lock(mu_);
    return acknowledged_;
  }
  int without_retry_after() {
    std::lock_guard lock(mu_);
    return without_retry_after_;
  }

 private:
  NagameServer& nagame_;
  const Time base_;
  std::mutex mu_;
  std::set<std::string> acknowledged_;
  int without_retry_after_ = 0;
};

// Starts nagame with `extra_yaml` in its config; base_ is a time 30 minutes ago.
class OverloadE2eTest : public ::testing::Test {
 protected:
  void Start(const std::string& extra_yaml) {
    NagameOptions options;
    options.dir = dir_.path();
    options.extra_yaml = extra_yaml;
    auto nagame = NagameServer::Start(options);
    ASSERT_TRUE(nagame.ok()) << nagame.status().ToString();
    server_ = std::move(nagame).value();
    base_ =
        std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()) -
        std::chrono::minutes(30);
  }

  TempDir dir_;
  std::unique_ptr<NagameServer> server_;
  Time base_{};
};

TEST_F(OverloadE2eTest, JournalOverItsLimitAnswers503UntilDrainedAndLosesNothing) {
  ASSERT_NO_FATAL_FAILURE(Start("ingest: {journal_limit: 1}\n"));  // one waiting is over it
  NagameServer& server = *server_;
  const Time base = base_;
  Senders senders(server, base);

  // The episode store locked: the builder is stuck, so a delivery that arrives while it is busy
  // stays in the journal. A second sender keeps it busy (each of its deliveries waits for the
  // lock, then gets 503).
  SQLite::Database lock(server.database().string(), SQLite::OPEN_READWRITE);
  lock.setBusyTimeout(10000);
  lock.exec("BEGIN IMMEDIATE");
  std::atomic<bool> stop{false};
  std::thread busy([&] {
    HttpClient client(server.port());
    client.set_timeout(seconds(30));
    for (unsigned n = 0; !stop; ++n) senders.Post(client, 1, n);
  });

  // Until one delivery, of either sender, was acknowledged: it can only be in the journal.
  HttpClient client(server.port());
  client.set_timeout(seconds(30));
  unsigned n = 0;
  for (auto deadline = SteadyClock::now() + seconds(60);
       senders.acknowledged().empty() && SteadyClock::now() < deadline; ++n) {
    senders.Post(client, 0, n);
    std::this_thread::sleep_for(milliseconds(50));
  }
  const bool journaled = !senders.acknowledged().empty();
  // The journal is over its limit: refused at once, with Retry-After.
  const unsigned over = journaled ? senders.Post(client, 0, n++) : 0;
  stop = true;
  busy.join();
  ASSERT_TRUE(journaled) << "no delivery was acknowledged into the journal";
  EXPECT_EQ(over, 503u);

  auto refused = ScrapeMetricSum(server.port(), "nagame_ingest_journal_total",
                                 "event=\"refused_journal_limit\"");
  ASSERT_TRUE(refused.ok()) << refused.status().ToString();
  EXPECT_GE(*refused, 1);
  auto refusing = server.LogEvents("ingest_refusing");
  ASSERT_FALSE(refusing.empty());
  EXPECT_EQ(refusing[0].value("reason", ""), "journal_limit");

  // The lock goes: the builder drains the journal and deliveries are accepted again.
  lock.exec("ROLLBACK");
  Status built = server.WaitForEpisodesBuilt();
  ASSERT_TRUE(built.ok()) << built.ToString();
  EXPECT_EQ(senders.Post(client, 0, n++), 200u);
  EXPECT_FALSE(server.LogEvents("ingest_accepting").empty());
  EXPECT_EQ(senders.without_retry_after(), 0);

  // Every acknowledged delivery has its episode, and nothing else was stored.
  ASSERT_TRUE(server.WaitForEpisodesBuilt().ok());
  EXPECT_EQ(StoredFingerprints(server, base), senders.acknowledged());
}

TEST_F(OverloadE2eTest, SlowAndIdleClientsDoNotStopHealthzOrWebhooks) {
  ASSERT_NO_FATAL_FAILURE(Start("server: {header_timeout: 5s, max_connections: 4}\n"));
  NagameServer& server = *server_;
  const Time base = base_;
  Senders senders(server, base);

  // A kept-alive client that has been served, then three silent connections: the cap is full.
  HttpClient kept(server.port());
  ASSERT_EQ(kept.Get("/healthz")->status, 200u);
  asio::io_context io;
  std::vector<asio::ip::tcp::socket> idle;
  for (int i = 0; i < 3; ++i) {
    idle.emplace_back(io).connect({asio::ip::make_address("127.0.0.1"), server.port()});
  }
  // A fifth connection is closed without an answer; the kept one still serves everything.
  auto refused = RawSend(server.port(), "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n", seconds(10));
  EXPECT_TRUE(refused.closed);
  EXPECT_EQ(refused.bytes, "");
  EXPECT_EQ(kept.Get("/healthz")->status, 200u);
  EXPECT_EQ(senders.Post(kept, 0, 1), 200u);
  EXPECT_EQ(kept.connections(), 1);
  EXPECT_FALSE(server.LogEvents("http_connection_limit").empty());

  // The silent connections are cut off after header_timeout; then new clients are served.
  bool served = false;
  for (auto deadline = SteadyClock::now() + seconds(20);
       !served && SteadyClock::now() < deadline;) {
    HttpClient fresh(server.port());
    auto res = fresh.Get("/healthz");
    served = res.ok() && res->status == 200;
    if (!served) std::this_thread::sleep_for(milliseconds(100));
  }
  EXPECT_TRUE(served);
  EXPECT_EQ(StoredFingerprints(server, base), senders.acknowledged());
}

}  // namespace
}  // namespace nagame::testing
