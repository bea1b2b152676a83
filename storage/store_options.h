// StoreOptions: how every storage connection opens its SQLite file.
#pragma once

#include <chrono>
#include <string>

#include "rules/time.h"

namespace nagame::storage {

struct StoreOptions {
  std::string path;                                 // SQLite file; created if missing
  Duration busy_timeout = std::chrono::seconds(5);  // wait for the write lock this long
  bool read_only = false;                           // readers: no migrations, no writes
  // WAL pages after which a commit checkpoints by itself (SQLite's default is 1000). The
  // ingest writer sets it high and leaves checkpoints to Checkpoint() on another connection,
  // so commits never wait for one; this is the safety net if that falls behind.
  int wal_autocheckpoint_pages = 1000;
  // Page cache per connection, KiB (SQLite's default is 2000). The ingest writer takes more:
  // it touches the right edge of every episode index on each commit, and re-reading those
  // pages from the OS was a fifth of its time. Values under 64 are taken as 64: the PRAGMA
  // reads a negative size as KiB, so 0 or less would not mean "no cache" but garbage.
  int cache_kib = 8192;
};

}  // namespace nagame::storage
