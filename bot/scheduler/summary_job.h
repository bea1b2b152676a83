// SummaryJob: posts the weekly summary on its schedule and delivers the outbox. One thread
// wakes at the next of: the schedule's fire time, the next outbox retry, or `poll`; it queues
// the summary for every destination (one outbox message per (run, destination), so a run is
// never posted twice, even across restarts) and sends what is due. A fire time missed while
// the bot was down is still posted when it starts within `catch_up` of it.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bot/chat/destination.h"
#include "bot/chat/outbox_sender.h"
#include "bot/chat/summary.h"
#include "bot/config.h"
#include "bot/net/http_client.h"
#include "rules/clock.h"
#include "storage/outbox_store.h"

namespace nagame::bot {

class ReviewService;

struct SummaryJobOptions {
  std::optional<WeeklyTime> weekly;  // unset: the summary is only posted on request
  std::string zone = "UTC";          // IANA zone of `weekly`
  std::vector<chat::Destination> destinations;
  chat::SummaryOptions summary;
  chat::RetryPolicy retry;
  Duration poll = std::chrono::seconds(30);
  Duration catch_up = std::chrono::hours(12);
  Clock clock;  // empty: SystemNow
};

// The options of `config`'s weekly summary: its schedule, zone, destinations and public URL.
SummaryJobOptions SummaryJobOptionsFrom(const Config& config);

// Thread safety: Enqueue and SendDue may be called from any thread; Start/Stop from one.
class SummaryJob {
 public:
  // `review` and `client` must outlive the job.
  SummaryJob(ReviewService* review, std::unique_ptr<storage::OutboxStore> outbox,
             const net::HttpClient* client, SummaryJobOptions options);
  ~SummaryJob();  // stops the thread

  // Starts the thread. Errors: kInvalidArgument when the schedule's zone is unknown.
  Status Start();
  // Stops the thread (waits for the current step). Idempotent.
  void Stop();

  // Builds the summary of the last complete week before `now` once and queues it for every
  // destination under run `run` ("weekly:2026-W48", "manual:…"); wakes the thread. Returns
  // the destination names ("slack, teams"), or says that the run was already queued.
  // Errors: kFailedPrecondition when no destination is configured; those of
  // BuildWeeklySummary and OutboxStore::Enqueue.
  Result<std::string> Enqueue(const std::string& run, Time now);

  // Sends every due message once (see OutboxSender::SendDue).
  Result<int> SendDue();

  // One scheduler step at `now`: queues the scheduled run when its fire time has come, then
  // sends what is due. Start's thread calls it; tests call it with an injected `now`.
  Status Step(Time now);

  // When the schedule fires next (nullopt without a schedule or before Start/Prime).
  std::optional<Time> next_fire() const;

  // Computes the first fire time from `now` (less catch_up). Start calls it.
  Status Prime(Time now);

 private:
  void Run();
  Time Now() const;

  ReviewService* review_;
  const net::HttpClient* client_;
  SummaryJobOptions options_;
  mutable std::mutex mu_;  // guards outbox_, sender_, next_fire_, stop_
  std::unique_ptr<storage::OutboxStore> outbox_;
  chat::OutboxSender sender_;
  std::optional<Time> next_fire_;
  bool stop_ = false;
  bool wake_ = false;
  std::condition_variable cv_;
  std::thread thread_;
};

}  // namespace nagame::bot
