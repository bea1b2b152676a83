// The ingest journal on SQLite: one table, appended at the end and released from the start.
#include "storage/ingest_journal.h"

#include <algorithm>
#include <filesystem>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include "storage/connection.h"
#include "storage/delivery_codec.h"
#include "storage/sqlite_util.h"

namespace nagame::storage {
namespace {

using internal::BindTime;
using internal::StatementUse;
using internal::StatusFromSqlite;

// The journal's format, in PRAGMA user_version (the file has no migrations table).
constexpr int kJournalFormat = 1;

// AUTOINCREMENT: ids are never reused, even after every entry was released; the event store's
// "built through id N" must never match a newer entry. The only index is the row id.
constexpr char kCreateJournal[] = R"sql(
CREATE TABLE IF NOT EXISTS journal (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  received_at INTEGER NOT NULL,
  payload BLOB NOT NULL
)
)sql";

constexpr char kInsert[] = "INSERT INTO journal (received_at, payload) VALUES (?1, ?2)";
constexpr char kRelease[] = "DELETE FROM journal WHERE id <= ?1";
constexpr char kReadAfter[] =
    "SELECT id, received_at, payload FROM journal WHERE id > ?1 ORDER BY id LIMIT ?2";
constexpr char kCountAfter[] = "SELECT COUNT(*) FROM journal WHERE id > ?1";
constexpr char kBytesAfter[] =
    "SELECT COALESCE(SUM(length(payload)), 0) FROM journal WHERE id > ?1";
// sqlite_sequence holds the table's highest id ever; it has no row before the first insert.
constexpr char kRaiseSequence[] =
    "UPDATE sqlite_sequence SET seq = ?1 WHERE name = 'journal' AND seq < ?1";
constexpr char kSeedSequence[] =
    "INSERT INTO sqlite_sequence (name, seq) SELECT 'journal', ?1 "
    "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'journal')";

Result<int> CreateJournal(SQLite::Database& db, Time) {
  try {
    db.exec("BEGIN IMMEDIATE");
    const int format = db.execAndGet("PRAGMA user_version").getInt();
    if (format > kJournalFormat) {
      db.exec("ROLLBACK");
      return Status(Code::kFailedPrecondition, "ingest journal format " + std::to_string(format) +
                                                   " is newer than this binary knows (" +
                                                   std::to_string(kJournalFormat) + ")");
    }
    db.exec(kCreateJournal);
    db.exec("PRAGMA user_version = " + std::to_string(kJournalFormat));
    db.exec("COMMIT");
    return kJournalFormat;
  } catch (const SQLite::Exception& e) {
    db.tryExec("ROLLBACK");
    return StatusFromSqlite(e, "create ingest journal");
  }
}

// The one value `query` (with ?1 = after) returns. Errors: kUnavailable, naming `what`.
Result<int64_t> ScalarAfter(SQLite::Statement& query, int64_t after, const char* what) {
  try {
    StatementUse s(query);
    s->bind(1, after);
    s->executeStep();
    return s->getColumn(0).getInt64();
  } catch (const SQLite::Exception& e) {
    return Unavailable(StatusFromSqlite(e, what).message());
  }
}

}  // namespace

std::string JournalPathFor(const std::string& database_path) { return database_path + "-ingest"; }

// Refusal of every write once the file was deleted or moved: what would be committed to it is
// lost when the connection closes (see IngestJournal::ReopenIfMoved).
constexpr char kMoved[] = "ingest journal file was deleted or moved";

struct IngestJournal::Impl {
  Impl(std::unique_ptr<SQLite::Database> database, StoreOptions opened_with)
      : options(std::move(opened_with)),
        db(std::move(database)),
        begin(*db, "BEGIN IMMEDIATE"),
        commit(*db, "COMMIT"),
        insert(*db, kInsert),
        release(*db, kRelease),
        read_after(*db, kReadAfter),
        count_after(*db, kCountAfter) {}

  void RollBack() {
    if (sqlite3_get_autocommit(db->getHandle()) == 0) db->tryExec("ROLLBACK");
  }

  StoreOptions options;
  std::unique_ptr<SQLite::Database> db;
  SQLite::Statement begin, commit, insert, release, read_after, count_after;
};

IngestJournal::IngestJournal(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IngestJournal::~IngestJournal() = default;

Result<std::unique_ptr<IngestJournal>> IngestJournal::Open(const StoreOptions& options) {
  if (options.read_only) return InvalidArgument("the ingest journal cannot be opened read-only");
  NAGAME_ASSIGN_OR_RETURN(std::unique_ptr<SQLite::Database> db,
                          internal::OpenConnection(options, "ingest journal", &CreateJournal));
  try {
    return std::unique_ptr<IngestJournal>(
        new IngestJournal(std::make_unique<Impl>(std::move(db), options)));
  } catch (const SQLite::Exception& e) {
    return StatusFromSqlite(e, "open ingest journal");
  }
}

Status IngestJournal::Append(std::span<const rules::Delivery* const> deliveries,
                             int64_t release_through, int64_t* last_id, size_t* bytes) {
  if (internal::FileMoved(*impl_->db)) return Unavailable(kMoved);
  try {
    StatementUse(impl_->begin)->exec();
    {
      StatementUse s(impl_->release);
      s->bind(1, release_through);
      s->exec();
    }
    int64_t last = *last_id;
    size_t appended = 0;
    for (const rules::Delivery* d : deliveries) {
      const std::string payload = EncodeDelivery(*d);
      appended += payload.size();
      StatementUse s(impl_->insert);
      BindTime(*s, 1, d->received_at);
      s->bindNoCopy(2, payload.data(), static_cast<int>(payload.size()));
      s->exec();
      last = impl_->db->getLastInsertRowid();
    }
    StatementUse(impl_->commit)->exec();
    *last_id = last;
    if (bytes != nullptr) *bytes += appended;
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    impl_->RollBack();
    return Unavailable(StatusFromSqlite(e, "append to ingest journal").message());
  }
}

Status IngestJournal::Release(int64_t through) {
  int64_t unchanged = 0;
  return Append({}, through, &unchanged);
}

Result<std::vector<JournalEntry>> IngestJournal::ReadAfter(int64_t after, size_t limit) {
  try {
    StatementUse s(impl_->read_after);
    s->bind(1, after);
    s->bind(2, static_cast<int64_t>(limit));
    std::vector<JournalEntry> out;
    while (s->executeStep()) {
      const SQLite::Column payload = s->getColumn(2);
      out.push_back({s->getColumn(0).getInt64(), internal::TimeColumn(*s, 1),
                     std::string(static_cast<const char*>(payload.getBlob()),
                                 static_cast<size_t>(payload.getBytes()))});
    }
    return out;
  } catch (const SQLite::Exception& e) {
    return Unavailable(StatusFromSqlite(e, "read ingest journal").message());
  }
}

Result<int64_t> IngestJournal::CountAfter(int64_t after) {
  return ScalarAfter(impl_->count_after, after, "count ingest journal");
}

Result<int64_t> IngestJournal::BytesAfter(int64_t after) {
  try {
    SQLite::Statement bytes(*impl_->db, kBytesAfter);
    return ScalarAfter(bytes, after, "measure ingest journal");
  } catch (const SQLite::Exception& e) {
    return Unavailable(StatusFromSqlite(e, "measure ingest journal").message());
  }
}

Result<int64_t> IngestJournal::ResumeAfter(int64_t at_least) {
  try {
    SQLite::Transaction t(*impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    for (const char* sql : {kRaiseSequence, kSeedSequence}) {
      SQLite::Statement s(*impl_->db, sql);
      s.bind(1, at_least);
      s.exec();
    }
    {
      StatementUse s(impl_->release);
      s->bind(1, at_least);
      s->exec();
    }
    const int64_t newest =
        impl_->db->execAndGet("SELECT COALESCE(MAX(id), 0) FROM journal").getInt64();
    t.commit();
    return std::max(newest, at_least);
  } catch (const SQLite::Exception& e) {
    return Unavailable(StatusFromSqlite(e, "resume ingest journal").message());
  }
}

bool IngestJournal::Moved() { return internal::FileMoved(*impl_->db); }

Status IngestJournal::ReopenIfMoved(bool create) {
  if (!Moved()) return Status::Ok();
  std::error_code ec;
  if (!create && !std::filesystem::exists(impl_->options.path, ec)) return Unavailable(kMoved);
  auto db = internal::OpenConnection(impl_->options, "ingest journal", &CreateJournal);
  if (!db.ok()) return db.status();
  try {
    impl_ = std::make_unique<Impl>(std::move(db).value(), impl_->options);
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return Unavailable(StatusFromSqlite(e, "reopen ingest journal").message());
  }
}

Status IngestJournal::CheckWritable() {
  NAGAME_RETURN_IF_ERROR(internal::CheckFileWritable(*impl_->db, "ingest journal"));
  try {
    StatementUse(impl_->begin)->exec();
    {
      StatementUse s(impl_->release);
      s->bind(1, int64_t{-1});
      s->exec();
    }
    impl_->db->exec("ROLLBACK");
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    impl_->RollBack();
    return Unavailable(StatusFromSqlite(e, "ingest journal write probe").message());
  }
}

Status IngestJournal::Checkpoint() {
  return internal::PassiveCheckpoint(*impl_->db, "checkpoint ingest journal");
}

}  // namespace nagame::storage
