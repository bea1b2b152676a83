// SQLite error classification and column helpers.
#include "storage/sqlite_util.h"

#include <sqlite3.h>

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
