// Starting the ingest queue and its checkpointer.
#include "bot/serve/ingest_service.h"

namespace nagame::bot {
namespace {

constexpr Duration kCheckpointEvery = std::chrono::milliseconds(500);

}  // namespace

Result<std::unique_ptr<IngestService>> IngestService::Start(ServeStores& stores,
                                                            const IngestConfig& config,
                                                            Metrics* metrics) {
  IngestOptions options;
  options.max_batch = config.max_batch;
  options.queue_limit = config.queue_limit;
  options.expire_after = config.expire_after;
  options.apply_budget = config.apply_budget;
  options.journal_limit = config.journal_limit;
  options.backlog_age_limit = config.backlog_age_limit;
  NAGAME_ASSIGN_OR_RETURN(std::unique_ptr<IngestQueue> queue,
                          IngestQueue::Create(std::move(stores.ingest), options, metrics));
  queue->Start();
  IngestQueue* started = queue.get();
  metrics->AddGauge({"nagame_ingest_journal_backlog",
                     "Acknowledged deliveries whose episodes are not built yet.",
                     [started] { return static_cast<double>(started->Backlog()); }});
  metrics->AddGauge(
      {"nagame_ingest_journal_bytes",
       "Payload bytes waiting in the ingest journal (bounded by ingest.journal_limit).",
       [started] { return static_cast<double>(started->JournalBytes()); }});
  auto checkpointer =
      std::make_unique<WalCheckpointer>(std::move(stores.checkpoints), kCheckpointEvery, metrics);
  checkpointer->Start();
  return std::unique_ptr<IngestService>(
      new IngestService(std::move(queue), std::move(checkpointer)));
}

IngestService::~IngestService() {
  Stop();
  checkpointer_.reset();
}

}  // namespace nagame::bot
