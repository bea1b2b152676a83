// WalCheckpointer: keeps the SQLite write-ahead log short without making commits wait.
//
// SQLite's automatic checkpoint runs inside whichever COMMIT crosses the threshold, so one
// unlucky webhook pays for copying the log into the database. The ingest writer raises that
// threshold (StoreOptions::wal_autocheckpoint_pages) and this thread runs a PASSIVE checkpoint
// on its own connection every `every` instead: it never blocks the writer or readers, and the
// log restarts from the beginning once a checkpoint has caught up. The thread runs at the
// lowest CPU priority (nice 19, no real-time policy), like the episode builder: it is
// background work, and copying pages should not delay the threads that answer webhooks.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bot/metrics/metrics.h"
#include "rules/status.h"
#include "rules/time.h"

namespace nagame::bot {

class WalCheckpointer {
 public:
  // One database file: its name for logs, and a passive checkpoint on a connection of its own
  // (EventStore::Checkpoint, IngestJournal::Checkpoint), which the function keeps alive.
  struct Target {
    std::string name;
    std::function<Status()> checkpoint;
  };

  // Checkpoints every target each `every`. `metrics` may be null; it must outlive this object.
  WalCheckpointer(std::vector<Target> targets, Duration every, Metrics* metrics);
  ~WalCheckpointer();  // Stop()s

  void Start();
  void Stop();  // idempotent; joins the thread

 private:
  void Run();

  std::vector<Target> targets_;
  Duration every_;
  Metrics* metrics_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace nagame::bot
