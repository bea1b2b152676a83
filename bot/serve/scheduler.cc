// The scheduled jobs' wiring.
#include "bot/serve/scheduler.h"

#include "rules/clock.h"

namespace nagame::bot {
Result<std::unique_ptr<Scheduler>> Scheduler::Create(const Config& config, ReviewService* review) {
  storage::StoreOptions outbox_options;
  outbox_options.path = config.database;
  NAGAME_ASSIGN_OR_RETURN(auto outbox, storage::OutboxStore::Open(outbox_options));
  std::unique_ptr<Scheduler> s(new Scheduler());
  s->client_ =
      std::make_unique<net::HttpClient>(net::HttpClientOptions{.ca_file = config.tls.ca_file});
  s->job_ = std::make_unique<SummaryJob>(review, std::move(outbox), s->client_.get(),
                                         SummaryJobOptionsFrom(config));
  s->snapshots_ = std::make_unique<SnapshotJob>(review, SnapshotJobOptions{});
  return s;
}

Status Scheduler::Start() {
  NAGAME_RETURN_IF_ERROR(job_->Start());
  snapshots_->Start();
  return Status::Ok();
}

void Scheduler::Stop() {
  snapshots_->Stop();
  job_->Stop();
}

Result<std::string> Scheduler::PostSummaryNow() {
  const Time now = SystemNow();
  return job_->Enqueue("manual:" + FormatRfc3339(now), now);
}

}  // namespace nagame::bot
