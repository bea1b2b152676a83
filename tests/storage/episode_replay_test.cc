// Replays real HA Alertmanager deliveries (fixtures/alertmanager/captured) through the parser
// and the store, and checks the episodes design §3 promises.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/sources/alertmanager.h"
#include "storage/event_store.h"
#include "tests/support/files.h"

namespace nagame::storage {
namespace {

using rules::EpisodeState;

constexpr char kAm1[] = "http://127.0.0.1:58653";
constexpr char kAm2[] = "http://127.0.0.1:57075";

Time T(const std::string& rfc3339) { return ParseRfc3339(rfc3339).value().value(); }
// Arrival times in capture-summary.md are whole seconds on 2026-11-28.
Time Arrival(const std::string& hhmmss) { return T("2026-11-28T" + hhmmss + "Z"); }

std::string Captured(const std::string& name) {
  return testing::ReadFixture("alertmanager/captured/" + name);
}

rules::Delivery Parse(const std::string& body, Time received_at) {
  auto d = bot::ParseAlertmanagerWebhook(body, received_at);
  EXPECT_TRUE(d.ok()) << d.status().ToString();
  return d.ok() ? *d : rules::Delivery{};
}

// One group's payload shape, from a captured body.
nlohmann::json Template(const std::string& group) {
  if (group == "AlwaysFiring") return nlohmann::json::parse(Captured("first_firing.json"));
  if (group == "Flapping") return nlohmann::json::parse(Captured("resolved.json"));
  if (group == "TargetUp") return nlohmann::json::parse(Captured("several_alerts.json"));
  if (group == "PrometheusJobMissing") {
    return nlohmann::json::parse(Captured("ceph_rule_firing.json"));
  }
  // SlowFlapping: no body of it was kept; Flapping's shape with its own name and fingerprint.
  nlohmann::json j = nlohmann::json::parse(Captured("resolved.json"));
  nlohmann::json& a = j["alerts"][0];
  a["labels"]["alertname"] = group;
  a["annotations"]["summary"] = "SlowFlapping alert, firing about 30s out of every 60s";
  a["fingerprint"] = "3b0c5e2f9a7d1c64";
  j["groupLabels"]["alertname"] = group;
  j["commonLabels"]["alertname"] = group;
  j["commonAnnotations"] = a["annotations"];
  j["groupKey"] = "{}:{alertname=\"" + group + "\"}";
  return j;
}

// A body of `group` from `external_url` whose alerts all have `status` and `starts_at`; a
// resolved one ends `firing_for` after it started (Flapping 10 s, SlowFlapping 30 s).
std::string Body(const std::string& group, const char* external_url, const std::string& status,
                 const std::string& starts_at, Duration firing_for = std::chrono::seconds(10)) {
  nlohmann::json j = Template(group);
  j["status"] = status;
  j["externalURL"] = external_url;
  for (nlohmann::json& a : j["alerts"]) {
    a["status"] = status;
    a["startsAt"] = starts_at;
    a["endsAt"] = status == "resolved" ? FormatRfc3339(T(starts_at) + firing_for)
                                       : std::string("0001-01-01T00:00:00Z");
  }
  return j.dump();
}

class EpisodeReplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = EventStore::Open({.path = (dir_ / "replay.db").string()});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }
  DeliveryOutcome Record(const std::string& body, Time received_at) {
    auto out = store_->Record(Parse(body, received_at));
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    return out.ok() ? *out : DeliveryOutcome{};
  }
  std::vector<Episode> Episodes(std::optional<std::string> rule = std::nullopt) {
    EpisodeQuery q;
    q.rule = std::move(rule);
    auto got = store_->FindEpisodes(q);
    EXPECT_TRUE(got.ok()) << got.status().ToString();
    return got.ok() ? *got : std::vector<Episode>{};
  }

  testing::TempDir dir_;
  std::unique_ptr<EventStore> store_;
};

TEST_F(EpisodeReplayTest, RepeatIntervalResendExtendsTheEpisode) {
  EXPECT_EQ(Record(Captured("first_firing.json"), Arrival("20:03:55")).opened, 1);
  EXPECT_EQ(Record(Captured("repeat_interval.json"), Arrival("20:04:05")).extended, 1);
  std::vector<Episode> got = Episodes();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].rule, "AlwaysFiring");
  EXPECT_EQ(got[0].fingerprint, "7e9a8b94ecb6e646");
  EXPECT_EQ(got[0].starts_at, T("2026-11-28T20:03:46.566Z"));
  EXPECT_EQ(got[0].state, EpisodeState::kFiring);
  EXPECT_EQ(got[0].notifications, 2);
  EXPECT_EQ(got[0].first_notified_at, Arrival("20:03:55"));
  EXPECT_EQ(got[0].last_notified_at, Arrival("20:04:05"));
  EXPECT_EQ(got[0].labels.at("team"), "sre");
  EXPECT_EQ(got[0].annotations.at("runbook_url"),
            "https://runbooks.example.com/acceptance/AlwaysFiring");
}

TEST_F(EpisodeReplayTest, HaDuplicateFromBothPeersIsOneEpisode) {
  EXPECT_EQ(Record(Captured("ha_duplicate_am1.json"), Arrival("20:05:25")).opened, 1);
  EXPECT_EQ(Record(Captured("ha_duplicate_am2.json"), Arrival("20:05:25")).extended, 1);
  std::vector<Episode> got = Episodes();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].state, EpisodeState::kFiring);
  EXPECT_EQ(got[0].notifications, 2);
  EXPECT_EQ(store_->CountRows()->deliveries, 2);
}

TEST_F(EpisodeReplayTest, LaggingPeersFiringAfterResolvedNeverReopens) {
  const std::string starts = "2026-11-28T20:04:40.566Z";
  EXPECT_EQ(Record(Body("Flapping", kAm1, "firing", starts), Arrival("20:04:40")).opened, 1);
  EXPECT_EQ(Record(Body("Flapping", kAm1, "resolved", starts), Arrival("20:04:50")).resolved, 1);
  const DeliveryOutcome late =
      Record(Captured("ha_late_firing_after_resolved.json"), Arrival("20:04:56"));
  EXPECT_EQ(late.notify_only, 1);
  EXPECT_EQ(late.reopened + late.opened, 0);
  std::vector<Episode> got = Episodes();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].state, EpisodeState::kResolved);
  EXPECT_EQ(got[0].starts_at, T(starts));
  EXPECT_EQ(got[0].ends_at, T("2026-11-28T20:04:50.566Z"));
  EXPECT_EQ(got[0].notifications, 3);
  EXPECT_EQ(*store_->CountOpenEpisodes(), 0);
}

TEST_F(EpisodeReplayTest, ResolvedAsFirstNewsRecordsTheWholeEpisode) {
  const DeliveryOutcome out =
      Record(Captured("ha_resolved_unannounced_episode.json"), Arrival("19:55:26"));
  EXPECT_EQ(out.recorded, 1);
  std::vector<Episode> got = Episodes();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].rule, "Flapping");
  EXPECT_EQ(got[0].state, EpisodeState::kResolved);
  EXPECT_EQ(got[0].starts_at, T("2026-11-28T19:55:05.88Z"));
  EXPECT_EQ(got[0].ends_at, T("2026-11-28T19:55:10.88Z"));
  EXPECT_EQ(got[0].notifications, 1);
  EXPECT_EQ(*store_->CountOpenEpisodes(), 0);
}

TEST_F(EpisodeReplayTest, NewerStartsAtExpiresTheOlderOpenEpisode) {
  const std::string older = "2026-11-28T20:04:20.566Z", newer = "2026-11-28T20:04:40.566Z";
  Record(Body("Flapping", kAm1, "firing", older), Arrival("20:04:20"));
  Record(Body("Flapping", kAm1, "firing", older), Arrival("20:04:28"));
  // Its resolved was lost; the next firing says the older one is over.
  const DeliveryOutcome out = Record(Body("Flapping", kAm1, "firing", newer), Arrival("20:04:40"));
  EXPECT_EQ(out.opened, 1);
  EXPECT_EQ(out.expired, 1);
  std::vector<Episode> got = Episodes("Flapping");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].starts_at, T(newer));
  EXPECT_EQ(got[0].state, EpisodeState::kFiring);
  EXPECT_EQ(got[1].starts_at, T(older));
  EXPECT_EQ(got[1].state, EpisodeState::kExpired);
  EXPECT_EQ(got[1].ends_at, Arrival("20:04:28"));  // its last notification
  EXPECT_EQ(*store_->CountOpenEpisodes(), 1);
}

TEST_F(EpisodeReplayTest, ExpirySweepThenLaterFiringReopens) {
  const Duration expire_after = std::chrono::hours(12);
  Record(Captured("first_firing.json"), Arrival("20:03:55"));
  EXPECT_EQ(*store_->ExpireStale(Arrival("20:03:55") + expire_after, expire_after), 0);
  EXPECT_EQ(*store_->CountOpenEpisodes(), 1);
  EXPECT_EQ(*store_->ExpireStale(Arrival("20:03:56") + expire_after, expire_after), 1);
  EXPECT_EQ(*store_->CountOpenEpisodes(), 0);
  std::vector<Episode> got = Episodes();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].state, EpisodeState::kExpired);
  EXPECT_EQ(got[0].ends_at, Arrival("20:03:55"));
  // Sweeping again changes nothing.
  EXPECT_EQ(*store_->ExpireStale(Arrival("20:03:56") + 2 * expire_after, expire_after), 0);

  EXPECT_EQ(Record(Captured("repeat_interval.json"), T("2026-11-29T09:00:00Z")).reopened, 1);
  got = Episodes();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].state, EpisodeState::kFiring);
  EXPECT_EQ(got[0].ends_at, std::nullopt);
  EXPECT_EQ(got[0].notifications, 2);
  EXPECT_EQ(got[0].last_notified_at, T("2026-11-29T09:00:00Z"));
  EXPECT_EQ(*store_->CountOpenEpisodes(), 1);
}

// The whole captured run (capture-summary.md, per-episode table), in request order.
struct Request {
  int n;
  const char* group;
  const char* from;
  const char* status;
  const char* starts_at;
  const char* arrival;
};

constexpr char kAlways[] = "2026-11-28T20:03:46.566Z";
constexpr char kTarget[] = "2026-11-28T20:03:52.477Z";
constexpr char kJob[] = "2026-11-28T20:04:16.612Z";
constexpr char kFlap1[] = "2026-11-28T20:04:00.566Z";
constexpr char kFlap2[] = "2026-11-28T20:04:20.566Z";
constexpr char kFlap3[] = "2026-11-28T20:04:40.566Z";
constexpr char kFlap4[] = "2026-11-28T20:05:00.566Z";
constexpr char kFlap5[] = "2026-11-28T20:05:20.566Z";
constexpr char kSlow1[] = "2026-11-28T20:04:00.566Z";
constexpr char kSlow2[] = "2026-11-28T20:05:00.566Z";

// clang-format off
const Request kRun[] = {
    {0, "TargetUp", kAm1, "firing", kTarget, "20:03:55"},
    {1, "AlwaysFiring", kAm1, "firing", kAlways, "20:03:55"},
    {2, "Flapping", kAm1, "firing", kFlap1, "20:04:00"},
    {3, "SlowFlapping", kAm1, "firing", kSlow1, "20:04:01"},
    {4, "TargetUp", kAm1, "firing", kTarget, "20:04:05"},
    {5, "AlwaysFiring", kAm1, "firing", kAlways, "20:04:05"},
    {6, "Flapping", kAm1, "resolved", kFlap1, "20:04:10"},
    {7, "SlowFlapping", kAm1, "firing", kSlow1, "20:04:11"},
    {8, "AlwaysFiring", kAm1, "firing", kAlways, "20:04:15"},
    {9, "TargetUp", kAm1, "firing", kTarget, "20:04:15"},
    {10, "PrometheusJobMissing", kAm1, "firing", kJob, "20:04:17"},
    {11, "Flapping", kAm1, "firing", kFlap2, "20:04:20"},
    {12, "SlowFlapping", kAm1, "firing", kSlow1, "20:04:21"},
    {13, "AlwaysFiring", kAm1, "firing", kAlways, "20:04:25"},
    {14, "TargetUp", kAm1, "firing", kTarget, "20:04:25"},
    {15, "Flapping", kAm2, "resolved", kFlap1, "20:04:26"},
    {16, "PrometheusJobMissing", kAm1, "firing", kJob, "20:04:27"},
    {17, "Flapping", kAm1, "firing", kFlap2, "20:04:28"},
    {18, "Flapping", kAm1, "resolved", kFlap2, "20:04:30"},
    {19, "SlowFlapping", kAm1, "resolved", kSlow1, "20:04:31"},
    {20, "TargetUp", kAm1, "firing", kTarget, "20:04:35"},
    {21, "AlwaysFiring", kAm1, "firing", kAlways, "20:04:35"},
    {22, "PrometheusJobMissing", kAm1, "firing", kJob, "20:04:37"},
    {23, "Flapping", kAm1, "firing", kFlap3, "20:04:40"},
    {24, "AlwaysFiring", kAm1, "firing", kAlways, "20:04:45"},
    {25, "TargetUp", kAm1, "firing", kTarget, "20:04:45"},
    {26, "PrometheusJobMissing", kAm1, "firing", kJob, "20:04:47"},
    {27, "Flapping", kAm1, "resolved", kFlap3, "20:04:50"},
    {28, "AlwaysFiring", kAm1, "firing", kAlways, "20:04:55"},
    {29, "TargetUp", kAm1, "firing", kTarget, "20:04:55"},
    {30, "Flapping", kAm2, "firing", kFlap3, "20:04:56"},
    {31, "PrometheusJobMissing", kAm1, "firing", kJob, "20:04:57"},
    {32, "SlowFlapping", kAm1, "firing", kSlow2, "20:05:00"},
    {33, "SlowFlapping", kAm2, "resolved", kSlow1, "20:05:01"},
    {34, "SlowFlapping", kAm1, "firing", kSlow2, "20:05:02"},
    {35, "TargetUp", kAm1, "firing", kTarget, "20:05:05"},
    {36, "AlwaysFiring", kAm1, "firing", kAlways, "20:05:05"},
    {37, "Flapping", kAm1, "firing", kFlap4, "20:05:06"},
    {38, "PrometheusJobMissing", kAm1, "firing", kJob, "20:05:07"},
    {39, "Flapping", kAm1, "resolved", kFlap4, "20:05:10"},
    {40, "SlowFlapping", kAm1, "firing", kSlow2, "20:05:12"},
    {41, "AlwaysFiring", kAm1, "firing", kAlways, "20:05:15"},
    {42, "TargetUp", kAm1, "firing", kTarget, "20:05:15"},
    {43, "PrometheusJobMissing", kAm1, "firing", kJob, "20:05:17"},
    {44, "Flapping", kAm1, "firing", kFlap5, "20:05:20"},
    {45, "SlowFlapping", kAm1, "firing", kSlow2, "20:05:22"},
    {46, "AlwaysFiring", kAm1, "firing", kAlways, "20:05:25"},
    {47, "TargetUp", kAm1, "firing", kTarget, "20:05:25"},
    {48, "AlwaysFiring", kAm2, "firing", kAlways, "20:05:25"},
    {49, "TargetUp", kAm2, "firing", kTarget, "20:05:25"},
    {50, "Flapping", kAm2, "resolved", kFlap4, "20:05:26"},
    {51, "PrometheusJobMissing", kAm1, "firing", kJob, "20:05:27"},
    {52, "Flapping", kAm1, "firing", kFlap5, "20:05:28"},
};

// What the run must leave behind: one line per episode.
struct Expected {
  const char* rule;
  const char* fingerprint;
  const char* starts_at;
  EpisodeState state;
  const char* ends_at;  // nullptr while firing
  int notifications;
};
constexpr auto kF = EpisodeState::kFiring;
constexpr auto kR = EpisodeState::kResolved;
const Expected kEpisodes[] = {
    {"AlwaysFiring", "7e9a8b94ecb6e646", kAlways, kF, nullptr, 11},
    {"Flapping", "dacf9b9d4514851e", kFlap1, kR, "2026-11-28T20:04:10.566Z", 3},
    {"Flapping", "dacf9b9d4514851e", kFlap2, kR, "2026-11-28T20:04:30.566Z", 3},
    {"Flapping", "dacf9b9d4514851e", kFlap3, kR, "2026-11-28T20:04:50.566Z", 3},
    {"Flapping", "dacf9b9d4514851e", kFlap4, kR, "2026-11-28T20:05:10.566Z", 3},
    {"Flapping", "dacf9b9d4514851e", kFlap5, kF, nullptr, 2},
    {"PrometheusJobMissing", "f999b0656d50d5bd", kJob, kF, nullptr, 8},
    {"SlowFlapping", "3b0c5e2f9a7d1c64", kSlow1, kR, "2026-11-28T20:04:30.566Z", 5},
    {"SlowFlapping", "3b0c5e2f9a7d1c64", kSlow2, kF, nullptr, 4},
    {"TargetUp", "7d4191cbb5eaa8eb", kTarget, kF, nullptr, 11},
    {"TargetUp", "c35ad14b281b9017", kTarget, kF, nullptr, 11},
};
// clang-format on

std::vector<rules::Delivery> CapturedRun() {
  std::vector<rules::Delivery> out;
  int n = 0;
  for (const Request& r : kRun) {
    EXPECT_EQ(r.n, n++) << "requests out of order";
    const Duration firing_for = std::string(r.group) == "SlowFlapping" ? std::chrono::seconds(30)
                                                                       : std::chrono::seconds(10);
    out.push_back(
        Parse(Body(r.group, r.from, r.status, r.starts_at, firing_for), Arrival(r.arrival)));
  }
  return out;
}

// "rule fingerprint starts_at state ends_at xN", sorted, for readable diffs.
std::vector<std::string> Describe(const std::vector<Episode>& episodes) {
  std::vector<std::string> out;
  for (const Episode& e : episodes) {
    out.push_back(e.rule + " " + e.fingerprint + " " + FormatRfc3339(e.starts_at) + " " +
                  rules::EpisodeStateName(e.state) + " " +
                  (e.ends_at ? FormatRfc3339(*e.ends_at) : std::string("-")) + " x" +
                  std::to_string(e.notifications));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> Describe(const Expected* begin, const Expected* end, int times = 1) {
  std::vector<std::string> out;
  for (const Expected* e = begin; e != end; ++e) {
    out.push_back(std::string(e->rule) + " " + e->fingerprint + " " + e->starts_at + " " +
                  rules::EpisodeStateName(e->state) + " " + (e->ends_at ? e->ends_at : "-") + " x" +
                  std::to_string(e->notifications * times));
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST_F(EpisodeReplayTest, WholeCapturedRunGivesTheTablesEpisodes) {
  // Batch sizes: one request per transaction, a few, and the whole run in one group commit.
  for (size_t batch_size : {size_t{1}, size_t{7}, std::size(kRun)}) {
    SCOPED_TRACE("batch size " + std::to_string(batch_size));
    testing::TempDir dir;
    auto opened = EventStore::Open({.path = (dir / "run.db").string()});
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    EventStore& store = **opened;
    const std::vector<rules::Delivery> run = CapturedRun();
    DeliveryOutcome total;
    for (size_t i = 0; i < run.size(); i += batch_size) {
      std::vector<const rules::Delivery*> batch;
      for (size_t j = i; j < std::min(run.size(), i + batch_size); ++j) batch.push_back(&run[j]);
      std::vector<Result<DeliveryOutcome>> outcomes;
      ASSERT_TRUE(store.RecordBatch(batch, &outcomes).ok());
      for (const auto& o : outcomes) {
        ASSERT_TRUE(o.ok()) << o.status().ToString();
        total.opened += o->opened;
        total.extended += o->extended;
        total.reopened += o->reopened;
        total.resolved += o->resolved;
        total.recorded += o->recorded;
        total.notify_only += o->notify_only;
        total.expired += o->expired;
      }
    }
    auto episodes = store.FindEpisodes({});
    ASSERT_TRUE(episodes.ok());
    EXPECT_EQ(Describe(*episodes), Describe(std::begin(kEpisodes), std::end(kEpisodes)));

    std::map<std::string, int> per_rule;
    for (const Episode& e : *episodes) ++per_rule[e.rule];
    EXPECT_EQ(per_rule, (std::map<std::string, int>{{"AlwaysFiring", 1},
                                                    {"Flapping", 5},
                                                    {"PrometheusJobMissing", 1},
                                                    {"SlowFlapping", 2},
                                                    {"TargetUp", 2}}));
    // 11 opened; 5 resolved; #15, #30, #33, #50 are stale HA deliveries; the rest extend.
    EXPECT_EQ(total.opened, 11);
    EXPECT_EQ(total.resolved, 5);
    EXPECT_EQ(total.notify_only, 4);
    EXPECT_EQ(total.extended, 64 - 11 - 5 - 4);
    EXPECT_EQ(total.reopened + total.recorded + total.expired, 0);
    EXPECT_EQ(*store.CountOpenEpisodes(), 6);
    const StoreCounts counts = *store.CountRows();
    EXPECT_EQ(counts.deliveries, 53);
    EXPECT_EQ(counts.alert_instances, 6);
    EXPECT_EQ(counts.notifications, 64);  // TargetUp deliveries hold two alerts

    // Delivered again (a sender replaying its queue): nothing re-opens, nothing new.
    std::vector<const rules::Delivery*> all;
    for (const rules::Delivery& d : run) all.push_back(&d);
    std::vector<Result<DeliveryOutcome>> outcomes;
    ASSERT_TRUE(store.RecordBatch(all, &outcomes).ok());
    episodes = store.FindEpisodes({});
    ASSERT_TRUE(episodes.ok());
    EXPECT_EQ(Describe(*episodes), Describe(std::begin(kEpisodes), std::end(kEpisodes), 2));
    EXPECT_TRUE(store.CheckIntegrity().ok());
  }
}

// The ingest journal path (IngestJournal, then EventStore::ApplyJournal) must build exactly
// the same episodes as applying at once, whatever the step size, across a restart with
// entries still waiting, and mixed with deliveries applied at once while the journal is empty
// (what IngestQueue does when its builder is idle).
TEST_F(EpisodeReplayTest, WholeCapturedRunThroughTheJournalGivesTheSameEpisodes) {
  struct Case {
    const char* name;
    size_t batch_size;     // deliveries journaled per step
    size_t build_every;    // steps between two builds
    bool restart_halfway;  // reopen both files with entries waiting
    bool odd_steps_at_once;
  };
  const Case cases[] = {
      {"one per step", 1, 1, false, false},
      {"five per step, built every fourth step, restart halfway", 5, 4, true, false},
      {"mixed with deliveries applied at once", 3, 1, false, true},
  };
  const auto no_deadline = std::chrono::steady_clock::time_point::max();
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    testing::TempDir dir;
    const std::string path = (dir / "run.db").string();
    auto store = std::move(EventStore::Open({.path = path})).value();
    auto journal = std::move(IngestJournal::Open({.path = JournalPathFor(path)})).value();
    int64_t last = 0;
    auto build = [&] {
      auto entries = journal->ReadAfter(*store->JournalAppliedThrough(), 1000);
      ASSERT_TRUE(entries.ok());
      JournalApplyStats stats;
      ASSERT_TRUE(store->ApplyJournal(*entries, no_deadline, &stats).ok());
      EXPECT_EQ(stats.failed, 0);
      EXPECT_EQ(stats.built, static_cast<int>(entries->size()));
    };
    const std::vector<rules::Delivery> run = CapturedRun();
    size_t step = 0;
    for (size_t i = 0; i < run.size(); i += c.batch_size, ++step) {
      if (c.restart_halfway && i >= run.size() / 2 && i < run.size() / 2 + c.batch_size) {
        const int64_t mark = *store->JournalAppliedThrough();
        EXPECT_GT(*journal->CountAfter(mark), 0);
        store.reset();
        journal.reset();
        store = std::move(EventStore::Open({.path = path})).value();
        journal = std::move(IngestJournal::Open({.path = JournalPathFor(path)})).value();
        EXPECT_EQ(*store->JournalAppliedThrough(), mark);  // durable, nothing built twice
        EXPECT_EQ(*journal->ResumeAfter(mark), last);
      }
      std::vector<const rules::Delivery*> batch;
      for (size_t j = i; j < std::min(run.size(), i + c.batch_size); ++j) batch.push_back(&run[j]);
      if (c.odd_steps_at_once && step % 2 == 1) {
        std::vector<Result<DeliveryOutcome>> outcomes;
        ASSERT_TRUE(store->RecordBatch(batch, &outcomes).ok());
        for (const auto& o : outcomes) ASSERT_TRUE(o.ok()) << o.status().ToString();
        continue;
      }
      ASSERT_TRUE(journal->Append(batch, *store->JournalAppliedThrough(), &last).ok());
      if ((step + 1) % c.build_every == 0) build();
    }
    build();  // drain
    EXPECT_EQ(*journal->CountAfter(*store->JournalAppliedThrough()), 0);
    auto episodes = store->FindEpisodes({});
    ASSERT_TRUE(episodes.ok());
    EXPECT_EQ(Describe(*episodes), Describe(std::begin(kEpisodes), std::end(kEpisodes)));
    const StoreCounts counts = *store->CountRows();
    EXPECT_EQ(counts.deliveries, 53);
    EXPECT_EQ(counts.notifications, 64);
    EXPECT_TRUE(store->CheckIntegrity().ok());
  }
}

}  // namespace
}  // namespace nagame::storage
