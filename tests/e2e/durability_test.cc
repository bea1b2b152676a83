// Durability of the real nagame binary: every delivery it answered 200 survives `kill -9`, and
// the SQLite file it leaves behind is intact.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "rules/time.h"
#include "tests/support/files.h"
#include "tests/support/http_client.h"
#include "tests/support/nagame_server.h"
#include "tests/support/prometheus_stack.h"

namespace nagame::testing {
namespace {

using std::chrono::seconds;

Time NowMillis() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

std::string Fingerprint(unsigned a, unsigned b, unsigned c) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02x%06x%08x", a & 0xff, b & 0xffffff, c);
  return buf;
}

// Delivery `d` of sender `sender`: `alerts` firing alerts with fresh fingerprints.
std::vector<TestAlert> Delivery(unsigned sender, unsigned d, unsigned alerts, Time base) {
  std::vector<TestAlert> out;
  for (unsigned a = 0; a < alerts; ++a) {
    TestAlert alert;
    alert.alertname = "Durable" + std::to_string(d % 4);
    alert.fingerprint = Fingerprint(sender, d, a);
    alert.labels = {{"instance", "host-" + std::to_string(a)},
                    {"delivery", std::to_string(d)},
                    {"sender", std::to_string(sender)}};
    alert.annotations = {{"summary", "durability test alert"}};
    alert.starts_at = base + seconds(d) + std::chrono::milliseconds(a);
    out.push_back(std::move(alert));
  }
  return out;
}

// Every fingerprint Nagame has an episode for in [base - 1h, base + 2h].
Result<std::multiset<std::string>> EpisodeFingerprints(NagameServer& nagame, Time base) {
  std::string query = "from=" + UrlEncode(FormatRfc3339(base - std::chrono::hours(1))) +
                      "&to=" + UrlEncode(FormatRfc3339(base + std::chrono::hours(2))) +
                      "&limit=10000";
  NAGAME_ASSIGN_OR_RETURN(nlohmann::json episodes, nagame.Episodes(query));
  std::multiset<std::string> out;
  for (const auto& e : episodes) out.insert(e.value("fingerprint", ""));
  return out;
}

// SQLite's own verdict on the file: "ok" from PRAGMA integrity_check.
void ExpectIntact(const NagameServer& nagame, const TempDir& dir) {
  auto check = RunSqlite3(nagame.database(), "PRAGMA integrity_check;", dir.path());
  ASSERT_TRUE(check.ok()) << check.status().ToString();
  EXPECT_EQ(*check, "ok\n");
}

TEST(DurabilityTest, AcknowledgedDeliveriesSurviveKill9) {
  constexpr unsigned kDeliveries = 200;
  constexpr unsigned kAlerts = 10;
  TempDir dir;
  NagameOptions options;
  options.dir = dir.path();
  auto nagame = NagameServer::Start(options);
  ASSERT_TRUE(nagame.ok()) << nagame.status().ToString();
  NagameServer& server = **nagame;

  const Time base = NowMillis() - std::chrono::minutes(30);
  const HttpHeaders auth = {{"Authorization", "Bearer " + server.bearer_token()}};
  std::set<std::string> sent;
  {
    HttpClient client(server.port());
    for (unsigned d = 0; d < kDeliveries; ++d) {
      auto alerts = Delivery(0, d, kAlerts, base);
      auto res = client.Post("/webhooks/alertmanager", AlertmanagerWebhookBody(alerts),
                             "application/json", auth);
      ASSERT_TRUE(res.ok()) << "delivery " << d << ": " << res.status().ToString();
      ASSERT_EQ(res->status, 200u) << "delivery " << d << ": " << res->body;
      for (const auto& a : alerts) sent.insert(a.fingerprint);
    }
  }
  ASSERT_EQ(sent.size(), kDeliveries * kAlerts);

  ExitStatus killed = server.process().Kill9();
  ASSERT_EQ(killed.signal, SIGKILL) << killed.ToString();

  // The file as the crash left it (the WAL holds the committed transactions). One sender at
  // a time never builds a journal backlog (a step applies its first delivery at once), so
  // every acknowledged alert already has its episode.
  ExpectIntact(server, dir);
  auto count = RunSqlite3(server.database(), "SELECT count(*) FROM episodes;", dir.path());
  ASSERT_TRUE(count.ok()) << count.status().ToString();
  EXPECT_EQ(*count, std::to_string(kDeliveries * kAlerts) + "\n");

  Status restarted = server.Restart();
  ASSERT_TRUE(restarted.ok()) << restarted.ToString();
  auto stored = EpisodeFingerprints(server, base);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(std::set<std::string>(stored->begin(), stored->end()), sent);
  EXPECT_EQ(stored->size(), sent.size()) << "an alert has more than one episode";

  ExitStatus stopped = server.process().Stop();
  EXPECT_TRUE(stopped.success()) << stopped.ToString() << "\n" << server.process().StderrTail();
  ExpectIntact(server, dir);
}

TEST(DurabilityTest, ConcurrentDeliveriesAcknowledgedBeforeKill9Survive) {
  constexpr unsigned kSenders = 4;
  constexpr unsigned kMaxDeliveries = 500;  // per sender; the kill comes long before
  constexpr unsigned kAlerts = 4;
  constexpr int kKillAfterAcks = 150;
  TempDir dir;
  NagameOptions options;
  options.dir = dir.path();
  auto nagame = NagameServer::Start(options);
  ASSERT_TRUE(nagame.ok()) << nagame.status().ToString();
  NagameServer& server = **nagame;

  const Time base = NowMillis() - std::chrono::minutes(30);
  const HttpHeaders auth = {{"Authorization", "Bearer " + server.bearer_token()}};
  std::atomic<int> acks{0};
  struct SenderLog {
    std::vector<std::string> acknowledged;  // fingerprints answered 200
    std::vector<std::string> unanswered;    // sent, no answer (the kill)
    unsigned deliveries = 0;
    std::string error;  // how the sender stopped
  };
  std::vector<SenderLog> logs(kSenders);
  std::vector<std::thread> senders;
  const uint16_t port = server.port();
  for (unsigned t = 0; t < kSenders; ++t) {
    senders.emplace_back([&, t] {
      SenderLog& log = logs[t];
      HttpClient client(port);
      client.set_timeout(seconds(10));
      for (unsigned d = 0; d < kMaxDeliveries; ++d) {
        auto alerts = Delivery(t + 1, d, kAlerts, base);
        auto res = client.Post("/webhooks/alertmanager", AlertmanagerWebhookBody(alerts),
                               "application/json", auth);
        ++log.deliveries;
        if (!res.ok() || res->status != 200) {
          log.error = res.ok() ? "status " + std::to_string(res->status) + ": " + res->body
                               : res.status().ToString();
          for (const auto& a : alerts) log.unanswered.push_back(a.fingerprint);
          return;
        }
        for (const auto& a : alerts) log.acknowledged.push_back(a.fingerprint);
        ++acks;
      }
    });
  }
  auto deadline = std::chrono::steady_clock::now() + seconds(60);
  while (acks.load() < kKillAfterAcks && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  const int acks_at_kill = acks.load();
  ExitStatus killed = server.process().Kill9();
  for (auto& t : senders) t.join();
  ASSERT_EQ(killed.signal, SIGKILL) << killed.ToString();
  ASSERT_GE(acks_at_kill, kKillAfterAcks) << "the senders were too slow";

  std::set<std::string> acknowledged;
  std::set<std::string> unanswered;
  for (unsigned t = 0; t < kSenders; ++t) {
    // Each sender was still sending when the server died: its last delivery failed.
    EXPECT_LT(logs[t].deliveries, kMaxDeliveries) << "sender " << t << " finished before the kill";
    EXPECT_FALSE(logs[t].error.empty()) << "sender " << t;
    EXPECT_EQ(logs[t].error.find("status "), std::string::npos)
        << "sender " << t << " got an error answer: " << logs[t].error;
    acknowledged.insert(logs[t].acknowledged.begin(), logs[t].acknowledged.end());
    unanswered.insert(logs[t].unanswered.begin(), logs[t].unanswered.end());
  }

  ExpectIntact(server, dir);
  Status restarted = server.Restart();
  ASSERT_TRUE(restarted.ok()) << restarted.ToString();
  // Deliveries acknowledged from the journal get their episodes after the restart.
  Status built = server.WaitForEpisodesBuilt();
  ASSERT_TRUE(built.ok()) << built.ToString();
  auto stored = EpisodeFingerprints(server, base);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  std::set<std::string> stored_set(stored->begin(), stored->end());
  EXPECT_EQ(stored_set.size(), stored->size()) << "an alert has more than one episode";
  size_t missing = 0;
  for (const auto& f : acknowledged) {
    if (!stored_set.count(f)) {
      if (++missing <= 10) ADD_FAILURE() << "acknowledged alert " << f << " lost in the crash";
    }
  }
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged alerts";
  // Nothing else: only the deliveries that were in flight may or may not have been committed.
  size_t in_flight_stored = 0;
  for (const auto& f : stored_set) {
    if (acknowledged.count(f)) continue;
    EXPECT_TRUE(unanswered.count(f)) << "episode for an alert never sent: " << f;
    ++in_flight_stored;
  }

  // The restarted service takes deliveries again.
  HttpClient client(server.port());
  auto res =
      client.Post("/webhooks/alertmanager", AlertmanagerWebhookBody(Delivery(99, 0, kAlerts, base)),
                  "application/json", auth);
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 200u) << res->body;

  ExitStatus stopped = server.process().Stop();
  EXPECT_TRUE(stopped.success()) << stopped.ToString() << "\n" << server.process().StderrTail();
  ExpectIntact(server, dir);
  std::printf(
      "[ durability ] killed after %d acknowledged deliveries (%zu alerts); %zu alerts were in "
      "flight, %zu of them stored\n",
      acks_at_kill, acknowledged.size(), unanswered.size(), in_flight_stored);
}

}  // namespace
}  // namespace nagame::testing
