// IngestQueue: the single storage writer. Parsed deliveries from any thread queue up; one
// writer thread commits them in batches (one transaction, one fsync: group commit) and
// completes every submitter with its own outcome only after its commit.
//
// Each commit is an EventStore::IngestStep: while the writer keeps up, deliveries become
// episodes before they are acknowledged; under a burst it acknowledges them once they are in
// the durable ingest journal and builds their episodes in the following steps (in order, within
// `apply_budget` per step, so acknowledgements never wait long). Backlog() says how far behind
// the episodes are; a restart resumes from the journal.
//
// Thread-safe. Also runs the periodic expiry sweep (design §3) on the same connection, only
// while the journal is empty (an entry waiting may be the news that keeps an episode open).
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

#include "bot/metrics/metrics.h"
#include "rules/alert_event.h"
#include "storage/event_store.h"

namespace nagame::bot {

struct IngestOptions {
  size_t max_batch = 512;      // deliveries per transaction at most
  size_t queue_limit = 10000;  // deliveries waiting at most; beyond, Submit refuses (503)
  Duration expire_after = std::chrono::hours(12);
  Duration sweep_every = std::chrono::minutes(1);
  // Time per commit spent building episodes while deliveries wait to be acknowledged, and
  // while none wait (the journal is drained in steps of this).
  std::chrono::steady_clock::duration apply_budget = std::chrono::milliseconds(4);
  std::chrono::steady_clock::duration idle_apply_budget = std::chrono::milliseconds(20);
  // On Stop, keep building episodes from the journal for at most this long (what is left
  // is built after the next start).
  std::chrono::steady_clock::duration stop_drain = std::chrono::seconds(5);
  std::function<Time()> clock;  // default: system clock
};

class IngestQueue {
 public:
  // OK once the delivery is durable; kInvalidArgument (naming the field) if it was refused;
  // kUnavailable when storage failed, the queue is full or stopped.
  using Outcome = Status;
  using Callback = std::function<void(Outcome)>;

  // Takes ownership of the writer store. `metrics` may be null; it must outlive the queue.
  IngestQueue(std::unique_ptr<storage::EventStore> store, IngestOptions options, Metrics* metrics);
  ~IngestQueue();  // Stop()s

  void Start();
  // Stops taking deliveries, commits everything already queued, builds the journal's
  // episodes for at most `stop_drain`, then joins the writer.
  void Stop();

  // Queues `delivery`; `done` is called exactly once, on the writer thread, after commit
  // (or with kUnavailable when storage failed, the queue is full or stopped).
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
  // Journal entries whose episodes are not built yet.
  int64_t Backlog() const { return backlog_.load(std::memory_order_relaxed); }

 private:
  struct Item {
    rules::Delivery delivery;
    Callback done;
    std::chrono::steady_clock::time_point queued_at;
  };
  void Run();
  void CommitStep(std::vector<Item>& batch);
  void Observe(const storage::IngestStepStats& stats);
  void MaybeSweep();

  std::unique_ptr<storage::EventStore> store_;
  IngestOptions options_;
  Metrics* metrics_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Item> queue_;
  bool stopping_ = false;
  bool started_ = false;
  std::thread writer_;
  Time last_sweep_{};
  std::atomic<int64_t> backlog_{0};
};

}  // namespace nagame::bot
