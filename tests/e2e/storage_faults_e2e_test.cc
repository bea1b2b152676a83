// Storage faults under the real nagame binary (issue 15, "Faults"), each injected through the
// kernel or SQLite's own locking while the server runs: the database locked by another process,
// the database or the ingest journal made read-only (the immutable flag: EPERM on every write,
// for root too), the journal deleted. For each: a webhook that cannot be stored durably is
// answered 503 with Retry-After, /readyz answers 503 naming the cause, the server resumes by
// itself once the fault clears, and every delivery answered 200 is stored exactly once (after a
// restart, with PRAGMA integrity_check ok on both files).
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "rules/time.h"
#include "storage/ingest_journal.h"
#include "tests/support/file_faults.h"
#include "tests/support/files.h"
#include "tests/support/http_client.h"
#include "tests/support/nagame_server.h"
#include "tests/support/prometheus_stack.h"

namespace nagame::testing {
namespace {

using std::chrono::seconds;
namespace fs = std::filesystem;

constexpr char kWebhook[] = "/webhooks/alertmanager";

// Undoes an injected fault. Errors: it could not be undone.
using ClearFault = std::function<Status()>;

struct FaultCase {
  const char* name;
  // Injects the fault into the running server's files and returns how to clear it.
  std::function<Result<ClearFault>(const NagameServer&)> inject;
  // A part of /readyz's error message while the fault lasts; empty: the server may have
  // repaired it before the probe (the journal deleted: a new one is opened within a second).
  std::string ready_cause;
  // Whether webhooks are refused (503) during the fault. false: they are still stored durably
  // (a read-only journal while nothing waits to be built: deliveries go straight to the event
  // store, ingest_queue.h) or the fault is repaired at once.
  bool webhooks_refused;
  bool needs_immutable;  // skipped, saying why, where the immutable flag cannot be set
};

fs::path Journal(const NagameServer& s) { return storage::JournalPathFor(s.database().string()); }

std::vector<fs::path> WithWal(const fs::path& file) {
  return {file, fs::path(file.string() + "-wal")};
}

Result<ClearFault> LockDatabase(const NagameServer& s) {
  // Another process (this test, not the server) takes the database's write lock and keeps it.
  auto other = std::make_shared<SQLite::Database>(s.database().string(), SQLite::OPEN_READWRITE);
  other->exec("BEGIN IMMEDIATE");
  return ClearFault([other] {
    other->exec("ROLLBACK");
    return Status::Ok();
  });
}

Result<ClearFault> MakeImmutable(const std::vector<fs::path>& files) {
  auto immutable = std::make_shared<ImmutableFiles>();
  NAGAME_RETURN_IF_ERROR(immutable->Set(files));
  return ClearFault([immutable] { return immutable->Clear(); });
}

Result<ClearFault> DeleteJournal(const NagameServer& s) {
  for (const std::string suffix : {"", "-wal", "-shm"}) {
    std::error_code ec;
    fs::remove(Journal(s).string() + suffix, ec);
    if (ec) return Unavailable("remove " + Journal(s).string() + suffix + ": " + ec.message());
  }
  return ClearFault([] { return Status::Ok(); });  // nothing to restore: the server repairs it
}

const FaultCase kFaults[] = {
    {"DatabaseLockedByAnotherProcess", LockDatabase, "database is locked", true, false},
    {"DatabaseReadOnly", [](const NagameServer& s) { return MakeImmutable(WithWal(s.database())); },
     "database file is not writable", true, true},
    {"JournalReadOnly", [](const NagameServer& s) { return MakeImmutable(WithWal(Journal(s))); },
     "ingest journal file is not writable", false, true},
    {"JournalDeleted", DeleteJournal, "", false, false},
};

// The "error" object of a JSON error answer, or an empty object.
nlohmann::json ErrorOf(const HttpResponse& res) {
  auto body = res.json();
  if (body.is_discarded() || !body.is_object() || !body.contains("error"))
    return nlohmann::json::object();
  return body["error"];
}

Time NowMillis() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

// Delivery `d`: two firing alerts with fingerprints of their own.
std::vector<TestAlert> Delivery(unsigned d, Time base) {
  std::vector<TestAlert> out;
  for (unsigned a = 0; a < 2; ++a) {
    char fp[32];
    std::snprintf(fp, sizeof fp, "%08x%08x", d + 1, a);
    TestAlert alert;
    alert.alertname = "StorageFault";
    alert.fingerprint = fp;
    alert.labels = {{"instance", "host-" + std::to_string(a)}, {"delivery", std::to_string(d)}};
    alert.starts_at = base + seconds(d) + std::chrono::milliseconds(a);
    out.push_back(std::move(alert));
  }
  return out;
}

class StorageFaultsE2eTest : public ::testing::TestWithParam<FaultCase> {
 protected:
  void SetUp() override {
    if (GetParam().needs_immutable && !CanSetImmutable(dir_.path())) {
      GTEST_SKIP() << "the immutable flag cannot be set here (needs CAP_LINUX_IMMUTABLE and "
                      "ext4, xfs or btrfs)";
    }
    NagameOptions options;
    options.dir = dir_.path();
    auto nagame = NagameServer::Start(options);
    ASSERT_TRUE(nagame.ok()) << nagame.status().ToString();
    server_ = std::move(nagame).value();
    auth_ = {{"Authorization", "Bearer " + server_->bearer_token()},
             {"Content-Type", "application/json"}};
  }

  // Posts delivery `d` on a fresh connection; remembers its fingerprints when answered 200.
  HttpResponse Post(unsigned d) {
    HttpClient client(server_->port());
    client.set_timeout(seconds(30));  // a locked database answers after its busy_timeout
    auto alerts = Delivery(d, base_);
    auto res = client.Send("POST", kWebhook, AlertmanagerWebhookBody(alerts), auth_);
    EXPECT_TRUE(res.ok()) << "delivery " << d << ": " << res.status().ToString();
    if (!res.ok()) return {};
    if (res->status == 200) {
      std::lock_guard lock(mu_);
      for (const auto& a : alerts) acknowledged_.insert(a.fingerprint);
    }
    return *res;
  }

  HttpResponse Readyz() {
    HttpClient client(server_->port());
    client.set_timeout(seconds(30));
    auto res = client.Get("/readyz");
    EXPECT_TRUE(res.ok()) << res.status().ToString();
    return res.ok() ? *res : HttpResponse{};
  }

  // Waits until /readyz answers 200. Returns its last answer.
  HttpResponse WaitReady(Duration timeout) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    HttpResponse res = Readyz();
    while (res.status != 200 && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      res = Readyz();
    }
    return res;
  }

  TempDir dir_;
  std::unique_ptr<NagameServer> server_;
  HttpHeaders auth_;
  const Time base_ = NowMillis() - std::chrono::minutes(30);
  std::mutex mu_;
  std::set<std::string> acknowledged_;  // fingerprints answered 200
};

TEST_P(StorageFaultsE2eTest, RefusesWhatItCannotStoreNamesTheCauseAndResumes) {
  const FaultCase& fault = GetParam();
  NagameServer& server = *server_;
  ASSERT_EQ(Post(0).status, 200u);

  auto clear = fault.inject(server);
  ASSERT_TRUE(clear.ok()) << clear.status().ToString();
  HttpResponse during = Post(1);
  if (fault.webhooks_refused) {
    EXPECT_EQ(during.status, 503u) << during.body;
    EXPECT_FALSE(during.header("Retry-After").empty()) << "503 without Retry-After";
    EXPECT_EQ(ErrorOf(during).value("code", ""), "unavailable") << during.body;
  } else {
    EXPECT_EQ(during.status, 200u) << during.body;
  }
  if (!fault.ready_cause.empty()) {
    HttpResponse ready = Readyz();
    EXPECT_EQ(ready.status, 503u) << ready.body;
    EXPECT_NE(ErrorOf(ready).value("message", "").find(fault.ready_cause), std::string::npos)
        << ready.body;
  }
  EXPECT_TRUE(server.process().Running()) << server.process().StderrTail();

  Status cleared = (*clear)();
  ASSERT_TRUE(cleared.ok()) << cleared.ToString();
  HttpResponse ready = WaitReady(seconds(15));
  EXPECT_EQ(ready.status, 200u) << ready.body << "\n" << server.process().StderrTail();

  // The sender's retry is stored, and so is a burst from four senders at once, which makes the
  // server journal deliveries (into a new journal file in the deleted case).
  EXPECT_EQ(Post(1).status, 200u);
  std::vector<std::thread> senders;
  for (unsigned t = 0; t < 4; ++t) {
    senders.emplace_back([this, t] {
      for (unsigned d = 0; d < 15; ++d) EXPECT_EQ(Post(100 + t * 100 + d).status, 200u);
    });
  }
  for (auto& sender : senders) sender.join();
  if (fault.name == std::string("JournalDeleted")) {
    EXPECT_TRUE(fs::exists(Journal(server))) << "no new journal was opened";
    EXPECT_FALSE(server.LogEvents("ingest_journal_reopened").empty())
        << server.process().StderrTail();
  }
  ASSERT_TRUE(server.WaitForEpisodesBuilt().ok());

  ExitStatus stopped = server.process().Stop();
  EXPECT_TRUE(stopped.success()) << stopped.ToString() << "\n" << server.process().StderrTail();
  Status restarted = server.Restart();
  ASSERT_TRUE(restarted.ok()) << restarted.ToString();
  std::string query = "from=" + UrlEncode(FormatRfc3339(base_ - std::chrono::hours(1))) +
                      "&to=" + UrlEncode(FormatRfc3339(base_ + std::chrono::hours(2))) +
                      "&limit=10000";
  auto episodes = server.Episodes(query);
  ASSERT_TRUE(episodes.ok()) << episodes.status().ToString();
  std::multiset<std::string> stored;
  for (const auto& e : *episodes) stored.insert(e.value("fingerprint", ""));
  EXPECT_EQ(std::set<std::string>(stored.begin(), stored.end()), acknowledged_);
  EXPECT_EQ(stored.size(), acknowledged_.size()) << "an acknowledged alert is missing or twice";

  ExitStatus exit = server.process().Stop();
  EXPECT_TRUE(exit.success()) << exit.ToString();
  for (const fs::path& file : {server.database(), Journal(server)}) {
    auto check = RunSqlite3(file, "PRAGMA integrity_check;", dir_.path());
    ASSERT_TRUE(check.ok()) << check.status().ToString();
    EXPECT_EQ(*check, "ok\n") << file;
  }
}

INSTANTIATE_TEST_SUITE_P(Faults, StorageFaultsE2eTest, ::testing::ValuesIn(kFaults),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace nagame::testing
