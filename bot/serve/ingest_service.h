// IngestService: the ingest side of a running bot — the queue that acknowledges deliveries and
// builds their episodes (bot/ingest/ingest_queue.h), and the checkpointer that keeps both WAL
// files short. Thread-safe as IngestQueue is; Stop from one thread.
#pragma once

#include <memory>

#include "bot/config.h"
#include "bot/ingest/ingest_queue.h"
#include "bot/ingest/wal_checkpointer.h"
#include "bot/metrics/metrics.h"
#include "bot/serve/stores.h"

namespace nagame::bot {

class IngestService {
 public:
  // Creates the queue on `stores.ingest` (taken) with `config`'s settings and starts it, starts
  // checkpointing `stores.checkpoints` (taken) every 500 ms, and adds the
  // nagame_ingest_journal_backlog and nagame_ingest_journal_bytes gauges to `metrics`, which must
  // outlive the service. Errors: those of IngestQueue::Create; then nothing was started.
  static Result<std::unique_ptr<IngestService>> Start(ServeStores& stores,
                                                      const IngestConfig& config, Metrics* metrics);
  // Stop()s; then stops the checkpointer.
  ~IngestService();

  // The queue webhooks submit to; valid until the service is destroyed.
  IngestQueue& queue() { return *queue_; }

  // Stops taking deliveries and commits every queued one (IngestQueue::Stop). Idempotent.
  void Stop() { queue_->Stop(); }

 private:
  IngestService(std::unique_ptr<IngestQueue> queue, std::unique_ptr<WalCheckpointer> checkpointer)
      : queue_(std::move(queue)), checkpointer_(std::move(checkpointer)) {}

  std::unique_ptr<IngestQueue> queue_;
  std::unique_ptr<WalCheckpointer> checkpointer_;
};

}  // namespace nagame::bot
