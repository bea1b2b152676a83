// StoreSeeder: deliveries recorded through EventStore::Record.
#include "tests/support/store_seeder.h"

#include <gtest/gtest.h>

namespace nagame::testing {

rules::AlertEvent StoreSeeder::Alert(const std::string& rule, const std::string& instance,
                                     Time start) const {
  rules::AlertEvent a;
  a.rule = rule;
  a.labels = labels_;
  a.labels["alertname"] = rule;
  a.labels["instance"] = instance;
  a.fingerprint = rules::FingerprintOf(source_, a.labels);
  a.annotations = {{"summary", rule + " on " + instance}};
  a.starts_at = start;
  return a;
}

void StoreSeeder::Deliver(rules::AlertEvent alert, Time at) {
  rules::Delivery d;
  d.source = source_;
  d.receiver = "nagame";
  d.group_key = "{}:{alertname=\"" + alert.rule + "\"}";
  d.external_url = "http://alertmanager.test:9093";
  d.status = rules::AlertStatusName(alert.status);
  d.received_at = at;
  d.alerts.push_back(std::move(alert));
  auto outcome = store_->Record(d);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
}

int64_t StoreSeeder::Episode(const std::string& rule, const std::string& instance, Time start,
                             std::optional<Duration> length, int repeats) {
  rules::AlertEvent a = Alert(rule, instance, start);
  Deliver(a, start);
  for (int i = 1; i <= repeats; ++i) Deliver(a, start + std::chrono::minutes(i));
  if (length) {
    a.status = rules::AlertStatus::kResolved;
    a.ends_at = start + *length;
    Deliver(a, *a.ends_at);
  }
  storage::EpisodeQuery q;
  q.fingerprint = a.fingerprint;
  q.from = start;
  q.to = start + std::chrono::nanoseconds(1);
  auto found = store_->FindEpisodes(q);
  if (!found.ok() || found->empty()) {
    ADD_FAILURE() << "seeded episode not found: " << rule << " " << instance;
    return 0;
  }
  return found->front().id;
}

void StoreSeeder::Episodes(const std::string& rule, const std::string& instance, Time first,
                           Duration every, Duration length, int count) {
  for (int i = 0; i < count; ++i) Episode(rule, instance, first + i * every, length);
}

}  // namespace nagame::testing
