// ChatService: the chat side of a running bot, wired from the config — the command runner, the
// four chat endpoints, and the SummaryJob (weekly schedule and outbox delivery). App creates
// one, registers its handlers in its route table, and starts and stops it.
#pragma once

#include <memory>

#include "bot/chat/chat_handlers.h"
#include "bot/config.h"
#include "bot/net/http_client.h"
#include "bot/scheduler/summary_job.h"

namespace nagame::bot::chat {

class ChatService {
 public:
  // `review` must outlive the service. Opens the outbox (same database file).
  // Errors: those of OutboxStore::Open.
  static Result<std::unique_ptr<ChatService>> Create(const Config& config, ReviewService* review);
  ~ChatService();

  http::Handler SlackCommands() const { return MakeSlackCommandHandler(deps_); }
  http::Handler SlackInteractions() const { return MakeSlackInteractionHandler(deps_); }
  http::Handler MattermostCommands() const { return MakeMattermostCommandHandler(deps_); }
  http::Handler TeamsOutgoing() const { return MakeTeamsOutgoingHandler(deps_); }

  // Starts the summary job's thread. Errors: those of SummaryJob::Start.
  Status Start();
  // Stops the job; lets running commands finish. Idempotent.
  void Stop();

  SummaryJob& summary_job() { return *job_; }

 private:
  ChatService() = default;

  // Destroyed in reverse: commands still running (which may queue a summary) finish before
  // the job goes away, and the job before the client it posts with.
  std::unique_ptr<net::HttpClient> client_;
  std::unique_ptr<SummaryJob> job_;
  std::unique_ptr<CommandRunner> runner_;
  std::shared_ptr<const ChatDeps> deps_;
};

// The SummaryJob options of `config`: its schedule, zone, destinations and public URL.
SummaryJobOptions SummaryJobOptionsFrom(const Config& config);

}  // namespace nagame::bot::chat
