// The snapshot job's thread.
#include "bot/scheduler/snapshot_job.h"

#include "bot/log.h"
#include "bot/review/review_service.h"

namespace nagame::bot {

SnapshotJob::SnapshotJob(ReviewService* review, SnapshotJobOptions options)
    : review_(review), options_(options) {}

SnapshotJob::~SnapshotJob() { Stop(); }

void SnapshotJob::Start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stop_ = false;
  }
  thread_ = std::thread([this] { Run(); });
}

void SnapshotJob::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SnapshotJob::Run() {
  while (true) {
    if (Status st = review_->TakeSnapshots(); !st.ok()) {
      LogWarn("snapshot_failed", {{"error", st.ToString()}});
    }
    std::unique_lock lock(mu_);
    if (cv_.wait_for(lock, options_.interval, [this] { return stop_; })) return;
  }
}

}  // namespace nagame::bot
