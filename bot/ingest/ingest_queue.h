// IngestQueue: the path from a parsed delivery to its acknowledgement and its episodes.
//
// Two threads, each the only writer of its own SQLite file:
//  - The acknowledger takes the queued deliveries in batches and commits each batch to the
//    ingest journal (storage::IngestJournal) in one transaction: one fsync for the batch
//    (group commit). Each submitter's callback runs after that commit. The commit writes a
//    few small rows, so acknowledgements do not wait for episodes.
//  - The builder turns journal entries into episodes (EventStore::ApplyJournal), in arrival
//    order, in large transactions of up to `apply_budget` each. It runs at a lower
//    scheduling priority than the rest of the process, so under a burst the CPU goes to
//    answering webhooks first; it catches up when the burst ends. A restart resumes from the
//    event store's built-through mark.
// While the builder is idle and has nothing left to build (any steady, ordinary load), a
// batch skips the journal: the builder applies it straight to the event store
// (EventStore::RecordBatch) and the callbacks run after that commit. An acknowledged
// delivery's episodes are then readable at once.
//
// If the journal file is deleted or replaced while running, appends are refused (kUnavailable)
// until every entry of the old file is built; then a new journal is opened at the path and
// ingest resumes by itself (ingest_journal_moved / ingest_journal_reopened in the log).
//
// Thread-safe. The builder also runs the periodic expiry sweep (design §3), only while nothing
// waits to be built (an entry waiting may be the news that keeps an episode open).
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

#include "bot/metrics/metrics.h"
#include "rules/alert_event.h"
#include "rules/clock.h"
#include "storage/event_store.h"
#include "storage/ingest_journal.h"

namespace nagame::bot {

struct IngestOptions {
  size_t max_batch = 512;      // deliveries per acknowledging commit at most
  size_t queue_limit = 10000;  // deliveries waiting at most; beyond, Submit refuses (503)
  Duration expire_after = std::chrono::hours(12);
  Duration sweep_every = std::chrono::minutes(1);
  // The longest one episode-building transaction runs (entries are read in chunks of
  // `apply_chunk`). Larger transactions write fewer WAL pages per alert.
  std::chrono::steady_clock::duration apply_budget = std::chrono::milliseconds(100);
  size_t apply_chunk = 256;
  // On Stop, keep building episodes from the journal for at most this long (what is left
  // is built after the next start).
  std::chrono::steady_clock::duration stop_drain = std::chrono::seconds(5);
  // How much the builder thread yields to the others (Linux nice increment, 0..19; a
  // real-time policy inherited from the process is dropped for it as well). Even at 19 it
  // takes every cycle nobody else wants; under a burst the acknowledgements come first.
  int builder_nice = 19;
  // Whether a batch that arrives while nothing waits to be built is applied straight to the
  // event store (see above). false: every delivery goes through the journal.
  bool direct_when_idle = true;
  // Sustained overload (deliveries arriving faster than their episodes are built, or the
  // builder failing): once the journal entries waiting to be built hold more than
  // `journal_limit` payload bytes, or the oldest of them has waited longer than
  // `backlog_age_limit`, Submit refuses with kUnavailable (webhooks answer 503 with
  // Retry-After; senders retry later) until the builder is back under both. Everything already
  // acknowledged stays in the journal and is built. Bounds the journal file (whose pages are
  // reused, never returned) well before the disk fills. Defaults 256 MiB (about a million
  // typical deliveries) and 10 minutes (episodes that late no longer help anyone).
  size_t journal_limit = size_t{256} << 20;
  std::chrono::steady_clock::duration backlog_age_limit = std::chrono::minutes(10);
  Clock clock;  // empty: SystemNow
};

// The three connections the queue owns.
struct IngestStores {
  std::unique_ptr<storage::EventStore> episodes;           // the builder's
  std::unique_ptr<storage::IngestJournal> journal;         // the acknowledger's
  std::unique_ptr<storage::IngestJournal> journal_reader;  // the builder's reads

  // Opens them for the event store at `store.path` and its journal (JournalPathFor); the
  // options apply to the event store connection, the journal connections take the same
  // busy timeout and autocheckpoint threshold. Errors: as EventStore::Open/IngestJournal::Open.
  static Result<IngestStores> Open(const storage::StoreOptions& store);
};

class IngestQueue {
 public:
  // OK once the delivery is durable; kInvalidArgument (naming the field) if it was refused;
  // kUnavailable when storage failed, the queue is full or stopped, or the journal is over a
  // limit (journal_limit, backlog_age_limit).
  using Outcome = Status;
  using Callback = std::function<void(Outcome)>;

  // Takes ownership of the stores (none null). Reads the built-through mark and the backlog;
  // errors as the stores' (kUnavailable). `metrics` may be null; it must outlive the queue.
  static Result<std::unique_ptr<IngestQueue>> Create(IngestStores stores, IngestOptions options,
                                                     Metrics* metrics);
  ~IngestQueue();  // Stop()s

  void Start();
  // Stops taking deliveries, commits everything already queued, builds the journal's
  // episodes for at most `stop_drain`, then joins both threads.
  void Stop();

  // Queues `delivery`; `done` is called exactly once, on a writer thread, after commit
  // (or with kUnavailable when storage failed, the queue is full or stopped). Over a journal
  // limit `done` is called at once, on the calling thread, with kUnavailable; the first refusal
  // logs "ingest_refusing" with the reason, the first acceptance after it "ingest_accepting",
  // and each refusal counts in nagame_ingest_journal_total{event="refused_<limit>"}.
  void Submit(rules::Delivery delivery, Callback done);

  // Asio form: completes with the Outcome on the handler's associated executor.
  template <typename CompletionToken>
  auto AsyncSubmit(rules::Delivery delivery, CompletionToken&& token) {
    return boost::asio::async_initiate<CompletionToken, void(Outcome)>(
        [this](auto handler, rules::Delivery d) {
          auto work = boost::asio::make_work_guard(boost::asio::get_associated_executor(handler));
          auto shared = std::make_shared<decltype(handler)>(std::move(handler));
          Submit(std::move(d), [shared, work](Outcome outcome) mutable {
            auto ex = work.get_executor();
            boost::asio::post(ex, [shared, outcome = std::move(outcome)]() mutable {
              (*shared)(std::move(outcome));
            });
            work.reset();
          });
        },
        token, std::move(delivery));
  }

  size_t Pending() const;
  // Acknowledged deliveries whose episodes are not built yet.
  int64_t Backlog() const { return backlog_.load(std::memory_order_relaxed); }
  // Payload bytes of the journal entries waiting to be built (what journal_limit bounds).
  size_t JournalBytes() const;

 private:
  // One journal append whose entries are not all built yet.
  struct Journaled {
    int64_t last_id;
    size_t bytes;
    std::chrono::steady_clock::time_point at;
  };
  struct Item {
    rules::Delivery delivery;
    Callback done;
    std::chrono::steady_clock::time_point queued_at;
  };
  IngestQueue(IngestStores stores, IngestOptions options, Metrics* metrics);

  void Acknowledge();  // the acknowledger thread
  // When the journal file was deleted or replaced under the running queue (appends are refused
  // then, storage::IngestJournal::Append) and everything appended to the old file is built:
  // opens a new journal at the path for both journal connections. Acknowledger thread only.
  void ReopenMovedJournal(int64_t* released);
  void Build();  // the builder thread
  // Answers every item of `batch`; returns the id through which the journal was released on
  // the way (0 when it was not).
  int64_t AcknowledgeBatch(std::vector<Item>& batch);
  void Complete(std::vector<Item>& batch, const std::vector<Status>& outcomes);
  void BuildDirect(std::vector<Item>& batch);
  void BuildFromJournal();
  void ReplayLegacy();
  // After the event store failed: counts and logs it, then waits kBuildRetry. Returns true
  // when the queue is stopping (no point in retrying).
  bool WaitAfterBuildFailure(const Status& st);
  // After journal entries were built (or set aside): the backlog, metrics and a log line.
  void CountBuilt(const storage::JournalApplyStats& stats);
  void Observe(const storage::JournalApplyStats& stats);
  void MaybeSweep();
  // Drops the appends built through built_through_ from waiting_. REQUIRES: mu_ held.
  void ForgetBuiltLocked();
  // The journal limit Submit is over now ("journal_limit", "backlog_age_limit"), or "" when
  // none. REQUIRES: mu_ held.
  std::string_view OverLimitLocked(std::chrono::steady_clock::time_point now) const;

  IngestStores stores_;
  IngestOptions options_;
  Metrics* metrics_;
  std::atomic<int64_t> backlog_{0};
  Time last_sweep_{};

  mutable std::mutex mu_;
  std::condition_variable ack_cv_;    // the acknowledger: deliveries queued, or stopping
  std::condition_variable build_cv_;  // the builder: work handed over, or stopping
  std::deque<Item> queue_;
  bool stopping_ = false;
  bool started_ = false;
  bool acknowledger_done_ = false;
  // Guarded by mu_: the journal's last appended id and the last built one; a batch handed to
  // the builder to apply directly; whether the builder is between pieces of work.
  int64_t journaled_through_ = 0;
  int64_t built_through_ = 0;
  std::vector<Item> direct_;
  bool builder_idle_ = false;
  // Guarded by mu_: the appends not built yet, oldest first, with their payload bytes in total;
  // the limit Submit last found the journal over ("" when none).
  std::deque<Journaled> waiting_;
  size_t waiting_bytes_ = 0;
  std::string_view refusing_;
  bool journal_moved_logged_ = false;  // acknowledger thread only
  std::thread acknowledger_;
  std::thread builder_;
};

}  // namespace nagame::bot
