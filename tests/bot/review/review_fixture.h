// A seeded review world shared by the review tests: a real SQLite file filled through the
// storage API, a rule file, a Config pointing at both, and a fixed clock.
//
//   week  = [2026-11-23, 2026-11-30) UTC, now = 2026-11-30T00:00:00Z
//   HostDown (defined, documented): 3 episodes of 20 min this week, 1 the week before
//   Flappy   (defined, documented): 9 episodes of 30 s, 2 h apart, and one of 25 min (the
//            real one, `real_flappy_episode`) this week
//   Orphan   (not defined): 1 episode this week
//   Quiet    (defined, no labels or annotations): never fired
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "bot/config.h"
#include "bot/review/review_service.h"
#include "storage/event_store.h"
#include "storage/snapshot_store.h"
#include "tests/support/files.h"
#include "tests/support/history_builder.h"
#include "tests/support/store_seeder.h"

namespace nagame::testing {

inline constexpr char kReviewRules[] = R"yaml(groups:
  - name: hosts
    rules:
      - alert: HostDown
        expr: up{job="node"} == 0
        for: 5m
        labels:
          severity: page
          team: sre
        annotations:
          summary: "{{ $labels.instance }} is down"
          runbook_url: https://runbooks.example/HostDown
      - alert: Flappy
        expr: rate(http_errors_total[1m]) > 1
        labels:
          severity: warning
          team: web
        annotations:
          summary: error rate is high
          runbook_url: https://runbooks.example/Flappy
      - alert: Quiet
        expr: vector(0) > 1
)yaml";

class ReviewWorld {
 public:
  ReviewWorld() {
    using namespace std::chrono_literals;
    WriteFile(dir_ / "rules.yml", kReviewRules);
    config_.database = (dir_ / "nagame.db").string();
    config_.timezone = "Asia/Tokyo";
    config_.rule_files = {(dir_ / "rules.yml").string()};

    storage::StoreOptions so;
    so.path = config_.database;
    auto store = storage::EventStore::Open(so);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    StoreSeeder seed(store->get());
    seed.WithLabels({{"severity", "page"}, {"team", "sre"}});
    seed.Episodes("HostDown", "web-1", AtTime("2026-11-24T10:00:00Z"), 24h, 20min, 3);
    seed.Episode("HostDown", "web-1", AtTime("2026-11-18T10:00:00Z"), 20min);
    seed.WithLabels({{"severity", "warning"}, {"team", "web"}});
    seed.Episodes("Flappy", "app-1", AtTime("2026-11-24T00:00:00Z"), 2h, 30s, 9);
    real_flappy_episode_ = seed.Episode("Flappy", "app-1", AtTime("2026-11-27T12:00:00Z"), 25min);
    seed.WithLabels({});
    seed.Episode("Orphan", "x-1", AtTime("2026-11-25T08:00:00Z"), 3min);

    // The rules were first seen on 2026-06-01 (later snapshots keep that).
    auto snapshots = storage::SnapshotStore::Open(so);
    EXPECT_TRUE(snapshots.ok()) << snapshots.status().ToString();
    std::vector<rules::DefinedRule> defined;
    for (const char* name : {"HostDown", "Flappy", "Quiet"}) {
      rules::DefinedRule r;
      r.definition.name = name;
      defined.push_back(r);
    }
    EXPECT_TRUE(
        (*snapshots)->RecordRules("rule_files", defined, AtTime("2026-06-01T00:00:00Z")).ok());
  }

  std::unique_ptr<bot::ReviewService> Service(bot::UpstreamReader upstream = {}) {
    bot::ReviewServiceOptions options;
    options.clock = [now = now_] { return now; };
    options.upstream = std::move(upstream);
    auto service = bot::ReviewService::Create(config_, options);
    EXPECT_TRUE(service.ok()) << service.status().ToString();
    return service.ok() ? std::move(service).value() : nullptr;
  }

  rules::Window week() const { return Week("2026-11-23"); }
  Time now() const { return now_; }
  int64_t real_flappy_episode() const { return real_flappy_episode_; }
  bot::Config& config() { return config_; }
  const TempDir& dir() const { return dir_; }

 private:
  TempDir dir_;
  bot::Config config_;
  Time now_ = AtTime("2026-11-30T00:00:00Z");
  int64_t real_flappy_episode_ = 0;
};

}  // namespace nagame::testing
