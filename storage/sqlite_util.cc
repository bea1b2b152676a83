// SQLite error classification and column helpers.
#include "storage/sqlite_util.h"

#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace nagame::storage::internal {

bool IsUnavailableCode(int sqlite_result_code) {
  switch (sqlite_result_code & 0xff) {  // primary code of an extended one
    case SQLITE_PERM:
    case SQLITE_ABORT:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_NOMEM:
    case SQLITE_READONLY:
    case SQLITE_INTERRUPT:
    case SQLITE_IOERR:
    case SQLITE_CORRUPT:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL:
    case SQLITE_NOLFS:
    case SQLITE_AUTH:
    case SQLITE_NOTADB:
      return true;
    default:
      return false;
  }
}

Status StatusFromSqlite(const SQLite::Exception& e, std::string_view what) {
  std::string message(what);
  message += ": ";
  message += e.what();
  const int code = e.getExtendedErrorCode() > 0 ? e.getExtendedErrorCode() : e.getErrorCode();
  if (code > 0 && IsUnavailableCode(code)) return Unavailable(std::move(message));
  return Internal(std::move(message));
}

bool FileMoved(SQLite::Database& db) {
  int moved = 0;
  if (sqlite3_file_control(db.getHandle(), "main", SQLITE_FCNTL_HAS_MOVED, &moved) != SQLITE_OK) {
    return false;  // an in-memory database or a VFS that cannot tell
  }
  return moved != 0;
}

Status CheckFileWritable(SQLite::Database& db, std::string_view what) {
  if (FileMoved(db)) return Unavailable(std::string(what) + " file was deleted or moved");
  const char* database = sqlite3_db_filename(db.getHandle(), "main");
  if (database == nullptr || *database == '\0') return Status::Ok();  // in memory
  for (const char* file : {database, sqlite3_filename_wal(database)}) {
    if (file == nullptr || *file == '\0') continue;
    if (file != database && access(file, F_OK) != 0) continue;  // no WAL yet
    if (access(file, W_OK) != 0) {
      return Unavailable(std::string(what) + " file is not writable (" + std::strerror(errno) +
                         ")");
    }
  }
  return Status::Ok();
}

void BindOptionalTime(SQLite::Statement& s, int index, const std::optional<Time>& t) {
  if (t) {
    BindTime(s, index, *t);
  } else {
    s.bind(index);  // NULL
  }
}

std::optional<Time> OptionalTimeColumn(const SQLite::Statement& s, int index) {
  SQLite::Column c = s.getColumn(index);
  if (c.isNull()) return std::nullopt;
  return FromUnixNanos(c.getInt64());
}

}  // namespace nagame::storage::internal
