// ReadStore: a reader connection to the event store shared by request handlers.
//
// Thread-safe: calls are serialised by a mutex (one SQLite connection). WAL lets reads run
// while the ingest writer commits.
#pragma once

#include <memory>
#include <mutex>

#include "storage/event_store.h"

namespace nagame::bot {

class ReadStore {
 public:
  explicit ReadStore(std::unique_ptr<storage::EventStore> store) : store_(std::move(store)) {}

  // Runs f(EventStore&) under the lock and returns what it returns.
  template <typename F>
  auto With(F&& f) {
    std::lock_guard lock(mu_);
    return f(*store_);
  }

 private:
  std::mutex mu_;
  std::unique_ptr<storage::EventStore> store_;
};

}  // namespace nagame::bot
