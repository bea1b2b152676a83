// Chat wiring.
#include "bot/chat/chat_service.h"

#include "bot/review/review_service.h"
#include "rules/clock.h"
#include "rules/time.h"

namespace nagame::bot::chat {

SummaryJobOptions SummaryJobOptionsFrom(const Config& config) {
  SummaryJobOptions o;
  o.weekly = config.summary.weekly;
  o.zone = config.timezone;
  o.destinations = SummaryDestinations(config);
  o.summary.public_url = config.public_url;
  return o;
}

Result<std::unique_ptr<ChatService>> ChatService::Create(const Config& config,
                                                         ReviewService* review) {
  storage::StoreOptions store;
  store.path = config.database;
  NAGAME_ASSIGN_OR_RETURN(auto outbox, storage::OutboxStore::Open(store));
  std::unique_ptr<ChatService> s(new ChatService());
  const net::HttpClientOptions http{.ca_file = config.tls.ca_file};
  s->client_ = std::make_unique<net::HttpClient>(http);
  s->runner_ = std::make_unique<CommandRunner>(2, http, SystemNow);
  s->job_ = std::make_unique<SummaryJob>(review, std::move(outbox), s->client_.get(),
                                         SummaryJobOptionsFrom(config));
  auto deps = std::make_shared<ChatDeps>();
  deps->chat = config.chat;
  deps->review = review;
  deps->runner = s->runner_.get();
  deps->public_url = config.public_url;
  deps->clock = SystemNow;
  SummaryJob* job = s->job_.get();
  deps->post_summary = [job]() {
    return job->Enqueue("manual:" + FormatRfc3339(SystemNow()), SystemNow());
  };
  s->deps_ = std::move(deps);
  return s;
}

ChatService::~ChatService() { Stop(); }

Status ChatService::Start() { return job_->Start(); }

void ChatService::Stop() {
  if (job_) job_->Stop();
}

}  // namespace nagame::bot::chat
