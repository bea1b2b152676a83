// The acknowledger and builder threads.
#include "bot/ingest/ingest_queue.h"

#include <algorithm>
#include <optional>

#include "bot/ingest/thread_priority.h"
#include "bot/log.h"
#include "rules/clock.h"

namespace nagame::bot {
namespace {

using SteadyClock = std::chrono::steady_clock;

// How long the builder waits before trying again after the event store failed.
constexpr auto kBuildRetry = std::chrono::seconds(1);

}  // namespace

Result<IngestStores> IngestStores::Open(const storage::StoreOptions& store) {
  IngestStores stores;
  NAGAME_ASSIGN_OR_RETURN(stores.episodes, storage::EventStore::Open(store));
  storage::StoreOptions journal;
  journal.path = storage::JournalPathFor(store.path);
  journal.busy_timeout = store.busy_timeout;
  journal.wal_autocheckpoint_pages = store.wal_autocheckpoint_pages;
  NAGAME_ASSIGN_OR_RETURN(stores.journal, storage::IngestJournal::Open(journal));
  NAGAME_ASSIGN_OR_RETURN(stores.journal_reader, storage::IngestJournal::Open(journal));
  return stores;
}

Result<std::unique_ptr<IngestQueue>> IngestQueue::Create(IngestStores stores, IngestOptions options,
                                                         Metrics* metrics) {
  NAGAME_ASSIGN_OR_RETURN(const int64_t built, stores.episodes->JournalAppliedThrough());
  NAGAME_ASSIGN_OR_RETURN(const int64_t newest, stores.journal->ResumeAfter(built));
  NAGAME_ASSIGN_OR_RETURN(const int64_t waiting, stores.journal_reader->CountAfter(built));
  NAGAME_ASSIGN_OR_RETURN(const int64_t bytes, stores.journal_reader->BytesAfter(built));
  const int64_t legacy = stores.episodes->LegacyJournalBacklog();
  std::unique_ptr<IngestQueue> queue(
      new IngestQueue(std::move(stores), std::move(options), metrics));
  queue->built_through_ = built;
  queue->journaled_through_ = newest;
  queue->backlog_ = waiting + legacy;
  queue->builder_idle_ = waiting == 0 && legacy == 0;
  if (waiting > 0) {  // left by the last run: counts against the limits from now
    queue->waiting_.push_back({newest, static_cast<size_t>(bytes), SteadyClock::now()});
    queue->waiting_bytes_ = static_cast<size_t>(bytes);
  }
  return queue;
}

IngestQueue::IngestQueue(IngestStores stores, IngestOptions options, Metrics* metrics)
    : stores_(std::move(stores)), options_(std::move(options)), metrics_(metrics) {
  if (!options_.clock) options_.clock = SystemNow;
}

IngestQueue::~IngestQueue() { Stop(); }

void IngestQueue::Start() {
  std::lock_guard lock(mu_);
  if (started_ || stopping_) return;
  started_ = true;
  last_sweep_ = Time{};  // sweep once at start: episodes may have gone quiet while we were down
  acknowledger_ = std::thread([this] { Acknowledge(); });
  builder_ = std::thread([this] { Build(); });
}

void IngestQueue::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  ack_cv_.notify_all();
  if (acknowledger_.joinable()) acknowledger_.join();  // everything queued is now journaled
  {
    std::lock_guard lock(mu_);
    acknowledger_done_ = true;
  }
  build_cv_.notify_all();
  if (builder_.joinable()) builder_.join();
  // Never started: complete anything queued so no submitter waits forever.
  std::vector<Item> left;
  {
    std::lock_guard lock(mu_);
    left.swap(direct_);
    for (Item& item : queue_) left.push_back(std::move(item));
    queue_.clear();
  }
  for (Item& item : left) item.done(Unavailable("ingest stopped"));
}

size_t IngestQueue::Pending() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

size_t IngestQueue::JournalBytes() const {
  std::lock_guard lock(mu_);
  return waiting_bytes_;
}

void IngestQueue::Submit(rules::Delivery delivery, Callback done) {
  std::string_view over;
  bool changed = false;
  bool queued = false;
  size_t bytes = 0;
  {
    std::unique_lock lock(mu_);
    over = OverLimitLocked(SteadyClock::now());
    changed = over != refusing_;
    refusing_ = over;
    bytes = waiting_bytes_;
    if (!stopping_ && over.empty() && queue_.size() < options_.queue_limit) {
      queue_.push_back({std::move(delivery), std::move(done), SteadyClock::now()});
      queued = true;
    }
  }
  if (queued) ack_cv_.notify_one();
  if (changed && over.empty()) {
    LogInfo("ingest_accepting", {{"journal_bytes", bytes}, {"backlog", Backlog()}});
  } else if (changed) {
    LogWarn("ingest_refusing",
            {{"reason", over}, {"journal_bytes", bytes}, {"backlog", Backlog()}});
  }
  if (queued) return;
  if (over.empty()) {
    done(Unavailable("ingest queue full or stopping"));
    return;
  }
  if (metrics_) metrics_->journal.Add({"refused_" + std::string(over)});
  done(Unavailable("ingest journal over its " + std::string(over)));
}

void IngestQueue::ForgetBuiltLocked() {
  while (!waiting_.empty() && waiting_.front().last_id <= built_through_) {
    waiting_bytes_ -= waiting_.front().bytes;
    waiting_.pop_front();
  }
}

std::string_view IngestQueue::OverLimitLocked(SteadyClock::time_point now) const {
  if (waiting_bytes_ > options_.journal_limit) return "journal_limit";
  if (!waiting_.empty() && now - waiting_.front().at > options_.backlog_age_limit) {
    return "backlog_age_limit";
  }
  return {};
}

void IngestQueue::Acknowledge() {
  std::vector<Item> batch;
  int64_t released = 0;  // the journal holds no built entry up to here
  for (;;) {
    int64_t built = 0;
    {
      std::unique_lock lock(mu_);
      ack_cv_.wait_for(lock, std::chrono::seconds(1),
                       [this] { return stopping_ || !queue_.empty(); });
      built = built_through_;
      if (queue_.empty() && stopping_) break;
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    if (!batch.empty()) {
      released = std::max(released, AcknowledgeBatch(batch));
      batch.clear();
    }
    // Idle, or the batch went straight to the builder: drop what it has finished with.
    if (built > released && stores_.journal->Release(built).ok()) released = built;
    ReopenMovedJournal(&released);
  }
}

void IngestQueue::ReopenMovedJournal(int64_t* released) {
  if (!stores_.journal->Moved()) return;
  int64_t built = 0;
  {
    std::lock_guard lock(mu_);
    if (journaled_through_ > built_through_) return;  // the builder still reads the old file
    built = built_through_;
  }
  if (!journal_moved_logged_) {
    LogError("ingest_journal_moved", {{"built_through", built}});
    journal_moved_logged_ = true;
  }
  // Only this thread appends, so nothing is journaled meanwhile and the builder, with nothing
  // to build, does not touch its reader until the next append (made after the swap, under mu_).
  Status st = stores_.journal->ReopenIfMoved(/*create=*/true);
  if (st.ok()) st = stores_.journal->ResumeAfter(built).status();
  if (st.ok()) st = stores_.journal_reader->ReopenIfMoved(/*create=*/false);
  if (!st.ok()) {
    if (metrics_) metrics_->storage_errors.Add({"record"});
    LogError("ingest_journal_reopen_failed", {{"error", st.ToString()}});
    return;  // tried again on the next round; appends are refused meanwhile
  }
  *released = built;
  journal_moved_logged_ = false;
  LogInfo("ingest_journal_reopened", {{"built_through", built}});
}

int64_t IngestQueue::AcknowledgeBatch(std::vector<Item>& batch) {
  int64_t built = 0;
  int64_t journaled = 0;
  {
    std::unique_lock lock(mu_);
    if (options_.direct_when_idle && builder_idle_ && direct_.empty() &&
        journaled_through_ <= built_through_ && !stopping_) {
      // Nothing waits to be built: the builder applies this batch at once and answers it.
      direct_ = std::move(batch);
      builder_idle_ = false;
      lock.unlock();
      build_cv_.notify_one();
      return 0;
    }
    built = built_through_;
    journaled = journaled_through_;
  }
  std::vector<Status> outcomes(batch.size());
  std::vector<const rules::Delivery*> valid;
  valid.reserve(batch.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    outcomes[i] = rules::ValidateDelivery(batch[i].delivery);
    if (outcomes[i].ok()) valid.push_back(&batch[i].delivery);
  }
  size_t bytes = 0;
  Status st = stores_.journal->Append(valid, built, &journaled, &bytes);
  if (st.ok()) {
    {
      std::lock_guard lock(mu_);
      journaled_through_ = journaled;
      if (!valid.empty()) {
        waiting_.push_back({journaled, bytes, SteadyClock::now()});
        waiting_bytes_ += bytes;
      }
    }
    backlog_.fetch_add(static_cast<int64_t>(valid.size()), std::memory_order_relaxed);
    build_cv_.notify_one();
    if (metrics_) metrics_->journal.Add({"journaled"}, static_cast<double>(valid.size()));
  } else {
    if (metrics_) metrics_->storage_errors.Add({"record"});
    LogError("ingest_commit_failed", {{"deliveries", valid.size()}, {"error", st.ToString()}});
    for (Status& outcome : outcomes) {
      if (outcome.ok()) outcome = st;
    }
  }
  Complete(batch, outcomes);
  return st.ok() ? built : 0;
}

void IngestQueue::Complete(std::vector<Item>& batch, const std::vector<Status>& outcomes) {
  if (metrics_) metrics_->ingest_batch_size.Observe(static_cast<double>(batch.size()));
  const auto now = SteadyClock::now();
  for (size_t i = 0; i < batch.size(); ++i) {
    if (metrics_) {
      metrics_->ingest_duration.Observe(
          std::chrono::duration<double>(now - batch[i].queued_at).count());
      if (outcomes[i].ok()) {
        metrics_->alerts_ingested.Add({batch[i].delivery.source},
                                      static_cast<double>(batch[i].delivery.alerts.size()));
      }
    }
    batch[i].done(outcomes[i]);
  }
}

void IngestQueue::Build() {
  LowerThisThreadsPriority(options_.builder_nice);
  ReplayLegacy();
  std::optional<SteadyClock::time_point> drain_until;
  for (;;) {
    std::vector<Item> direct;
    bool journal_work = false;
    {
      std::unique_lock lock(mu_);
      auto has_work = [this] { return !direct_.empty() || journaled_through_ > built_through_; };
      // Idle = nothing to build, even while sweeping: a batch handed over then waits for the
      // sweep, never behind a journal entry.
      builder_idle_ = !has_work();
      if (builder_idle_ && !acknowledger_done_) {
        build_cv_.wait_for(lock, std::chrono::seconds(1),
                           [&] { return has_work() || acknowledger_done_; });
      }
      direct.swap(direct_);
      journal_work = direct.empty() && journaled_through_ > built_through_;
      builder_idle_ = direct.empty() && !journal_work;
      if (acknowledger_done_ && direct.empty()) {
        if (!drain_until) drain_until = SteadyClock::now() + options_.stop_drain;
        if (!journal_work || SteadyClock::now() >= *drain_until) return;
      }
    }
    if (!direct.empty()) {
      BuildDirect(direct);
    } else if (journal_work) {
      BuildFromJournal();
    }
    if (Backlog() == 0) MaybeSweep();
  }
}

void IngestQueue::BuildDirect(std::vector<Item>& batch) {
  std::vector<const rules::Delivery*> deliveries;
  deliveries.reserve(batch.size());
  for (const Item& item : batch) deliveries.push_back(&item.delivery);
  std::vector<Result<storage::DeliveryOutcome>> results;
  Status st = stores_.episodes->RecordBatch(deliveries, &results);
  std::vector<Status> outcomes(batch.size(), st);
  storage::JournalApplyStats stats;
  if (st.ok()) {
    for (size_t i = 0; i < batch.size(); ++i) {
      outcomes[i] = results[i].status();
      if (results[i].ok()) storage::Accumulate(*results[i], &stats.episodes);
    }
    Observe(stats);
  } else {
    if (metrics_) metrics_->storage_errors.Add({"record"});
    LogError("ingest_commit_failed", {{"deliveries", batch.size()}, {"error", st.ToString()}});
  }
  {
    // Idle again before anyone hears back, so their next delivery is applied at once too.
    std::lock_guard lock(mu_);
    builder_idle_ = direct_.empty() && journaled_through_ <= built_through_;
  }
  Complete(batch, outcomes);
}

void IngestQueue::BuildFromJournal() {
  int64_t from = 0;
  int64_t upto = 0;
  {
    std::lock_guard lock(mu_);
    from = built_through_;
    upto = journaled_through_;
  }
  const auto deadline = SteadyClock::now() + options_.apply_budget;
  auto entries = stores_.journal_reader->ReadAfter(from, options_.apply_chunk);
  Status st = entries.status();
  storage::JournalApplyStats stats;
  if (st.ok()) {
    // Only what the acknowledger has counted: the backlog never goes below zero.
    auto beyond = std::find_if(entries->begin(), entries->end(),
                               [upto](const storage::JournalEntry& e) { return e.id > upto; });
    entries->erase(beyond, entries->end());
    if (entries->empty()) {  // removed behind our back: nothing there to build
      LogWarn("journal_entries_missing", {{"after", from}, {"through", upto}});
      std::lock_guard lock(mu_);
      built_through_ = upto;
      ForgetBuiltLocked();
      backlog_.store(0, std::memory_order_relaxed);
      return;
    }
    st = stores_.episodes->ApplyJournal(*entries, deadline, &stats);
  }
  if (!st.ok()) {
    WaitAfterBuildFailure(st);
    return;
  }
  const int consumed = stats.built + stats.failed;
  if (consumed > 0) {
    std::lock_guard lock(mu_);
    built_through_ = (*entries)[consumed - 1].id;
    ForgetBuiltLocked();
  }
  CountBuilt(stats);
}

void IngestQueue::ReplayLegacy() {
  while (stores_.episodes->LegacyJournalBacklog() > 0) {
    storage::JournalApplyStats stats;
    Status st = stores_.episodes->ReplayLegacyJournal(options_.apply_budget, &stats);
    if (!st.ok()) {
      if (WaitAfterBuildFailure(st)) return;
      continue;
    }
    CountBuilt(stats);
    std::lock_guard lock(mu_);
    if (acknowledger_done_) return;  // the rest is built after the next start
  }
}

bool IngestQueue::WaitAfterBuildFailure(const Status& st) {
  if (metrics_) metrics_->storage_errors.Add({"build"});
  LogError("episode_build_failed", {{"error", st.ToString()}});
  std::unique_lock lock(mu_);
  return build_cv_.wait_for(lock, kBuildRetry, [this] { return acknowledger_done_; });
}

void IngestQueue::CountBuilt(const storage::JournalApplyStats& stats) {
  backlog_.fetch_sub(stats.built + stats.failed, std::memory_order_relaxed);
  Observe(stats);
  if (stats.failed > 0) LogError("journal_entries_failed", {{"count", stats.failed}});
}

void IngestQueue::Observe(const storage::JournalApplyStats& stats) {
  if (!metrics_) return;
  const storage::DeliveryOutcome& o = stats.episodes;
  metrics_->episode_actions.Add({"open"}, o.opened);
  metrics_->episode_actions.Add({"extend"}, o.extended);
  metrics_->episode_actions.Add({"reopen"}, o.reopened);
  metrics_->episode_actions.Add({"resolve"}, o.resolved);
  metrics_->episode_actions.Add({"record"}, o.recorded);
  metrics_->episode_actions.Add({"notify_only"}, o.notify_only);
  metrics_->episode_actions.Add({"expire"}, o.expired);
  metrics_->journal.Add({"replayed"}, stats.built);
  metrics_->journal.Add({"failed"}, stats.failed);
}

void IngestQueue::MaybeSweep() {
  Time now = options_.clock();
  if (now - last_sweep_ < options_.sweep_every) return;
  last_sweep_ = now;
  auto n = stores_.episodes->ExpireStale(now, options_.expire_after);
  if (!n.ok()) {
    if (metrics_) metrics_->storage_errors.Add({"expire"});
    LogError("expire_sweep_failed", {{"error", n.status().ToString()}});
  } else if (*n > 0) {
    if (metrics_) metrics_->episode_actions.Add({"expire"}, static_cast<double>(*n));
    LogInfo("episodes_expired", {{"count", *n}});
  }
}

}  // namespace nagame::bot
