// The group-commit writer thread.
#include "bot/ingest/ingest_queue.h"

#include <optional>

#include "bot/log.h"

namespace nagame::bot {

IngestQueue::IngestQueue(std::unique_ptr<storage::EventStore> store, IngestOptions options,
                         Metrics* metrics)
    : store_(std::move(store)), options_(std::move(options)), metrics_(metrics) {
  backlog_ = store_->JournalBacklog();
  if (!options_.clock) {
    options_.clock = [] {
      return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
    };
  }
}

IngestQueue::~IngestQueue() { Stop(); }

void IngestQueue::Start() {
  std::lock_guard lock(mu_);
  if (started_) return;
  started_ = true;
  last_sweep_ = Time{};  // sweep once at start: episodes may have gone quiet while we were down
  writer_ = std::thread([this] { Run(); });
}

void IngestQueue::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (writer_.joinable()) writer_.join();
  // Never started: complete anything queued so no submitter waits forever.
  std::deque<Item> left;
  {
    std::lock_guard lock(mu_);
    left.swap(queue_);
  }
  for (Item& item : left) item.done(Unavailable("ingest stopped"));
}

size_t IngestQueue::Pending() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

void IngestQueue::Submit(rules::Delivery delivery, Callback done) {
  {
    std::unique_lock lock(mu_);
    if (!stopping_ && queue_.size() < options_.queue_limit) {
      queue_.push_back({std::move(delivery), std::move(done), std::chrono::steady_clock::now()});
      lock.unlock();
      cv_.notify_one();
      return;
    }
  }
  done(Unavailable("ingest queue full or stopping"));
}

void IngestQueue::Run() {
  std::vector<Item> batch;
  std::optional<std::chrono::steady_clock::time_point> drain_until;
  for (;;) {
    // With a journal backlog there is work even when nobody waits: don't sleep.
    const bool idle_work =
        Backlog() > 0 && options_.idle_apply_budget > std::chrono::steady_clock::duration::zero();
    {
      std::unique_lock lock(mu_);
      const auto wait = idle_work ? std::chrono::seconds(0) : std::chrono::seconds(1);
      cv_.wait_for(lock, wait, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) {
        // Everything queued is committed; the journal keeps what is not built yet.
        if (!drain_until) drain_until = std::chrono::steady_clock::now() + options_.stop_drain;
        if (Backlog() == 0 || std::chrono::steady_clock::now() >= *drain_until) return;
      }
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    if (!batch.empty() || idle_work) CommitStep(batch);
    batch.clear();
    if (Backlog() == 0) MaybeSweep();
  }
}

void IngestQueue::CommitStep(std::vector<Item>& batch) {
  std::vector<const rules::Delivery*> deliveries;
  deliveries.reserve(batch.size());
  for (const Item& item : batch) deliveries.push_back(&item.delivery);
  std::vector<Status> outcomes;
  storage::IngestStepStats stats;
  const auto budget = batch.empty() ? options_.idle_apply_budget : options_.apply_budget;
  Status st = store_->IngestStep(deliveries, budget, &outcomes, &stats);
  backlog_.store(store_->JournalBacklog(), std::memory_order_relaxed);
  if (!st.ok()) {
    if (metrics_) metrics_->storage_errors.Add({"record"});
    LogError("ingest_commit_failed", {{"deliveries", batch.size()}, {"error", st.ToString()}});
  } else {
    Observe(stats);
  }
  if (stats.journal_failed > 0) {
    LogError("journal_entries_failed", {{"count", stats.journal_failed}});
  }
  if (batch.empty()) return;
  if (metrics_) metrics_->ingest_batch_size.Observe(static_cast<double>(batch.size()));
  auto now = std::chrono::steady_clock::now();
  for (size_t i = 0; i < batch.size(); ++i) {
    Status outcome =
        !st.ok() ? st : (i < outcomes.size() ? std::move(outcomes[i]) : Internal("no outcome"));
    if (metrics_) {
      metrics_->ingest_duration.Observe(
          std::chrono::duration<double>(now - batch[i].queued_at).count());
      if (outcome.ok()) {
        metrics_->alerts_ingested.Add({batch[i].delivery.source},
                                      static_cast<double>(batch[i].delivery.alerts.size()));
      }
    }
    batch[i].done(std::move(outcome));
  }
}

void IngestQueue::Observe(const storage::IngestStepStats& stats) {
  if (!metrics_) return;
  const storage::DeliveryOutcome& o = stats.episodes;
  metrics_->episode_actions.Add({"open"}, o.opened);
  metrics_->episode_actions.Add({"extend"}, o.extended);
  metrics_->episode_actions.Add({"reopen"}, o.reopened);
  metrics_->episode_actions.Add({"resolve"}, o.resolved);
  metrics_->episode_actions.Add({"record"}, o.recorded);
  metrics_->episode_actions.Add({"notify_only"}, o.notify_only);
  metrics_->episode_actions.Add({"expire"}, o.expired);
  metrics_->journal.Add({"journaled"}, stats.journaled);
  metrics_->journal.Add({"replayed"}, stats.replayed);
  metrics_->journal.Add({"failed"}, stats.journal_failed);
}

void IngestQueue::MaybeSweep() {
  Time now = options_.clock();
  if (now - last_sweep_ < options_.sweep_every) return;
  last_sweep_ = now;
  auto n = store_->ExpireStale(now, options_.expire_after);
  if (!n.ok()) {
    if (metrics_) metrics_->storage_errors.Add({"expire"});
    LogError("expire_sweep_failed", {{"error", n.status().ToString()}});
  } else if (*n > 0) {
    if (metrics_) metrics_->episode_actions.Add({"expire"}, static_cast<double>(*n));
    LogInfo("episodes_expired", {{"count", *n}});
  }
}

}  // namespace nagame::bot
