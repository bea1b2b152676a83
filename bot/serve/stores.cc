// Opening the serving connections.
#include "bot/serve/stores.h"

#include <mutex>

namespace nagame::bot {
namespace {

// The writer leaves checkpoints to the WalCheckpointer; past this many WAL pages (64 MiB at
// 4 KiB pages) a commit checkpoints by itself, in case the checkpointer falls behind.
constexpr int kWriterAutocheckpointPages = 16384;
// The ingest writer's page cache (see StoreOptions::cache_kib): 64 MiB.
constexpr int kWriterCacheKib = 65536;

}  // namespace

Result<ServeStores> OpenServeStores(const std::string& database) {
  storage::StoreOptions store_options;
  store_options.path = database;
  storage::StoreOptions writer_options = store_options;
  writer_options.wal_autocheckpoint_pages = kWriterAutocheckpointPages;
  writer_options.cache_kib = kWriterCacheKib;
  storage::StoreOptions journal_options = store_options;
  journal_options.path = storage::JournalPathFor(database);

  ServeStores stores;
  NAGAME_ASSIGN_OR_RETURN(stores.ingest, IngestStores::Open(writer_options));
  NAGAME_ASSIGN_OR_RETURN(stores.reader, storage::EventStore::Open(store_options));
  std::shared_ptr<storage::EventStore> checkpoint_events;
  NAGAME_ASSIGN_OR_RETURN(checkpoint_events, storage::EventStore::Open(store_options));
  std::shared_ptr<storage::IngestJournal> checkpoint_journal;
  NAGAME_ASSIGN_OR_RETURN(checkpoint_journal, storage::IngestJournal::Open(journal_options));
  std::shared_ptr<storage::IngestJournal> ready_journal;
  NAGAME_ASSIGN_OR_RETURN(ready_journal, storage::IngestJournal::Open(journal_options));
  stores.checkpoints = {
      {"event store", [checkpoint_events] { return checkpoint_events->Checkpoint(); }},
      {"ingest journal", [checkpoint_journal] {
         NAGAME_RETURN_IF_ERROR(checkpoint_journal->ReopenIfMoved(/*create=*/false));
         return checkpoint_journal->Checkpoint();
       }}};
  // A journal deleted under the running server is recreated by the ingest queue once it has
  // built the old one (IngestQueue::ReopenMovedJournal); these two follow it there.
  stores.journal_writable = [ready_journal, mu = std::make_shared<std::mutex>()] {
    std::lock_guard lock(*mu);
    NAGAME_RETURN_IF_ERROR(ready_journal->ReopenIfMoved(/*create=*/false));
    return ready_journal->CheckWritable();
  };
  return stores;
}

}  // namespace nagame::bot
