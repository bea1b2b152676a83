// The background WAL checkpoint thread.
#include "bot/ingest/wal_checkpointer.h"

#include "bot/ingest/thread_priority.h"
#include "bot/log.h"

namespace nagame::bot {

WalCheckpointer::WalCheckpointer(std::vector<Target> targets, Duration every, Metrics* metrics)
    : targets_(std::move(targets)), every_(every), metrics_(metrics) {}

WalCheckpointer::~WalCheckpointer() { Stop(); }

void WalCheckpointer::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { Run(); });
}

void WalCheckpointer::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void WalCheckpointer::Run() {
  LowerThisThreadsPriority(19);  // background work: the webhooks' threads come first
  std::unique_lock lock(mu_);
  while (!cv_.wait_for(lock, every_, [this] { return stopping_; })) {
    lock.unlock();
    for (const Target& target : targets_) {
      if (Status st = target.checkpoint(); !st.ok()) {
        if (metrics_) metrics_->storage_errors.Add({"checkpoint"});
        LogWarn("wal_checkpoint_failed", {{"database", target.name}, {"error", st.ToString()}});
      }
    }
    lock.lock();
  }
}

}  // namespace nagame::bot
