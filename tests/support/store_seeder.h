// StoreSeeder: fills a real event store through its public API (EventStore::Record), as
// webhook deliveries would, so review and chat tests start from a known history.
//
// Example:
//   auto store = storage::EventStore::Open({.path = db});
//   StoreSeeder seed(store->get());
//   seed.Episodes("HostDown", "web-1", AtTime("2026-11-23T10:00:00Z"), 10min, 2min, 6);
#pragma once

#include <optional>
#include <string>

#include "rules/alert_event.h"
#include "rules/status.h"
#include "rules/time.h"
#include "storage/event_store.h"

namespace nagame::testing {

class StoreSeeder {
 public:
  // REQUIRES: `store` outlives the seeder.
  explicit StoreSeeder(storage::EventStore* store, std::string source = "alertmanager")
      : store_(store), source_(std::move(source)) {}

  // Labels every later alert carries besides alertname and instance (e.g. severity, team).
  StoreSeeder& WithLabels(rules::Labels labels) {
    labels_ = std::move(labels);
    return *this;
  }

  // One episode of `rule` on `instance`: a firing delivery at `start`, then `repeats` more
  // firing deliveries one minute apart, and — unless `length` is unset (still firing) — a
  // resolved delivery ending it at start + length. Fails the test on a store error.
  // Returns the episode's id (0 after a failure).
  int64_t Episode(const std::string& rule, const std::string& instance, Time start,
                  std::optional<Duration> length, int repeats = 0);

  // `count` episodes of `length`, `every` apart from `first`.
  void Episodes(const std::string& rule, const std::string& instance, Time first, Duration every,
                Duration length, int count);

 private:
  rules::AlertEvent Alert(const std::string& rule, const std::string& instance, Time start) const;
  void Deliver(rules::AlertEvent alert, Time at);

  storage::EventStore* store_;
  std::string source_;
  rules::Labels labels_;
};

}  // namespace nagame::testing
