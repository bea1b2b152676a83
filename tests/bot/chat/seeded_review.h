// A ReviewService over a real SQLite file seeded through the storage API, for the chat tests:
// a fixed clock (Mon 2026-11-30 09:30 Asia/Tokyo), rule definitions from
// tests/fixtures/chat/rules.yml, and a history with a noisy rule, a quiet rule, a rule firing
// for 9 days, an improved rule, last week's decision, and an ack.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "bot/config.h"
#include "bot/review/review_service.h"
#include "rules/alert_event.h"
#include "storage/event_store.h"
#include "tests/support/files.h"
#include "tests/support/history_builder.h"

namespace nagame::testing {

inline const Time kChatNow = AtTime("2026-11-30T00:30:00Z");

// One complete (resolved) or open episode as one delivery.
inline rules::Delivery EpisodeDelivery(const std::string& rule, const std::string& instance,
                                       Time start, std::optional<Duration> length,
                                       const rules::Labels& extra = {}) {
  rules::AlertEvent a;
  a.rule = rule;
  a.labels = extra;
  a.labels["alertname"] = rule;
  a.labels["instance"] = instance;
  a.fingerprint = rules::FingerprintOf("alertmanager", a.labels);
  a.starts_at = start;
  if (length) {
    a.status = rules::AlertStatus::kResolved;
    a.ends_at = start + *length;
  }
  rules::Delivery d;
  d.source = "alertmanager";
  d.receiver = "nagame";
  d.group_key = "{}:{alertname=\"" + rule + "\"}";
  d.status = length ? "resolved" : "firing";
  d.received_at = length ? *a.ends_at : start;
  d.alerts.push_back(std::move(a));
  return d;
}

// Stores `deliveries` in one group commit.
inline void Seed(const std::string& db, const std::vector<rules::Delivery>& deliveries) {
  storage::StoreOptions so;
  so.path = db;
  auto store = storage::EventStore::Open(so);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  std::vector<const rules::Delivery*> ptrs;
  for (const auto& d : deliveries) ptrs.push_back(&d);
  std::vector<Result<storage::DeliveryOutcome>> outcomes;
  ASSERT_TRUE((*store)->RecordBatch(ptrs, &outcomes).ok());
  for (const auto& o : outcomes) ASSERT_TRUE(o.ok()) << o.status().ToString();
}

// `text` with the absolute fixtures directory replaced by "fixtures" (portable goldens).
inline std::string PortablePaths(std::string text) {
  const std::string dir = FixturePath("").string();
  for (size_t at; (at = text.find(dir)) != std::string::npos;) {
    text.replace(at, dir.size(), "fixtures/");
  }
  return text;
}

inline bot::Config ChatTestConfig(const TempDir& dir) {
  bot::Config config;
  config.database = (dir / "nagame.db").string();
  config.timezone = "Asia/Tokyo";
  config.public_url = "https://nagame.example.com";
  config.rule_files = {FixturePath("chat/rules.yml").string()};
  return config;
}

// The standard history: see the file comment. Times are relative to kChatNow.
inline std::vector<rules::Delivery> StandardHistory() {
  using std::chrono::hours;
  using std::chrono::minutes;
  std::vector<rules::Delivery> out;
  const Time week = kChatNow - hours(24 * 7);
  const rules::Labels shop = {{"severity", "warning"}, {"team", "shop"}};
  // Noisy: 3 pods × 8 short restarts this week (2 minutes each), 4 last week.
  for (int pod = 0; pod < 3; ++pod) {
    for (int i = 0; i < 8; ++i) {
      out.push_back(EpisodeDelivery("PodRestartsHigh", "pod-" + std::to_string(pod),
                                    week + hours(3 + 20 * i) + minutes(pod), minutes(2), shop));
    }
    for (int i = 0; i < 4; ++i) {
      out.push_back(EpisodeDelivery("PodRestartsHigh", "pod-" + std::to_string(pod),
                                    week - hours(30 + 30 * i), minutes(2), shop));
    }
  }
  // Quiet and critical: twice this week.
  for (int i = 0; i < 2; ++i) {
    out.push_back(EpisodeDelivery("PodRestartsHighCritical", "pod-0", week + hours(40 + 50 * i),
                                  minutes(12), {{"severity", "critical"}, {"team", "shop"}}));
  }
  // Firing for 9 days on nfs-1.
  out.push_back(EpisodeDelivery("DiskWillFillIn4h", "nfs-1", kChatNow - hours(24 * 9), std::nullopt,
                                {{"severity", "page"}, {"team", "infra"}}));
  // Improved: 12 episodes last week, 2 this week.
  for (int i = 0; i < 12; ++i) {
    out.push_back(EpisodeDelivery("CheckoutLatencyHigh", "checkout-1", week - hours(160 - 12 * i),
                                  minutes(20), {{"severity", "warning"}, {"service", "checkout"}}));
  }
  for (int i = 0; i < 2; ++i) {
    out.push_back(EpisodeDelivery("CheckoutLatencyHigh", "checkout-1", week + hours(50 + 40 * i),
                                  minutes(20), {{"severity", "warning"}, {"service", "checkout"}}));
  }
  return out;
}

// A ReviewService on a store seeded with `history`, plus last week's decision on
// PodRestartsHigh and an ack on CheckoutLatencyHigh.
inline std::unique_ptr<bot::ReviewService> SeededReview(
    const TempDir& dir, const std::vector<rules::Delivery>& history = StandardHistory(),
    bool with_records = true) {
  bot::Config config = ChatTestConfig(dir);
  Seed(config.database, history);
  bot::ReviewServiceOptions options;
  options.clock = [] { return kChatNow; };
  auto review = bot::ReviewService::Create(config, options);
  EXPECT_TRUE(review.ok()) << review.status().ToString();
  if (!review.ok()) return nullptr;
  if (with_records) {
    auto decision = (*review)->RecordDecision({.rule = "PodRestartsHigh",
                                               .action = rules::DecisionAction::kTune,
                                               .note = "raise for: to 5m",
                                               .author = "mori",
                                               .at = AtTime("2026-11-18T03:00:00Z")});
    EXPECT_TRUE(decision.ok()) << decision.status().ToString();
    auto ack = (*review)->RecordAck({.rule = "CheckoutLatencyHigh",
                                     .user = "aoki",
                                     .note = "looked",
                                     .at = kChatNow - std::chrono::hours(20)});
    EXPECT_TRUE(ack.ok()) << ack.status().ToString();
  }
  return std::move(review).value();
}

}  // namespace nagame::testing
