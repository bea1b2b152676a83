// Scheduler: the scheduled side of a running bot — the weekly summary job (posts on
// summary.schedule and delivers the outbox, bot/scheduler/summary_job.h) with the HTTP client it
// posts through, and the snapshot job (rule definitions and silences,
// bot/scheduler/snapshot_job.h): the only writers besides ingest and people's records. Chat
// gets only PostSummaryNow. Thread safety as SummaryJob's.
#pragma once

#include <memory>
#include <string>

#include "bot/config.h"
#include "bot/net/http_client.h"
#include "bot/scheduler/snapshot_job.h"
#include "bot/scheduler/summary_job.h"

namespace nagame::bot {

class Scheduler {
 public:
  // Opens the outbox (in config.database) and builds the job from `config`; nothing runs until
  // Start. `review` must outlive the scheduler. Errors: those of OutboxStore::Open.
  static Result<std::unique_ptr<Scheduler>> Create(const Config& config, ReviewService* review);

  // Queues the weekly summary for every destination now, as run "manual:<now>" (chat's
  // `summary post`), and returns where it goes. Errors: those of SummaryJob::Enqueue.
  Result<std::string> PostSummaryNow();

  // Starts the jobs' threads (the first snapshot is taken at once). Errors: those of
  // SummaryJob::Start (then nothing runs).
  Status Start();
  // Stops the threads (waits for their current steps). Idempotent.
  void Stop();

 private:
  Scheduler() = default;

  std::unique_ptr<net::HttpClient> client_;
  std::unique_ptr<SummaryJob> job_;  // destroyed before the client it posts through
  std::unique_ptr<SnapshotJob> snapshots_;
};

}  // namespace nagame::bot
