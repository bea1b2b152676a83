// SnapshotJob: takes the snapshots of rule definitions and silences (ReviewService::TakeSnapshots)
// on a schedule of its own: at Start, then every `interval`. Reads never write (see
// bot/review/review_service.h), so this job is how "defined since", "deleted on" and the
// silences' history advance while the bot runs.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "rules/time.h"

namespace nagame::bot {

class ReviewService;

struct SnapshotJobOptions {
  // How often the definitions are snapshotted: a rule deleted from the files shows as deleted
  // within this long. Each run reads the rule files and, when configured, Prometheus and
  // Alertmanager once.
  Duration interval = std::chrono::minutes(10);
};

// Thread safety: Start and Stop from one thread; the job's thread is the only other caller of
// `review`'s TakeSnapshots (which is itself thread-safe).
class SnapshotJob {
 public:
  // `review` must outlive the job.
  SnapshotJob(ReviewService* review, SnapshotJobOptions options);
  ~SnapshotJob();  // stops the thread

  // Starts the thread, which takes the first snapshot at once. Calling it twice is a no-op.
  void Start();
  // Stops the thread (waits for a snapshot in progress). Idempotent.
  void Stop();

 private:
  void Run();

  ReviewService* review_;
  const SnapshotJobOptions options_;
  std::mutex mu_;  // guards stop_
  bool stop_ = false;
  std::condition_variable cv_;
  std::thread thread_;
};

}  // namespace nagame::bot
