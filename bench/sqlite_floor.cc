// sqlite_floor: the ingest floor. The rows `nagame serve` writes for deliveries of 10 fresh
// firing alerts, inserted straight into SQLite by a C++ loop (sqlite3 C API, prepared
// statements) with the server's durability (WAL, synchronous=FULL) and group-commit size.
//
// The schema is the server's own (the database is created with storage::EventStore::Open) and
// so are the connection settings (WAL, synchronous=FULL, foreign keys, temp_store=MEMORY).
// Per delivery it writes what storage/event_store.cc writes for a delivery whose alerts all
// open new episodes: one deliveries row, then per alert an alert_instances insert (the
// upsert's insert arm: every fingerprint is new), an episodes insert and a notifications
// insert, with the same SQL. It skips what the server must also do (HTTP, JSON parsing, the
// instance and episode-history lookups, savepoints, thread hand-off), which is the point of a
// floor.
//
// With --journal it writes what the server commits before it acknowledges a delivery under
// load instead: one row per delivery in the ingest journal (storage::IngestJournal's file and
// SQL; the payload is storage::EncodeDelivery of the same ten alerts, encoded in the loop as
// the server does).
//
// Prints one line "FLOOR_RESULT key=value …".
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "storage/delivery_codec.h"
#include "storage/event_store.h"
#include "storage/ingest_journal.h"

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kAlertsPerDelivery = 10;
constexpr int kRules = 100;

// Exits with SQLite's message when `rc` is not one of the expected codes.
void Check(sqlite3* db, int rc, const char* what, int ok1 = SQLITE_OK, int ok2 = SQLITE_DONE) {
  if (rc == ok1 || rc == ok2) return;
  std::cerr << "sqlite_floor: " << what << ": " << sqlite3_errmsg(db) << "\n";
  std::exit(1);
}

sqlite3_stmt* Prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* s = nullptr;
  Check(db, sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr), sql);
  return s;
}

void Exec(sqlite3* db, const char* sql) {
  Check(db, sqlite3_exec(db, sql, nullptr, nullptr, nullptr), sql);
}

// Steps a write statement to completion and resets it for the next use.
void Run(sqlite3* db, sqlite3_stmt* s, const char* what) {
  Check(db, sqlite3_step(s), what, SQLITE_DONE, SQLITE_ROW);
  sqlite3_reset(s);
}

// Steps an INSERT, resets it and returns the new row's id (its INTEGER PRIMARY KEY).
int64_t RunInsert(sqlite3* db, sqlite3_stmt* s, const char* what) {
  Check(db, sqlite3_step(s), what, SQLITE_DONE, SQLITE_DONE);
  sqlite3_reset(s);
  return sqlite3_last_insert_rowid(db);
}

void BindText(sqlite3_stmt* s, int i, const std::string& v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}

// splitmix64's finaliser, as in bench/ingest_load.lua: fingerprints spread like label hashes.
uint64_t Mix(uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// The n-th alert of the run, as the server stores it.
struct BenchAlert {
  std::string fingerprint, rule, severity, team, labels_json, annotations_json;
};

BenchAlert MakeAlert(uint64_t n) {
  BenchAlert a;
  char fp[17], rule[16];
  std::snprintf(fp, sizeof fp, "%016llx",
                static_cast<unsigned long long>(Mix(uint64_t{3} << 56 | n)));
  std::snprintf(rule, sizeof rule, "BenchRule%03d", static_cast<int>(n % kRules));
  a.fingerprint = fp;
  a.rule = rule;
  a.severity = n % 3 == 0 ? "critical" : "warning";
  a.team = "team-" + std::to_string(n % 7);
  a.labels_json = R"({"alertname":")" + a.rule + R"(","instance":"host-)" + a.fingerprint +
                  R"(.bench:9100","job":"node","severity":")" + a.severity + R"(","team":")" +
                  a.team + R"("})";
  a.annotations_json = R"({"runbook_url":"https://runbooks.example.com/)" + a.rule +
                       R"(","summary":")" + a.rule + " on host-" + a.fingerprint + R"("})";
  return a;
}

const std::string kSource = "alertmanager";
const std::string kGeneratorUrl = "http://prometheus.bench:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1";

// The delivery of alerts n .. n+9 as the server decodes it.
nagame::rules::Delivery MakeDelivery(uint64_t n, uint64_t index, int64_t received) {
  nagame::rules::Delivery d;
  d.source = kSource;
  d.receiver = "bench";
  d.group_key = "{}:{alertname=\"BenchRule\", batch=\"" + std::to_string(index) + "\"}";
  d.external_url = "http://alertmanager.bench:9093";
  d.status = "firing";
  d.received_at = nagame::FromUnixNanos(received);
  for (int k = 0; k < kAlertsPerDelivery; ++k) {
    const BenchAlert b = MakeAlert(n + k);
    nagame::rules::AlertEvent a;
    a.rule = b.rule;
    a.fingerprint = b.fingerprint;
    a.labels = {{"alertname", b.rule},
                {"instance", "host-" + b.fingerprint + ".bench:9100"},
                {"job", "node"},
                {"severity", b.severity},
                {"team", b.team}};
    a.annotations = {{"runbook_url", "https://runbooks.example.com/" + b.rule},
                     {"summary", b.rule + " on host-" + b.fingerprint}};
    a.starts_at = nagame::FromUnixNanos(received - 1000000000);
    a.generator_url = kGeneratorUrl;
    d.alerts.push_back(std::move(a));
  }
  return d;
}

int64_t NowNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct Counts {
  uint64_t alerts = 0, deliveries = 0, commits = 0, rows = 0;
};

void ConfigureConnection(sqlite3* db) {
  Exec(db, "PRAGMA journal_mode=WAL");
  Exec(db, "PRAGMA synchronous=FULL");
  Exec(db, "PRAGMA foreign_keys=ON");
  Exec(db, "PRAGMA busy_timeout=5000");
  Exec(db, "PRAGMA temp_store=MEMORY");
}

// The event store's rows for deliveries whose alerts all open new episodes.
Counts InsertEpisodeRows(sqlite3* db, int batch, Clock::time_point stop) {
  sqlite3_stmt* delivery = Prepare(
      db,
      "INSERT INTO deliveries (source, receiver, group_key, external_url, status, "
      "truncated_alerts, alert_count, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  sqlite3_stmt* instance =
      Prepare(db,
              "INSERT INTO alert_instances (source, fingerprint, rule, labels, annotations, "
              "generator_url, first_seen_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  sqlite3_stmt* episode =
      Prepare(db,
              "INSERT INTO episodes (instance_id, source, rule, starts_at, ends_at, state, "
              "notifications, first_notified_at, last_notified_at) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?7)");
  sqlite3_stmt* notification =
      Prepare(db,
              "INSERT INTO notifications (delivery_id, episode_id, status, action, received_at) "
              "VALUES (?1, ?2, ?3, ?4, ?5)");
  Counts c;
  while (Clock::now() < stop) {
    Exec(db, "BEGIN IMMEDIATE");
    for (int d = 0; d < batch; ++d, ++c.deliveries) {
      const int64_t received = NowNanos();
      const std::string group_key =
          "{}:{alertname=\"BenchRule\", batch=\"" + std::to_string(c.deliveries) + "\"}";
      BindText(delivery, 1, kSource);
      BindText(delivery, 2, "bench");
      BindText(delivery, 3, group_key);
      BindText(delivery, 4, "http://alertmanager.bench:9093");
      BindText(delivery, 5, "firing");
      sqlite3_bind_int64(delivery, 6, 0);
      sqlite3_bind_int64(delivery, 7, kAlertsPerDelivery);
      sqlite3_bind_int64(delivery, 8, received);
      const int64_t delivery_id = RunInsert(db, delivery, "insert delivery");
      for (int k = 0; k < kAlertsPerDelivery; ++k, ++c.alerts) {
        const BenchAlert a = MakeAlert(c.alerts);
        BindText(instance, 1, kSource);
        BindText(instance, 2, a.fingerprint);
        BindText(instance, 3, a.rule);
        BindText(instance, 4, a.labels_json);
        BindText(instance, 5, a.annotations_json);
        BindText(instance, 6, kGeneratorUrl);
        sqlite3_bind_int64(instance, 7, received);
        const int64_t instance_id = RunInsert(db, instance, "insert alert instance");

        sqlite3_bind_int64(episode, 1, instance_id);
        BindText(episode, 2, kSource);
        BindText(episode, 3, a.rule);
        sqlite3_bind_int64(episode, 4, received - 1000000000);
        sqlite3_bind_null(episode, 5);
        BindText(episode, 6, "firing");
        sqlite3_bind_int64(episode, 7, received);
        const int64_t episode_id = RunInsert(db, episode, "insert episode");

        sqlite3_bind_int64(notification, 1, delivery_id);
        sqlite3_bind_int64(notification, 2, episode_id);
        BindText(notification, 3, "firing");
        BindText(notification, 4, "open");
        sqlite3_bind_int64(notification, 5, received);
        Run(db, notification, "insert notification");
      }
    }
    Exec(db, "COMMIT");
    ++c.commits;
  }
  for (sqlite3_stmt* s : {delivery, instance, episode, notification}) sqlite3_finalize(s);
  c.rows = c.deliveries + 3 * c.alerts;
  return c;
}

// The ingest journal's rows: one encoded delivery each.
Counts InsertJournalRows(sqlite3* db, int batch, Clock::time_point stop) {
  sqlite3_stmt* insert = Prepare(db, "INSERT INTO journal (received_at, payload) VALUES (?1, ?2)");
  Counts c;
  while (Clock::now() < stop) {
    Exec(db, "BEGIN IMMEDIATE");
    for (int d = 0; d < batch; ++d, ++c.deliveries, c.alerts += kAlertsPerDelivery) {
      const int64_t received = NowNanos();
      const std::string payload =
          nagame::storage::EncodeDelivery(MakeDelivery(c.alerts, c.deliveries, received));
      sqlite3_bind_int64(insert, 1, received);
      sqlite3_bind_blob(insert, 2, payload.data(), static_cast<int>(payload.size()),
                        SQLITE_TRANSIENT);
      Run(db, insert, "insert journal entry");
    }
    Exec(db, "COMMIT");
    ++c.commits;
  }
  sqlite3_finalize(insert);
  c.rows = c.deliveries;
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Inserts Nagame's ingest rows straight into SQLite (WAL, synchronous=FULL)."};
  std::string path;
  int batch = 16;
  double duration_s = 10;
  bool journal = false;
  app.add_option("--db", path, "SQLite file to create (must not exist)")->required();
  app.add_option("--batch", batch, "deliveries per transaction (group commit)")
      ->check(CLI::Range(1, 100000));
  app.add_option("--duration", duration_s, "seconds to run")->check(CLI::PositiveNumber);
  app.add_flag("--journal", journal,
               "the ingest journal's rows (what is committed before the answer) instead of "
               "the episodes' rows");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  if (std::filesystem::exists(path)) {
    std::cerr << "sqlite_floor: " << path << " exists; the floor needs a new database\n";
    return 2;
  }
  // The server's schema, created by the server's own code.
  const nagame::Status created = journal
                                     ? nagame::storage::IngestJournal::Open({.path = path}).status()
                                     : nagame::storage::EventStore::Open({.path = path}).status();
  if (!created.ok()) {
    std::cerr << "sqlite_floor: " << created.ToString() << "\n";
    return 1;
  }
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    std::cerr << "sqlite_floor: open " << path << ": " << sqlite3_errmsg(db) << "\n";
    return 1;
  }
  ConfigureConnection(db);
  const auto start = Clock::now();
  const auto stop = start + std::chrono::duration_cast<Clock::duration>(
                                std::chrono::duration<double>(duration_s));
  const Counts c =
      journal ? InsertJournalRows(db, batch, stop) : InsertEpisodeRows(db, batch, stop);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  sqlite3_close(db);

  std::printf(
      "FLOOR_RESULT rows_of=%s batch=%d deliveries=%llu alerts=%llu rows=%llu commits=%llu "
      "seconds=%.3f rows_per_s=%.1f alerts_per_s=%.1f deliveries_per_s=%.1f "
      "commits_per_s=%.1f\n",
      journal ? "journal" : "episodes", batch, static_cast<unsigned long long>(c.deliveries),
      static_cast<unsigned long long>(c.alerts), static_cast<unsigned long long>(c.rows),
      static_cast<unsigned long long>(c.commits), seconds, static_cast<double>(c.rows) / seconds,
      static_cast<double>(c.alerts) / seconds, static_cast<double>(c.deliveries) / seconds,
      static_cast<double>(c.commits) / seconds);
  return 0;
}
