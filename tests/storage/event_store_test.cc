// Tests for EventStore on real SQLite files: durability, batches, failures, plans, migrations.
#include "storage/event_store.h"

#include <SQLiteCpp/SQLiteCpp.h>  // only to tamper with files the way another process could
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <time.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "storage/delivery_codec.h"
#include "storage/migrations.h"
#include "storage/review_store.h"
#include "tests/support/file_size_limit.h"
#include "tests/support/files.h"

namespace nagame::storage {
namespace {

using rules::AlertEvent;
using rules::AlertStatus;
using rules::Delivery;
using rules::EpisodeState;

Time T(const char* rfc3339) { return ParseRfc3339(rfc3339).value().value(); }

AlertEvent Alert(const std::string& rule, const std::string& fingerprint, const char* starts,
                 AlertStatus status = AlertStatus::kFiring, const char* ends = nullptr) {
  AlertEvent a;
  a.rule = rule;
  a.fingerprint = fingerprint;
  a.status = status;
  a.labels = {{"alertname", rule}, {"instance", fingerprint}, {"severity", "warning"}};
  a.annotations = {{"summary", rule + " is firing"}};
  a.starts_at = T(starts);
  if (ends) a.ends_at = T(ends);
  a.generator_url = "http://prometheus.example/graph?g0.expr=up";
  return a;
}

Delivery At(const char* received, std::vector<AlertEvent> alerts) {
  Delivery d;
  d.source = "alertmanager";
  d.receiver = "webhook";
  d.group_key = "{}:{alertname=\"" + (alerts.empty() ? std::string() : alerts[0].rule) + "\"}";
  d.external_url = "http://am1.example:9093";
  d.status = "firing";
  d.received_at = T(received);
  d.alerts = std::move(alerts);
  return d;
}

class EventStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<EventStore> OpenStore(StoreOptions options = {}) {
    if (options.path.empty()) options.path = path_;
    auto store = EventStore::Open(options);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }
  std::vector<Episode> All(EventStore& store) {
    auto episodes = store.FindEpisodes({});
    EXPECT_TRUE(episodes.ok()) << episodes.status().ToString();
    return episodes.ok() ? *episodes : std::vector<Episode>{};
  }
  StoreCounts Counts(EventStore& store) {
    auto c = store.CountRows();
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? *c : StoreCounts{};
  }

  testing::TempDir dir_;
  std::string path_ = (dir_ / "nagame.db").string();
};

TEST_F(EventStoreTest, OpenAppliesMigrationsOnceAndIsIdempotent) {
  {
    auto store = OpenStore();
    ASSERT_TRUE(store);
    EXPECT_EQ(*store->SchemaVersion(), EventStore::LatestSchemaVersion());
    EXPECT_TRUE(store->CheckReady().ok());
  }
  auto again = OpenStore();
  ASSERT_TRUE(again);
  EXPECT_EQ(*again->SchemaVersion(), EventStore::LatestSchemaVersion());
  SQLite::Database raw(path_);
  EXPECT_EQ(raw.execAndGet("SELECT COUNT(*) FROM schema_migrations").getInt(),
            EventStore::LatestSchemaVersion());
  EXPECT_EQ(raw.execAndGet("PRAGMA journal_mode").getString(), "wal");
}

// A database written by the first release (schema version 1) keeps its history through every
// later migration, including the rebuild of the episodes table in version 4.
TEST_F(EventStoreTest, VersionOneDatabaseKeepsItsHistoryThroughLaterMigrations) {
  {
    SQLite::Database raw(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    raw.exec(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at INTEGER NOT NULL)");
    raw.exec(Migrations()[0].sql);
    raw.exec("INSERT INTO schema_migrations VALUES (1, 'v1', 0)");
  }
  {
    // Written by a store that only knew version 1: same SQL, same rows.
    SQLite::Database raw(path_, SQLite::OPEN_READWRITE);
    raw.exec("PRAGMA foreign_keys = ON");
    raw.exec(
        "INSERT INTO deliveries VALUES (7, 'alertmanager', 'r', 'g', 'u', 'firing', 0, 1, "
        "1764360005000000000)");
    raw.exec(
        "INSERT INTO alert_instances VALUES (3, 'alertmanager', 'fa', 'A', "
        "'{\"alertname\":\"A\"}', '{}', '', 1764360005000000000)");
    raw.exec(
        "INSERT INTO episodes VALUES (42, 3, 'alertmanager', 'A', 1764360000000000000, NULL, "
        "'firing', 1, 1764360005000000000, 1764360005000000000)");
    raw.exec("INSERT INTO notifications VALUES (1, 7, 42, 'firing', 'open', 1764360005000000000)");
  }
  auto store = OpenStore();
  ASSERT_TRUE(store);
  EXPECT_EQ(*store->SchemaVersion(), EventStore::LatestSchemaVersion());
  std::vector<Episode> got = All(*store);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].id, 42);
  EXPECT_EQ(got[0].rule, "A");
  EXPECT_EQ(got[0].fingerprint, "fa");
  EXPECT_TRUE(store->CheckIntegrity().ok());
  // The next notification of that firing extends the same episode (id and identity kept).
  auto out = store->Record(At("2025-11-28T20:00:10Z", {Alert("A", "fa", "2025-11-28T20:00:00Z")}));
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->extended, 1);
  SQLite::Database raw(path_, SQLite::OPEN_READONLY);
  SQLite::Statement check(raw, "PRAGMA foreign_key_check");
  EXPECT_FALSE(check.executeStep()) << "a notification lost its episode";
}

TEST_F(EventStoreTest, FutureSchemaIsRefused) {
  ASSERT_TRUE(OpenStore());
  {
    SQLite::Database raw(path_, SQLite::OPEN_READWRITE);
    raw.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (" +
             std::to_string(EventStore::LatestSchemaVersion() + 1) + ", 'from the future', 0)");
  }
  for (bool read_only : {false, true}) {
    auto store = EventStore::Open({.path = path_, .read_only = read_only});
    ASSERT_FALSE(store.ok()) << "read_only=" << read_only;
    EXPECT_EQ(store.status().code(), Code::kFailedPrecondition) << store.status().ToString();
  }
  // Nothing was rolled forward or back.
  SQLite::Database raw(path_);
  EXPECT_EQ(raw.execAndGet("SELECT MAX(version) FROM schema_migrations").getInt(),
            EventStore::LatestSchemaVersion() + 1);
}

TEST_F(EventStoreTest, ReopenedFileHasTheRecordedEpisode) {
  {
    auto store = OpenStore();
    auto out =
        store->Record(At("2026-11-28T20:03:55Z",
                         {Alert("AlwaysFiring", "7e9a8b94ecb6e646", "2026-11-28T20:03:46.566Z")}));
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out->alerts, 1);
    EXPECT_EQ(out->opened, 1);
    EXPECT_GT(out->delivery_id, 0);
  }
  auto store = OpenStore();
  std::vector<Episode> got = All(*store);
  ASSERT_EQ(got.size(), 1u);
  const Episode& e = got[0];
  EXPECT_EQ(e.source, "alertmanager");
  EXPECT_EQ(e.rule, "AlwaysFiring");
  EXPECT_EQ(e.fingerprint, "7e9a8b94ecb6e646");
  EXPECT_EQ(e.labels, (rules::Labels{{"alertname", "AlwaysFiring"},
                                     {"instance", "7e9a8b94ecb6e646"},
                                     {"severity", "warning"}}));
  EXPECT_EQ(e.annotations, (rules::Labels{{"summary", "AlwaysFiring is firing"}}));
  EXPECT_EQ(e.starts_at, T("2026-11-28T20:03:46.566Z"));
  EXPECT_EQ(e.ends_at, std::nullopt);
  EXPECT_EQ(e.state, EpisodeState::kFiring);
  EXPECT_EQ(e.notifications, 1);
  EXPECT_EQ(e.first_notified_at, T("2026-11-28T20:03:55Z"));
  EXPECT_EQ(e.last_notified_at, T("2026-11-28T20:03:55Z"));
  EXPECT_EQ(e.generator_url, "http://prometheus.example/graph?g0.expr=up");
  EXPECT_TRUE(store->CheckIntegrity().ok());
  EXPECT_EQ(*store->CountOpenEpisodes(), 1);
}

TEST_F(EventStoreTest, LatestAnnotationsAndGeneratorUrlWin) {
  auto store = OpenStore();
  AlertEvent a = Alert("Disk", "f1", "2026-11-28T20:00:00Z");
  ASSERT_TRUE(store->Record(At("2026-11-28T20:00:05Z", {a})).ok());
  a.annotations["summary"] = "disk 91% full";
  a.generator_url = "http://prometheus-2.example/graph";
  ASSERT_TRUE(store->Record(At("2026-11-28T20:00:15Z", {a})).ok());
  std::vector<Episode> got = All(*store);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].annotations.at("summary"), "disk 91% full");
  EXPECT_EQ(got[0].generator_url, "http://prometheus-2.example/graph");
  EXPECT_EQ(got[0].notifications, 2);
  EXPECT_EQ(got[0].last_notified_at, T("2026-11-28T20:00:15Z"));
  EXPECT_EQ(Counts(*store).alert_instances, 1);
}

TEST_F(EventStoreTest, BadDeliveryInBatchRollsBackAlone) {
  struct Case {
    const char* name;
    void (*spoil)(Delivery&);  // makes the middle delivery bad after its first, valid alert
    const char* field;
  };
  const Case cases[] = {
      {"EmptyFingerprint", [](Delivery& d) { d.alerts[1].fingerprint.clear(); },
       "alerts[1].fingerprint"},
      {"EmptyRule", [](Delivery& d) { d.alerts[1].rule.clear(); }, "alerts[1].rule"},
      {"EmptySource", [](Delivery& d) { d.source.clear(); }, "source"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    testing::TempDir dir;
    auto store = OpenStore({.path = (dir / "batch.db").string()});
    ASSERT_TRUE(store);
    Delivery good1 = At("2026-11-28T20:00:05Z", {Alert("A", "fa", "2026-11-28T20:00:00Z")});
    Delivery bad = At("2026-11-28T20:00:05Z", {Alert("B", "fb", "2026-11-28T20:00:00Z"),
                                               Alert("B", "fb2", "2026-11-28T20:00:00Z")});
    bad.alerts[1].labels["password"] = "hunter2";
    c.spoil(bad);
    Delivery good2 = At("2026-11-28T20:00:06Z", {Alert("C", "fc", "2026-11-28T20:00:01Z")});
    const Delivery* batch[] = {&good1, &bad, &good2};
    std::vector<Result<DeliveryOutcome>> outcomes;
    ASSERT_TRUE(store->RecordBatch(batch, &outcomes).ok());
    ASSERT_EQ(outcomes.size(), 3u);
    EXPECT_TRUE(outcomes[0].ok());
    ASSERT_FALSE(outcomes[1].ok());
    EXPECT_EQ(outcomes[1].status().code(), Code::kInvalidArgument);
    EXPECT_EQ(outcomes[1].status().field(), c.field);
    EXPECT_EQ(outcomes[1].status().ToString().find("hunter2"), std::string::npos);
    EXPECT_TRUE(outcomes[2].ok());

    std::vector<Episode> got = All(*store);
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0].rule, "C");  // newest start first
    EXPECT_EQ(got[1].rule, "A");
    const StoreCounts n = Counts(*store);
    EXPECT_EQ(n.deliveries, 2);
    EXPECT_EQ(n.alert_instances, 2);  // not fb: nothing of the invalid delivery is written
    EXPECT_EQ(n.episodes, 2);
    EXPECT_EQ(n.notifications, 2);
    EXPECT_TRUE(store->CheckIntegrity().ok());
  }
}

using nagame::testing::FileSizeLimit;

TEST_F(EventStoreTest, FailedCommitOnFullDiskStoresNothing) {
  auto store = OpenStore();
  ASSERT_TRUE(
      store->Record(At("2026-11-28T20:00:05Z", {Alert("A", "fa", "2026-11-28T20:00:00Z")})).ok());
  const StoreCounts before = Counts(*store);
  {
    FileSizeLimit full(0);
    Delivery d1 = At("2026-11-28T20:00:10Z", {Alert("B", "fb", "2026-11-28T20:00:08Z")});
    Delivery d2 = At("2026-11-28T20:00:11Z", {Alert("A", "fa", "2026-11-28T20:00:00Z")});
    const Delivery* batch[] = {&d1, &d2};
    std::vector<Result<DeliveryOutcome>> outcomes;
    Status st = store->RecordBatch(batch, &outcomes);
    ASSERT_EQ(st.code(), Code::kUnavailable) << st.ToString();
    // Nothing reaches the file before COMMIT writes the WAL: this is the failed-commit path.
    EXPECT_NE(st.message().find("commit"), std::string::npos) << st.ToString();
    ASSERT_EQ(outcomes.size(), 2u);
    for (const auto& o : outcomes) EXPECT_EQ(o.status().code(), Code::kUnavailable);
  }
  // The same connection sees the old state, and so does a fresh one.
  EXPECT_EQ(Counts(*store).deliveries, before.deliveries);
  EXPECT_EQ(Counts(*store).episodes, before.episodes);
  store.reset();
  auto reopened = OpenStore();
  EXPECT_EQ(Counts(*reopened).deliveries, before.deliveries);
  EXPECT_EQ(Counts(*reopened).notifications, before.notifications);
  std::vector<Episode> got = All(*reopened);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].notifications, 1);
  EXPECT_TRUE(reopened->CheckIntegrity().ok());
  // And the store works again once there is room.
  EXPECT_TRUE(
      reopened->Record(At("2026-11-28T20:00:20Z", {Alert("A", "fa", "2026-11-28T20:00:00Z")}))
          .ok());
}

TEST_F(EventStoreTest, ReadOnlyStoreReadsButRefusesWrites) {
  {
    auto writer = OpenStore();
    ASSERT_TRUE(
        writer->Record(At("2026-11-28T20:00:05Z", {Alert("A", "fa", "2026-11-28T20:00:00Z")}))
            .ok());
  }
  auto reader = OpenStore({.path = path_, .read_only = true});
  ASSERT_TRUE(reader);
  EXPECT_EQ(All(*reader).size(), 1u);
  EXPECT_EQ(*reader->SchemaVersion(), EventStore::LatestSchemaVersion());

  auto out = reader->Record(At("2026-11-28T20:00:15Z", {Alert("A", "fa", "2026-11-28T20:00:00Z")}));
  EXPECT_EQ(out.status().code(), Code::kUnavailable) << out.status().ToString();
  EXPECT_EQ(reader->CheckReady().code(), Code::kUnavailable);
  EXPECT_EQ(reader->ExpireStale(T("2027-01-01T00:00:00Z"), std::chrono::hours(12)).status().code(),
            Code::kUnavailable);
  EXPECT_EQ(All(*reader)[0].notifications, 1);
}

TEST_F(EventStoreTest, WriteLockHeldPastBusyTimeoutIsUnavailable) {
  auto store = OpenStore({.path = path_, .busy_timeout = std::chrono::milliseconds(50)});
  ASSERT_TRUE(store);
  {
    SQLite::Database other(path_, SQLite::OPEN_READWRITE);
    other.exec("BEGIN IMMEDIATE");
    auto out =
        store->Record(At("2026-11-28T20:00:05Z", {Alert("A", "fa", "2026-11-28T20:00:00Z")}));
    EXPECT_EQ(out.status().code(), Code::kUnavailable) << out.status().ToString();
    EXPECT_EQ(store->CheckReady().code(), Code::kUnavailable);
    other.exec("ROLLBACK");
  }
  EXPECT_TRUE(store->CheckReady().ok());
  EXPECT_TRUE(
      store->Record(At("2026-11-28T20:00:05Z", {Alert("A", "fa", "2026-11-28T20:00:00Z")})).ok());
}

TEST_F(EventStoreTest, UnusablePathsAreUnavailable) {
  std::filesystem::create_directory(dir_ / "a-directory");
  testing::WriteFile(dir_ / "not-a-db", std::string(4096, 'x'));
  struct Case {
    std::string path;
    bool read_only;
  };
  const Case cases[] = {
      {(dir_ / "a-directory").string(), false},
      {(dir_ / "not-a-db").string(), false},
      {(dir_ / "not-a-db").string(), true},
      {(dir_ / "missing.db").string(), true},
      {(dir_ / "no-such-dir" / "x.db").string(), false},
  };
  for (const Case& c : cases) {
    auto store = EventStore::Open({.path = c.path, .read_only = c.read_only});
    ASSERT_FALSE(store.ok()) << c.path;
    EXPECT_EQ(store.status().code(), Code::kUnavailable)
        << c.path << " " << store.status().ToString();
  }
}

TEST_F(EventStoreTest, ReadOnlyOpenOfUnmigratedFileIsUnavailable) {
  { SQLite::Database raw(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE); }
  auto store = EventStore::Open({.path = path_, .read_only = true});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), Code::kUnavailable);
}

TEST_F(EventStoreTest, QueryPlansUseIndexesOnly) {
  auto store = OpenStore();
  EpisodeQuery window;
  window.from = T("2026-11-21T00:00:00Z");
  window.to = T("2026-11-28T00:00:00Z");
  auto with = [&](auto set) {
    EpisodeQuery q = window;
    set(q);
    return q;
  };
  struct Case {
    const char* name;
    EpisodeQuery query;
    std::vector<const char*> must_search;  // indexes the plan must search
  };
  const Case cases[] = {
      {"Rule",
       with([](EpisodeQuery& q) { q.rule = "Flapping"; }),
       {"episodes_rule_starts", "episodes_rule_ends"}},
      {"RuleAndSource",
       with([](EpisodeQuery& q) {
         q.rule = "Flapping";
         q.source = "grafana";
       }),
       {"episodes_rule_starts", "episodes_rule_ends"}},
      {"AllRules", window, {"episodes_starts", "episodes_ends"}},
      {"Source",
       with([](EpisodeQuery& q) { q.source = "alertmanager"; }),
       {"episodes_starts", "episodes_ends"}},
      {"Fingerprint",
       with([](EpisodeQuery& q) { q.fingerprint = "dacf9b9d4514851e"; }),
       {"sqlite_autoindex_alert_instances_1", "sqlite_autoindex_episodes_1"}},
      {"FingerprintRuleSource",
       with([](EpisodeQuery& q) {
         q.fingerprint = "f";
         q.rule = "R";
         q.source = "alertmanager";
       }),
       {"sqlite_autoindex_alert_instances_1", "sqlite_autoindex_episodes_1"}},
      {"Unbounded", EpisodeQuery{}, {"episodes_starts", "episodes_ends"}},
      {"StartedWithin",
       with([](EpisodeQuery& q) { q.started_within = true; }),
       {"episodes_starts"}},
  };
  for (const Case& c : cases) {
    auto plan = store->ExplainFindEpisodes(c.query);
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    SCOPED_TRACE(std::string(c.name) + " plan:\n" + *plan);
    EXPECT_EQ(plan->find("SCAN"), std::string::npos);
    for (const char* index : c.must_search) {
      EXPECT_NE(plan->find(std::string("SEARCH episodes USING ")), std::string::npos);
      EXPECT_NE(plan->find(std::string(" INDEX ") + index + " ("), std::string::npos) << index;
    }
  }
  auto plan = store->ExplainExpireStale();
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->find("SCAN"), std::string::npos) << *plan;
  EXPECT_NE(plan->find("SEARCH episodes USING INDEX episodes_open_last"), std::string::npos)
      << *plan;
}

TEST_F(EventStoreTest, FindEpisodesFiltersOverlapOrderAndLimit) {
  auto store = OpenStore();
  using S = AlertStatus;
  // Four episodes of rule R (instances r1, r2), one of rule Q, one of R from grafana.
  const Delivery deliveries[] = {
      At("2026-11-28T10:00:05Z", {Alert("R", "r1", "2026-11-28T10:00:00Z", S::kResolved,
                                        "2026-11-28T10:30:00Z")}),  // [10:00, 10:30)
      At("2026-11-28T11:00:05Z", {Alert("R", "r1", "2026-11-28T11:00:00Z", S::kResolved,
                                        "2026-11-28T12:00:00Z")}),             // [11:00, 12:00)
      At("2026-11-28T09:00:05Z", {Alert("R", "r2", "2026-11-28T09:00:00Z")}),  // open since 9:00
      At("2026-11-28T13:00:05Z", {Alert("R", "r1", "2026-11-28T13:00:00Z")}),  // open since 13:00
      At("2026-11-28T11:30:05Z", {Alert("Q", "q1", "2026-11-28T11:30:00Z")}),
  };
  for (const Delivery& d : deliveries) ASSERT_TRUE(store->Record(d).ok());
  Delivery grafana = At("2026-11-28T11:15:05Z", {Alert("R", "r1", "2026-11-28T11:15:00Z")});
  grafana.source = "grafana";
  ASSERT_TRUE(store->Record(grafana).ok());

  struct Case {
    const char* name;
    EpisodeQuery query;
    std::vector<std::string> want;  // "source/fingerprint@HH:MM", newest start first
  };
  auto q = [](const char* from, const char* to, std::optional<std::string> rule = std::nullopt,
              std::optional<std::string> source = std::nullopt,
              std::optional<std::string> fingerprint = std::nullopt, size_t limit = 10000) {
    EpisodeQuery query;
    if (from) query.from = T(from);
    if (to) query.to = T(to);
    query.rule = rule;
    query.source = source;
    query.fingerprint = fingerprint;
    query.limit = limit;
    return query;
  };
  auto started = [](EpisodeQuery query) {
    query.started_within = true;
    return query;
  };
  const Case cases[] = {
      {"Everything",
       q(nullptr, nullptr),
       {"alertmanager/r1@13:00", "alertmanager/q1@11:30", "grafana/r1@11:15",
        "alertmanager/r1@11:00", "alertmanager/r1@10:00", "alertmanager/r2@09:00"}},
      {"RuleWindowCatchesEndedInsideAndOpen",
       q("2026-11-28T10:15:00Z", "2026-11-28T10:45:00Z", "R"),
       {"alertmanager/r1@10:00", "alertmanager/r2@09:00"}},
      {"EndsAtFromCounts",
       q("2026-11-28T12:00:00Z", "2026-11-28T12:30:00Z", "R"),
       {"grafana/r1@11:15", "alertmanager/r1@11:00", "alertmanager/r2@09:00"}},
      {"StartAtToIsOutside",
       q("2026-11-28T12:30:00Z", "2026-11-28T13:00:00Z", "R"),
       {"grafana/r1@11:15", "alertmanager/r2@09:00"}},
      {"SourceFilter",
       q("2026-11-28T12:30:00Z", "2026-11-28T13:00:00Z", "R", "alertmanager"),
       {"alertmanager/r2@09:00"}},
      {"FingerprintAcrossSources",
       q(nullptr, nullptr, std::nullopt, std::nullopt, "r1"),
       {"alertmanager/r1@13:00", "grafana/r1@11:15", "alertmanager/r1@11:00",
        "alertmanager/r1@10:00"}},
      {"FingerprintWindowAndSource",
       q("2026-11-28T10:40:00Z", "2026-11-28T11:20:00Z", std::nullopt, "alertmanager", "r1"),
       {"alertmanager/r1@11:00"}},
      {"FingerprintAndOtherRule", q(nullptr, nullptr, "Q", std::nullopt, "r1"), {}},
      {"AllRulesWindow",
       q("2026-11-28T11:20:00Z", "2026-11-28T11:40:00Z"),
       {"alertmanager/q1@11:30", "grafana/r1@11:15", "alertmanager/r1@11:00",
        "alertmanager/r2@09:00"}},
      {"Limit",
       q(nullptr, nullptr, "R", std::nullopt, std::nullopt, 2),
       {"alertmanager/r1@13:00", "grafana/r1@11:15"}},
      {"UnknownRule", q(nullptr, nullptr, "Nope"), {}},
      {"StartedWithinLeavesOutCarriedOver",
       started(q("2026-11-28T11:10:00Z", "2026-11-28T13:00:00Z")),
       {"alertmanager/q1@11:30", "grafana/r1@11:15"}},
      {"StartedWithinRuleAndFingerprint",
       started(q("2026-11-28T10:00:00Z", "2026-11-28T12:00:00Z", "R", std::nullopt, "r1")),
       {"grafana/r1@11:15", "alertmanager/r1@11:00", "alertmanager/r1@10:00"}},
  };
  for (const Case& c : cases) {
    auto got = store->FindEpisodes(c.query);
    ASSERT_TRUE(got.ok()) << c.name << ": " << got.status().ToString();
    std::vector<std::string> names;
    for (const Episode& e : *got) {
      names.push_back(e.source + "/" + e.fingerprint + "@" +
                      FormatRfc3339(e.starts_at).substr(11, 5));
    }
    EXPECT_EQ(names, c.want) << c.name;
  }
}

// Appends `deliveries` to the journal next to the store and reads them back as entries.
std::vector<JournalEntry> Journal(const std::string& store_path,
                                  std::vector<const Delivery*> deliveries) {
  auto journal = IngestJournal::Open({.path = JournalPathFor(store_path)});
  EXPECT_TRUE(journal.ok()) << journal.status().ToString();
  int64_t last = 0;
  EXPECT_TRUE((*journal)->Append(deliveries, 0, &last).ok());
  auto entries = (*journal)->ReadAfter(0, 100);
  EXPECT_TRUE(entries.ok());
  return std::move(entries).value();
}

const auto kNoDeadline = std::chrono::steady_clock::time_point::max();

TEST_F(EventStoreTest, ApplyJournalBuildsEntriesInOrderAndMarksThemBuilt) {
  auto store = OpenStore();
  EXPECT_EQ(*store->JournalAppliedThrough(), 0);
  Delivery d1 = At("2026-11-28T20:00:05Z", {Alert("A", "fa", "2026-11-28T20:00:00Z")});
  Delivery d2 = At("2026-11-28T20:00:06Z", {Alert("A", "fa", "2026-11-28T20:00:00Z"),
                                            Alert("C", "fc", "2026-11-28T20:00:01Z")});
  std::vector<JournalEntry> entries = Journal(path_, {&d1, &d2});
  ASSERT_EQ(entries.size(), 2u);
  JournalApplyStats stats;
  ASSERT_TRUE(store->ApplyJournal(entries, kNoDeadline, &stats).ok());
  EXPECT_EQ(stats.built, 2);
  EXPECT_EQ(stats.failed, 0);
  EXPECT_EQ(stats.episodes.opened, 2);
  EXPECT_EQ(stats.episodes.extended, 1);  // d2 repeats A
  EXPECT_EQ(*store->JournalAppliedThrough(), entries[1].id);
  std::vector<Episode> got = All(*store);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].rule, "C");
  EXPECT_EQ(got[1].rule, "A");
  EXPECT_EQ(got[1].notifications, 2);
}

TEST_F(EventStoreTest, ApplyJournalPastItsDeadlineBuildsOneEntry) {
  auto store = OpenStore();
  Delivery d1 = At("2026-11-28T20:00:05Z", {Alert("A", "fa", "2026-11-28T20:00:00Z")});
  Delivery d2 = At("2026-11-28T20:00:06Z", {Alert("B", "fb", "2026-11-28T20:00:00Z")});
  std::vector<JournalEntry> entries = Journal(path_, {&d1, &d2});
  JournalApplyStats stats;
  ASSERT_TRUE(store->ApplyJournal(entries, std::chrono::steady_clock::now(), &stats).ok());
  EXPECT_EQ(stats.built, 1);
  EXPECT_EQ(*store->JournalAppliedThrough(), entries[0].id);
  EXPECT_EQ(Counts(*store).episodes, 1);
}

// The journal is not trusted: an entry that does not decode, or decodes to a delivery that
// fails validation, is set aside with its error and the entries after it are built.
TEST_F(EventStoreTest, DamagedOrInvalidJournalEntryIsSetAsideAndTheRestBuilt) {
  Delivery no_fingerprint = At("2026-11-28T20:00:06Z", {Alert("B", "", "2026-11-28T20:00:00Z")});
  Delivery no_source = At("2026-11-28T20:00:06Z", {Alert("B", "fb", "2026-11-28T20:00:00Z")});
  no_source.source.clear();
  struct Case {
    const char* name;
    std::string payload;  // of the middle entry
    const char* error;
  };
  const Case cases[] = {
      {"undecodable", "\x01\xff", "journal entry damaged"},
      {"no fingerprint", EncodeDelivery(no_fingerprint),
       "invalid_argument: alerts[0].fingerprint: alert has no fingerprint"},
      {"no source", EncodeDelivery(no_source), "invalid_argument: source: delivery has no source"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    testing::TempDir dir;
    const std::string path = (dir / "journal.db").string();
    auto store = OpenStore({.path = path});
    ASSERT_TRUE(store);
    Delivery d1 = At("2026-11-28T20:00:05Z", {Alert("A", "fa", "2026-11-28T20:00:00Z")});
    Delivery d2 = At("2026-11-28T20:00:06Z", {Alert("B", "fb", "2026-11-28T20:00:00Z")});
    Delivery d3 = At("2026-11-28T20:00:07Z", {Alert("C", "fc", "2026-11-28T20:00:00Z")});
    std::vector<JournalEntry> entries = Journal(path, {&d1, &d2, &d3});
    ASSERT_EQ(entries.size(), 3u);
    entries[1].payload = c.payload;
    JournalApplyStats stats;
    ASSERT_TRUE(store->ApplyJournal(entries, kNoDeadline, &stats).ok());
    EXPECT_EQ(stats.built, 2);
    EXPECT_EQ(stats.failed, 1);
    EXPECT_EQ(*store->JournalAppliedThrough(), entries[2].id);
    std::vector<Episode> got = All(*store);
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0].rule, "C");
    EXPECT_EQ(got[1].rule, "A");
    EXPECT_EQ(Counts(*store).deliveries, 2);
    SQLite::Database raw(path, SQLite::OPEN_READONLY);
    SQLite::Statement failed(raw, "SELECT journal_id, error FROM ingest_failed");
    ASSERT_TRUE(failed.executeStep());
    EXPECT_EQ(failed.getColumn(0).getInt64(), entries[1].id);
    const std::string error = failed.getColumn(1).getString();
    EXPECT_NE(error.find(c.error), std::string::npos) << error;
    EXPECT_FALSE(failed.executeStep());
  }
}

TEST_F(EventStoreTest, ApplyJournalOnFullDiskStoresNothingAndKeepsTheMark) {
  auto store = OpenStore();
  Delivery d1 = At("2026-11-28T20:00:05Z", {Alert("A", "fa", "2026-11-28T20:00:00Z")});
  std::vector<JournalEntry> entries = Journal(path_, {&d1});
  {
    FileSizeLimit full(0);
    JournalApplyStats stats;
    Status st = store->ApplyJournal(entries, kNoDeadline, &stats);
    ASSERT_EQ(st.code(), Code::kUnavailable) << st.ToString();
    EXPECT_EQ(stats.built, 0);
  }
  EXPECT_EQ(*store->JournalAppliedThrough(), 0);
  EXPECT_EQ(Counts(*store).episodes, 0);
  JournalApplyStats stats;
  ASSERT_TRUE(store->ApplyJournal(entries, kNoDeadline, &stats).ok());
  EXPECT_EQ(stats.built, 1);
  EXPECT_EQ(Counts(*store).episodes, 1);
  EXPECT_TRUE(store->CheckIntegrity().ok());
}

// A database that a binary before schema version 7 left with deliveries in its own journal
// table: they are built, in order, and a damaged one keeps its error there.
TEST_F(EventStoreTest, LegacyJournalEntriesAreReplayed) {
  Delivery d1 = At("2026-11-28T20:00:05Z", {Alert("A", "fa", "2026-11-28T20:00:00Z")});
  Delivery d3 = At("2026-11-28T20:00:07Z", {Alert("C", "fc", "2026-11-28T20:00:00Z")});
  OpenStore().reset();
  {
    SQLite::Database raw(path_, SQLite::OPEN_READWRITE);
    SQLite::Statement insert(raw,
                             "INSERT INTO ingest_journal (received_at, payload) VALUES (0, ?)");
    for (const std::string& payload :
         {EncodeDelivery(d1), std::string("\x01\xff"), EncodeDelivery(d3)}) {
      insert.bind(1, payload.data(), static_cast<int>(payload.size()));
      insert.exec();
      insert.reset();
    }
  }
  auto store = OpenStore();
  EXPECT_EQ(store->LegacyJournalBacklog(), 3);
  JournalApplyStats stats;
  ASSERT_TRUE(store->ReplayLegacyJournal(std::chrono::seconds(10), &stats).ok());
  EXPECT_EQ(stats.built, 2);
  EXPECT_EQ(stats.failed, 1);
  EXPECT_EQ(store->LegacyJournalBacklog(), 0);
  std::vector<Episode> got = All(*store);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].rule, "C");
  EXPECT_EQ(got[1].rule, "A");
  SQLite::Database raw(path_, SQLite::OPEN_READONLY);
  EXPECT_EQ(raw.execAndGet("SELECT COUNT(*) FROM ingest_journal WHERE error IS NULL").getInt(), 0);
  const std::string error =
      raw.execAndGet("SELECT error FROM ingest_journal WHERE error IS NOT NULL").getString();
  EXPECT_NE(error.find("journal entry damaged"), std::string::npos) << error;
}

// The acks a store holds, oldest first.
std::vector<rules::Ack> StoredAcks(const std::string& path) {
  auto records = ReviewStore::Open({.path = path});
  EXPECT_TRUE(records.ok()) << records.status().ToString();
  if (!records.ok()) return {};
  auto acks = (*records)->Acks({});
  EXPECT_TRUE(acks.ok()) << acks.status().ToString();
  return acks.ok() ? *acks : std::vector<rules::Ack>{};
}

AlertEvent Acked(AlertEvent a, const std::string& by) {
  a.acknowledged_by = by;
  return a;
}

TEST_F(EventStoreTest, AcknowledgerIsRecordedOnceAsAnAckOfItsEpisode) {
  auto store = OpenStore();
  const AlertEvent fired = Alert("HighCPU", "issue-1", "2026-11-28T20:00:00Z");
  auto opened = store->Record(At("2026-11-28T20:00:05Z", {fired}));
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened->acks, 0);

  const Delivery ack = At("2026-11-28T20:03:00Z", {Acked(fired, "Tenex Engineer")});
  Delivery retried = ack;
  retried.received_at = T("2026-11-28T20:03:30Z");
  Delivery other_peer = ack;
  other_peer.external_url = "http://am2.example:9093";
  const Delivery second_user = At("2026-11-28T20:04:00Z", {Acked(fired, "mori")});
  struct Step {
    const Delivery* delivery;
    int acks;
  };
  for (const Step& step :
       {Step{&ack, 1}, Step{&retried, 0}, Step{&other_peer, 0}, Step{&second_user, 1}}) {
    auto out = store->Record(*step.delivery);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out->acks, step.acks);
    EXPECT_EQ(out->extended, 1);  // an ack is news about the open episode, never a new one
  }

  const std::vector<Episode> episodes = All(*store);
  ASSERT_EQ(episodes.size(), 1u);
  const std::vector<rules::Ack> acks = StoredAcks(path_);
  ASSERT_EQ(acks.size(), 2u);
  EXPECT_EQ(acks[0].source, "alertmanager");
  EXPECT_EQ(acks[0].rule, "HighCPU");
  EXPECT_EQ(acks[0].episode_id, episodes[0].id);
  EXPECT_EQ(acks[0].user, "Tenex Engineer");
  EXPECT_EQ(acks[0].note, "acknowledged in alertmanager");
  EXPECT_EQ(acks[0].at, T("2026-11-28T20:03:00Z"));
  EXPECT_EQ(acks[1].user, "mori");
}

TEST_F(EventStoreTest, AckOfEachEpisodeIsItsOwn) {
  // The same person acking two firings of one alert instance acks two episodes.
  auto store = OpenStore();
  const AlertEvent first = Alert("HighCPU", "issue-1", "2026-11-28T20:00:00Z");
  const AlertEvent second = Alert("HighCPU", "issue-1", "2026-11-28T21:00:00Z");
  ASSERT_TRUE(store->Record(At("2026-11-28T20:00:05Z", {Acked(first, "mori")})).ok());
  ASSERT_TRUE(store->Record(At("2026-11-28T21:00:05Z", {Acked(second, "mori")})).ok());
  const std::vector<rules::Ack> acks = StoredAcks(path_);
  ASSERT_EQ(acks.size(), 2u);
  EXPECT_NE(acks[0].episode_id, acks[1].episode_id);
}

TEST_F(EventStoreTest, AckInARejectedDeliveryIsRolledBackWithIt) {
  auto store = OpenStore();
  AlertEvent no_rule = Alert("", "f2", "2026-11-28T20:00:00Z");
  auto out = store->Record(At("2026-11-28T20:00:05Z",
                              {Acked(Alert("A", "f1", "2026-11-28T20:00:00Z"), "mori"), no_rule}));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), Code::kInvalidArgument);
  EXPECT_TRUE(StoredAcks(path_).empty());
}

TEST_F(EventStoreTest, AckTravelsThroughTheJournal) {
  auto store = OpenStore();
  const Delivery d1 = At("2026-11-28T20:00:05Z", {Alert("A", "fa", "2026-11-28T20:00:00Z")});
  const Delivery d2 =
      At("2026-11-28T20:01:05Z", {Acked(Alert("A", "fa", "2026-11-28T20:00:00Z"), "mori")});
  std::vector<JournalEntry> entries = Journal(path_, {&d1, &d2, &d2});
  JournalApplyStats stats;
  ASSERT_TRUE(store->ApplyJournal(entries, kNoDeadline, &stats).ok());
  EXPECT_EQ(stats.built, 3);
  EXPECT_EQ(stats.episodes.acks, 1);
  const std::vector<rules::Ack> acks = StoredAcks(path_);
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_EQ(acks[0].user, "mori");
}

}  // namespace
}  // namespace nagame::storage
