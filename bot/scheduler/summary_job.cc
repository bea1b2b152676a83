// The weekly summary's scheduler thread and the outbox delivery loop.
#include "bot/scheduler/summary_job.h"

#include "bot/log.h"
#include "bot/review/review_service.h"
#include "bot/review/window_spec.h"
#include "bot/scheduler/weekly_schedule.h"
#include "rules/clock.h"

namespace nagame::bot {

SummaryJobOptions SummaryJobOptionsFrom(const Config& config) {
  SummaryJobOptions o;
  o.weekly = config.summary.weekly;
  o.zone = config.timezone;
  o.destinations = chat::SummaryDestinations(config);
  o.summary.public_url = config.public_url;
  return o;
}

SummaryJob::SummaryJob(ReviewService* review, std::unique_ptr<storage::OutboxStore> outbox,
                       const net::HttpClient* client, SummaryJobOptions options)
    : review_(review),
      client_(client),
      options_(std::move(options)),
      outbox_(std::move(outbox)),
      sender_(outbox_.get(), client_, options_.destinations, options_.retry,
              [this] { return Now(); }) {}

SummaryJob::~SummaryJob() { Stop(); }

Time SummaryJob::Now() const { return options_.clock ? options_.clock() : SystemNow(); }

std::optional<Time> SummaryJob::next_fire() const {
  std::lock_guard lock(mu_);
  return next_fire_;
}

Status SummaryJob::Prime(Time now) {
  if (!options_.weekly) return Status::Ok();
  NAGAME_ASSIGN_OR_RETURN(Time first,
                          NextWeeklyFire(*options_.weekly, options_.zone, now - options_.catch_up));
  std::lock_guard lock(mu_);
  next_fire_ = first;
  return Status::Ok();
}

Status SummaryJob::Start() {
  NAGAME_RETURN_IF_ERROR(Prime(Now()));
  thread_ = std::thread([this] { Run(); });
  return Status::Ok();
}

void SummaryJob::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Result<std::string> SummaryJob::Enqueue(const std::string& run, Time now) {
  if (options_.destinations.empty()) {
    return Status(Code::kFailedPrecondition, "no summary destination is configured");
  }
  NAGAME_ASSIGN_OR_RETURN(chat::Answer summary,
                          chat::BuildWeeklySummary(
                              *review_, chat::SummaryWeek(now, review_->zone()), options_.summary));
  std::string names;
  bool created = false;
  {
    std::lock_guard lock(mu_);
    for (const chat::Destination& d : options_.destinations) {
      NAGAME_ASSIGN_OR_RETURN(storage::Enqueued e,
                              outbox_->Enqueue(run + "|" + d.name, d.name, d.render(summary), now));
      created = created || e.created;
      names += (names.empty() ? "" : ", ") + d.name;
    }
    wake_ = true;
  }
  cv_.notify_all();
  LogInfo("summary_queued", {{"run", run}, {"destinations", names}, {"new", created}});
  return created ? names : names + " (already queued for this run)";
}

Result<int> SummaryJob::SendDue() {
  std::lock_guard lock(mu_);
  return sender_.SendDue();
}

Status SummaryJob::Step(Time now) {
  std::optional<Time> fire = next_fire();
  if (fire && *fire <= now) {
    const std::string run =
        "weekly:" + IsoWeekName(chat::SummaryWeek(*fire, review_->zone()).from, review_->zone());
    auto queued = Enqueue(run, *fire);
    if (!queued.ok()) {
      LogError("summary_failed", {{"run", run}, {"error", queued.status().ToString()}});
    }
    NAGAME_ASSIGN_OR_RETURN(Time next, NextWeeklyFire(*options_.weekly, options_.zone, now));
    std::lock_guard lock(mu_);
    next_fire_ = next;
  }
  auto sent = SendDue();
  return sent.status();
}

void SummaryJob::Run() {
  while (true) {
    Status st = Step(Now());
    if (!st.ok()) LogWarn("summary_job_step_failed", {{"error", st.ToString()}});
    std::unique_lock lock(mu_);
    Time wake = Now() + options_.poll;
    if (next_fire_ && *next_fire_ < wake) wake = *next_fire_;
    auto due = outbox_->NextDue();
    if (due.ok() && *due && **due < wake) wake = **due;
    const Duration wait = std::max(Duration::zero(), wake - Now());
    cv_.wait_for(lock, wait, [this] { return stop_ || wake_; });
    if (stop_) return;
    wake_ = false;
  }
}

}  // namespace nagame::bot
