// Tests for the group-commit writer: outcomes per delivery, batching, back-pressure, drain
// on stop, and the expiry sweep.
#include "bot/ingest/ingest_queue.h"

#include <SQLiteCpp/SQLiteCpp.h>  // only to hold the write lock the way another process could
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <future>

#include "tests/support/files.h"

namespace nagame::bot {
namespace {

using nagame::testing::TempDir;

Time At(const char* rfc3339) { return **ParseRfc3339(rfc3339); }

rules::Delivery FiringDelivery(int id, Time starts_at) {
  rules::Delivery d;
  d.source = "alertmanager";
  d.receiver = "r";
  d.group_key = "g" + std::to_string(id);
  d.received_at = starts_at;
  rules::AlertEvent a;
  a.rule = "Rule" + std::to_string(id % 3);
  a.labels = {{"alertname", a.rule}, {"instance", "host-" + std::to_string(id)}};
  a.fingerprint = rules::FingerprintOf("alertmanager", a.labels);
  a.starts_at = starts_at;
  d.alerts.push_back(a);
  return d;
}

// Options whose clock stands five minutes after the deliveries' time: on the system clock the
// expiry sweep would end these episodes once the fixed dates are 12 h in the past.
IngestOptions Options() {
  IngestOptions o;
  o.clock = [] { return At("2026-11-28T20:05:00Z"); };
  return o;
}

// A queue on the event store in `dir` and its journal.
std::unique_ptr<IngestQueue> MakeQueue(const TempDir& dir, IngestOptions options,
                                       Metrics* metrics) {
  storage::StoreOptions o;
  o.path = (dir / "nagame.db").string();
  auto stores = IngestStores::Open(o);
  EXPECT_TRUE(stores.ok()) << stores.status().ToString();
  auto queue = IngestQueue::Create(std::move(stores).value(), std::move(options), metrics);
  EXPECT_TRUE(queue.ok()) << queue.status().ToString();
  return std::move(queue).value();
}

std::unique_ptr<storage::EventStore> OpenStore(const TempDir& dir) {
  storage::StoreOptions o;
  o.path = (dir / "nagame.db").string();
  auto s = storage::EventStore::Open(o);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return std::move(s).value();
}

TEST(IngestQueue, EverySubmitterGetsItsOwnCommittedOutcome) {
  TempDir dir;
  Metrics metrics;
  auto owned = MakeQueue(dir, Options(), &metrics);
  IngestQueue& queue = *owned;
  queue.Start();
  constexpr int kDeliveries = 300;
  std::vector<std::promise<IngestQueue::Outcome>> promises(kDeliveries);
  std::vector<std::thread> submitters;
  for (int t = 0; t < 3; ++t) {
    submitters.emplace_back([&, t] {
      for (int i = t; i < kDeliveries; i += 3) {
        queue.Submit(
            FiringDelivery(i, At("2026-11-28T20:00:00Z")),
            [&promises, i](IngestQueue::Outcome o) { promises[i].set_value(std::move(o)); });
      }
    });
  }
  for (auto& t : submitters) t.join();
  for (auto& p : promises) {
    auto outcome = p.get_future().get();
    ASSERT_TRUE(outcome.ok()) << outcome.ToString();
  }
  queue.Stop();
  EXPECT_EQ(metrics.alerts_ingested.Value({"alertmanager"}), kDeliveries);
  EXPECT_EQ(metrics.episode_actions.Value({"open"}), kDeliveries);
  // Concurrent submitters were committed together at least once (group commit).
  EXPECT_LT(metrics.ingest_batch_size.Count(), static_cast<uint64_t>(kDeliveries));

  auto reader = OpenStore(dir);
  auto open = reader->CountOpenEpisodes();
  ASSERT_TRUE(open.ok());
  EXPECT_EQ(*open, kDeliveries);
}

TEST(IngestQueue, FullQueueRefusesWithUnavailable) {
  TempDir dir;
  IngestOptions options = Options();
  options.queue_limit = 0;
  auto queue = MakeQueue(dir, options, nullptr);
  queue->Start();
  std::promise<IngestQueue::Outcome> p;
  queue->Submit(FiringDelivery(1, At("2026-11-28T20:00:00Z")),
                [&p](IngestQueue::Outcome o) { p.set_value(std::move(o)); });
  auto outcome = p.get_future().get();
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.code(), Code::kUnavailable);
}

TEST(IngestQueue, StopCommitsWhatIsQueued) {
  TempDir dir;
  std::atomic<int> ok{0};
  {
    auto queue = MakeQueue(dir, Options(), nullptr);
    for (int i = 0; i < 50; ++i) {  // queued before the writer even starts
      queue->Submit(FiringDelivery(i, At("2026-11-28T20:00:00Z")),
                    [&ok](IngestQueue::Outcome o) { ok += o.ok(); });
    }
    queue->Start();
    queue->Stop();
  }
  EXPECT_EQ(ok.load(), 50);
  auto open = OpenStore(dir)->CountOpenEpisodes();
  ASSERT_TRUE(open.ok());
  EXPECT_EQ(*open, 50);
}

// Submits `n` deliveries and waits for every acknowledgement; returns how many were OK.
int SubmitAndWait(IngestQueue& queue, int n) {
  std::vector<std::promise<IngestQueue::Outcome>> promises(n);
  for (int i = 0; i < n; ++i) {
    queue.Submit(FiringDelivery(i, At("2026-11-28T20:00:00Z")),
                 [&promises, i](IngestQueue::Outcome o) { promises[i].set_value(std::move(o)); });
  }
  int ok = 0;
  for (auto& p : promises) ok += p.get_future().get().ok();
  return ok;
}

// Polls until the open-episode count reaches `want` (at most 10 s); returns the last count.
int64_t WaitForOpenEpisodes(const TempDir& dir, int64_t want) {
  auto reader = OpenStore(dir);
  int64_t open = -1;
  for (int i = 0; i < 200 && open != want; ++i) {
    if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto n = reader->CountOpenEpisodes();
    if (n.ok()) open = *n;
  }
  return open;
}

// The journal file deleted under a running queue: appends to the deleted file are refused
// (they would be lost at the next start), a new journal is opened at the path once the old one
// is built, and every acknowledged delivery becomes an episode, also when the queue stops
// without building (stop_drain 0) and the next one builds from the new file.
TEST(IngestQueue, DeletedJournalIsReplacedAndNothingAcknowledgedIsLost) {
  TempDir dir;
  IngestOptions options = Options();
  options.direct_when_idle = false;  // every delivery through the journal
  options.stop_drain = std::chrono::seconds(0);
  const std::string journal = storage::JournalPathFor((dir / "nagame.db").string());
  auto queue = MakeQueue(dir, options, nullptr);
  queue->Start();
  ASSERT_EQ(SubmitAndWait(*queue, 20), 20);
  for (const std::string suffix : {"", "-wal", "-shm"}) std::filesystem::remove(journal + suffix);

  // Each delivery as a sender would: retried after a refusal, for up to 10 s.
  int refused = 0;
  for (int i = 20; i < 60; ++i) {
    for (int attempt = 0;; ++attempt) {
      std::promise<IngestQueue::Outcome> p;
      queue->Submit(FiringDelivery(i, At("2026-11-28T20:00:00Z")),
                    [&p](IngestQueue::Outcome o) { p.set_value(std::move(o)); });
      IngestQueue::Outcome outcome = p.get_future().get();
      if (outcome.ok()) break;
      ASSERT_EQ(outcome.code(), Code::kUnavailable) << outcome.ToString();
      ASSERT_LT(attempt, 200) << "still refused: " << outcome.ToString();
      ++refused;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  EXPECT_TRUE(std::filesystem::exists(journal)) << "no new journal was opened";
  queue->Stop();
  queue.reset();
  std::printf("[ journal ] %d refusals before the new journal\n", refused);

  auto next = MakeQueue(dir, Options(), nullptr);
  next->Start();
  EXPECT_EQ(WaitForOpenEpisodes(dir, 60), 60);
  next->Stop();
}

TEST(IngestQueue, IdleQueueAcknowledgesWithTheEpisodesAlreadyBuilt) {
  TempDir dir;
  Metrics metrics;
  auto queue = MakeQueue(dir, Options(), &metrics);
  queue->Start();
  auto reader = OpenStore(dir);
  for (int i = 0; i < 3; ++i) {
    std::promise<IngestQueue::Outcome> p;
    queue->Submit(FiringDelivery(i, At("2026-11-28T20:00:00Z")),
                  [&p](IngestQueue::Outcome o) { p.set_value(std::move(o)); });
    ASSERT_TRUE(p.get_future().get().ok());
    EXPECT_EQ(*reader->CountOpenEpisodes(), i + 1);  // readable as soon as acknowledged
  }
  EXPECT_EQ(metrics.journal.Value({"journaled"}), 0);
  queue->Stop();
}

TEST(IngestQueue, JournalledDeliveriesAreBuiltInTheBackground) {
  TempDir dir;
  Metrics metrics;
  IngestOptions options = Options();
  options.direct_when_idle = false;  // every delivery through the journal
  auto queue = MakeQueue(dir, options, &metrics);
  queue->Start();
  ASSERT_EQ(SubmitAndWait(*queue, 40), 40);
  EXPECT_EQ(metrics.journal.Value({"journaled"}), 40);
  EXPECT_NE(metrics.Render().find("nagame_ingest_journal_total{event=\"journaled\"} 40\n"),
            std::string::npos);
  EXPECT_EQ(WaitForOpenEpisodes(dir, 40), 40);
  for (int i = 0; i < 100 && queue->Backlog() != 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(queue->Backlog(), 0);
  EXPECT_EQ(metrics.journal.Value({"replayed"}), 40);
  EXPECT_EQ(metrics.episode_actions.Value({"open"}), 40);
  // Built entries leave the journal file even with no delivery coming to carry the release.
  auto journal =
      storage::IngestJournal::Open({.path = storage::JournalPathFor((dir / "nagame.db").string())});
  ASSERT_TRUE(journal.ok());
  int64_t left = -1;
  for (int i = 0; i < 100 && left != 0; ++i) {
    if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    left = *(*journal)->CountAfter(0);
  }
  EXPECT_EQ(left, 0);
  queue->Stop();
}

TEST(IngestQueue, InvalidDeliveryIsRefusedAndNeverJournalled) {
  TempDir dir;
  Metrics metrics;
  IngestOptions options = Options();
  options.direct_when_idle = false;
  auto queue = MakeQueue(dir, options, &metrics);
  queue->Start();
  rules::Delivery bad = FiringDelivery(1, At("2026-11-28T20:00:00Z"));
  bad.alerts[0].fingerprint.clear();
  std::promise<IngestQueue::Outcome> p;
  queue->Submit(std::move(bad), [&p](IngestQueue::Outcome o) { p.set_value(std::move(o)); });
  IngestQueue::Outcome outcome = p.get_future().get();
  EXPECT_EQ(outcome.code(), Code::kInvalidArgument);
  EXPECT_EQ(outcome.field(), "alerts[0].fingerprint");
  EXPECT_EQ(metrics.journal.Value({"journaled"}), 0);
  queue->Stop();
}

// Submits one delivery and returns its outcome.
IngestQueue::Outcome SubmitOne(IngestQueue& queue, int id) {
  std::promise<IngestQueue::Outcome> p;
  queue.Submit(FiringDelivery(id, At("2026-11-28T20:00:00Z")),
               [&p](IngestQueue::Outcome o) { p.set_value(std::move(o)); });
  return p.get_future().get();
}

// With the event store locked (the builder stuck), one delivery goes into the journal and puts
// it over `options`' limit named `reason`: the next is refused, the journal keeps the first;
// once the lock goes and the builder catches up, deliveries are accepted again by themselves.
void ExpectRefusalUntilTheBuilderCatchesUp(IngestOptions options, const std::string& reason) {
  TempDir dir;
  Metrics metrics;
  options.direct_when_idle = false;  // every delivery through the journal
  auto queue = MakeQueue(dir, options, &metrics);
  SQLite::Database other((dir / "nagame.db").string(), SQLite::OPEN_READWRITE);
  other.exec("BEGIN IMMEDIATE");
  queue->Start();

  ASSERT_TRUE(SubmitOne(*queue, 1).ok());  // acknowledged: in the journal
  EXPECT_GT(queue->JournalBytes(), 0u);
  IngestQueue::Outcome refused = SubmitOne(*queue, 2);
  EXPECT_EQ(refused.code(), Code::kUnavailable);
  EXPECT_NE(refused.message().find(reason), std::string::npos) << refused.ToString();
  EXPECT_EQ(metrics.journal.Value({"refused_" + reason}), 1);

  other.exec("ROLLBACK");
  IngestQueue::Outcome later = refused;
  for (int i = 0; i < 200 && !later.ok(); ++i) {  // at most ~10 s
    if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    later = SubmitOne(*queue, 3);
  }
  EXPECT_TRUE(later.ok()) << later.ToString();
  EXPECT_EQ(WaitForOpenEpisodes(dir, 2), 2);
  queue->Stop();
  auto counts = OpenStore(dir)->CountRows();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->episodes, 2);  // deliveries 1 and 3; the refused one was never stored
  EXPECT_EQ(queue->JournalBytes(), 0u);
}

TEST(IngestQueue, JournalOverItsSizeLimitRefusesUntilTheBuilderCatchesUp) {
  IngestOptions options = Options();
  options.journal_limit = 1;  // one delivery is over it
  ExpectRefusalUntilTheBuilderCatchesUp(options, "journal_limit");
}

TEST(IngestQueue, BacklogOverItsAgeLimitRefusesUntilTheBuilderCatchesUp) {
  IngestOptions options = Options();
  options.backlog_age_limit = std::chrono::seconds(0);  // any entry waiting is too old
  ExpectRefusalUntilTheBuilderCatchesUp(options, "backlog_age_limit");
}

// Deliveries acknowledged into the journal whose episodes were never built (the process died
// first) are built by the next queue on the same files, exactly once.
TEST(IngestQueue, JournalLeftByACrashIsBuiltAfterRestart) {
  TempDir dir;
  storage::StoreOptions o;
  o.path = (dir / "nagame.db").string();
  {
    ASSERT_TRUE(storage::EventStore::Open(o).ok());  // the event store exists, mark 0
    auto journal = storage::IngestJournal::Open({.path = storage::JournalPathFor(o.path)});
    ASSERT_TRUE(journal.ok()) << journal.status().ToString();
    std::vector<rules::Delivery> deliveries;
    for (int i = 0; i < 25; ++i)
      deliveries.push_back(FiringDelivery(i, At("2026-11-28T20:00:00Z")));
    std::vector<const rules::Delivery*> pointers;
    for (const auto& d : deliveries) pointers.push_back(&d);
    int64_t last = 0;
    ASSERT_TRUE((*journal)->Append(pointers, 0, &last).ok());
  }
  {
    auto queue = MakeQueue(dir, Options(), nullptr);
    EXPECT_EQ(queue->Backlog(), 25);
    queue->Start();
    EXPECT_EQ(WaitForOpenEpisodes(dir, 25), 25);
    queue->Stop();
    EXPECT_EQ(queue->Backlog(), 0);
  }
  auto again = MakeQueue(dir, Options(), nullptr);  // built entries are not built twice
  EXPECT_EQ(again->Backlog(), 0);
  again->Start();
  again->Stop();
  auto counts = OpenStore(dir)->CountRows();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->episodes, 25);
  EXPECT_EQ(counts->notifications, 25);
}

TEST(IngestQueue, SweepExpiresQuietEpisodes) {
  TempDir dir;
  std::atomic<int64_t> now_ns{ToUnixNanos(At("2026-11-28T20:00:00Z"))};
  IngestOptions options = Options();
  options.expire_after = std::chrono::hours(12);
  options.sweep_every = std::chrono::seconds(0);
  options.clock = [&now_ns] { return FromUnixNanos(now_ns.load()); };
  auto queue = MakeQueue(dir, options, nullptr);
  queue->Start();
  std::promise<IngestQueue::Outcome> p;
  queue->Submit(FiringDelivery(1, At("2026-11-28T20:00:00Z")),
                [&p](IngestQueue::Outcome o) { p.set_value(std::move(o)); });
  ASSERT_TRUE(p.get_future().get().ok());
  now_ns = ToUnixNanos(At("2026-11-29T09:00:00Z"));  // 13 h later
  auto reader = OpenStore(dir);
  for (int i = 0; i < 50; ++i) {  // the writer sweeps at least once a second
    auto open = reader->CountOpenEpisodes();
    ASSERT_TRUE(open.ok());
    if (*open == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  auto episodes = reader->FindEpisodes({});
  ASSERT_TRUE(episodes.ok());
  ASSERT_EQ(episodes->size(), 1u);
  EXPECT_EQ((*episodes)[0].state, rules::EpisodeState::kExpired);
  ASSERT_TRUE((*episodes)[0].ends_at.has_value());
  EXPECT_EQ(*(*episodes)[0].ends_at, At("2026-11-28T20:00:00Z"));
  queue->Stop();
}

}  // namespace
}  // namespace nagame::bot
