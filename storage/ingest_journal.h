// IngestJournal: the durable queue between a webhook's acknowledgement and its episodes.
//
// A file of its own next to the event store (JournalPathFor), so that acknowledging a delivery
// commits a few small rows (one per delivery, storage::EncodeDelivery) while the episodes are
// built in other, larger transactions on the event store: two WAL files, two write locks, and
// neither writer waits for the other. Entry ids grow strictly (AUTOINCREMENT: never reused,
// even once the journal is empty), so the event store can record how far it has built
// (EventStore::JournalAppliedThrough) and an entry is built exactly once across crashes:
// entries at or below that mark are done and only wait to be released here.
//
// Thread safety: one connection per object, NOT thread-safe. The acknowledging thread owns
// one (Append, Release); the episode builder reads through another (ReadAfter). WAL: the
// reader never blocks the writer.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "rules/alert_event.h"
#include "rules/status.h"
#include "rules/time.h"
#include "storage/store_options.h"

namespace nagame::storage {

// The journal file that belongs to the event store at `database_path`: "<path>-ingest".
std::string JournalPathFor(const std::string& database_path);

struct JournalEntry {
  int64_t id = 0;
  Time received_at{};
  std::string payload;  // storage::EncodeDelivery
};

class IngestJournal {
 public:
  // Opens (creating if needed) the journal at options.path with the store's settings (WAL,
  // synchronous=FULL, busy_timeout, cache, autocheckpoint; read_only is not supported).
  // Errors: kUnavailable when the file cannot be opened or set up; kFailedPrecondition when
  // its format is newer than this binary knows.
  static Result<std::unique_ptr<IngestJournal>> Open(const StoreOptions& options);
  ~IngestJournal();

  // In ONE transaction: removes the entries with id <= release_through (built already), then
  // appends one entry per delivery, in order. On OK every delivery is durable and *last_id is
  // the id of the last one appended (unchanged when `deliveries` is empty).
  // Errors: kUnavailable (nothing appended or removed), also when the file was deleted or
  // moved (Moved): nothing is acknowledged into a file that is gone.
  // With `bytes`, adds the size of the payloads appended to *bytes (on OK only).
  // REQUIRES: last_id != nullptr; no pointer in `deliveries` is null.
  Status Append(std::span<const rules::Delivery* const> deliveries, int64_t release_through,
                int64_t* last_id, size_t* bytes = nullptr);

  // Removes the entries with id <= through. Errors: kUnavailable (nothing removed).
  Status Release(int64_t through);

  // Up to `limit` entries with id > after, oldest first. Errors: kUnavailable.
  Result<std::vector<JournalEntry>> ReadAfter(int64_t after, size_t limit);

  // Entries with id > after. Errors: kUnavailable.
  Result<int64_t> CountAfter(int64_t after);

  // The payload bytes of the entries with id > after (what Append's `bytes` counted).
  // Errors: kUnavailable.
  Result<int64_t> BytesAfter(int64_t after);

  // Makes every id appended from now on greater than `at_least`, and releases the entries at
  // or below it. For opening the journal against an event store that has built up to
  // `at_least`: a journal that was deleted or replaced starts over at 1, and its new entries
  // would otherwise look built. Returns the id of the newest entry waiting (at_least when
  // none). Errors: kUnavailable.
  Result<int64_t> ResumeAfter(int64_t at_least);

  // OK when the journal accepts a write: its file is still in place and writable
  // (internal::CheckFileWritable) and the write lock is taken by a statement that matches no
  // row, and rolled back (see EventStore::CheckReady). For /readyz. Errors: kUnavailable
  // (file deleted or moved, read-only file, lock held past busy_timeout, I/O error).
  Status CheckWritable();

  // Whether the file this connection has open was deleted, renamed or replaced since it was
  // opened (SQLite keeps using the old file; what is committed to it is lost on close).
  bool Moved();

  // When Moved(): opens the journal at the path again (creating it when `create`; otherwise
  // only once someone else has) and drops the old connection; the new file may be empty, see
  // ResumeAfter. REQUIRES: nothing still to be read from the old file is needed.
  // Errors: kUnavailable (the old connection stays), "ingest journal file was deleted or
  // moved" when !create and there is no file yet.
  Status ReopenIfMoved(bool create);

  // A passive WAL checkpoint (see EventStore::Checkpoint). Errors: kUnavailable.
  Status Checkpoint();

 private:
  struct Impl;
  explicit IngestJournal(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace nagame::storage
