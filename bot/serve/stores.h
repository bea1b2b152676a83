// The database connections `nagame serve` opens at startup, each with one user: the ingest
// queue's, the request handlers' reader, the WAL checkpointer's and the /readyz probe's.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bot/ingest/ingest_queue.h"
#include "bot/ingest/wal_checkpointer.h"
#include "rules/status.h"
#include "storage/event_store.h"

namespace nagame::bot {

struct ServeStores {
  // The ingest queue's three: the writer takes a 64 MiB page cache and leaves checkpoints to
  // `checkpoints` (it checkpoints by itself only past 64 MiB of WAL, in case they fall behind).
  IngestStores ingest;
  std::unique_ptr<storage::EventStore> reader;  // for the request handlers (ReadStore)
  // A passive checkpoint of the event store and of the ingest journal, each on a connection
  // of its own (for the WalCheckpointer).
  std::vector<WalCheckpointer::Target> checkpoints;
  // Whether the ingest journal takes writes (IngestJournal::CheckWritable) on a connection of
  // its own, one probe at a time: thread-safe, for /readyz.
  std::function<Status()> journal_writable;
};

// Opens every connection on `database` and its ingest journal (storage::JournalPathFor),
// creating the files and applying migrations when needed.
// Errors: the first failure of EventStore::Open or IngestJournal::Open, in the order above
// (kUnavailable; kFailedPrecondition for a schema newer than this binary); nothing stays open.
Result<ServeStores> OpenServeStores(const std::string& database);

}  // namespace nagame::bot
