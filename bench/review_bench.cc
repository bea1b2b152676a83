// review_bench: the weekly review on a year of history. Generates (once, then reuses) a store
// of one year: 2,000 rules, 50,000 alert instances, 2,000,000 episodes, written straight into
// the server's own schema (created by storage::EventStore::Open); then times, in one run:
//   - the floor: SELECT rule, COUNT(*) FROM episodes WHERE <starts in the window> GROUP BY rule
//     (one index range; the review also needs the episodes that started earlier and overlap)
//   - ReviewService::Inventory for the last complete week (indexed SQL + pure C++), which runs
//     every check on the way (the inventory names each rule's findings)
//   - ReviewService::Suggestions for the same week (every offline check; the ones needing
//     Prometheus or Alertmanager report "unable to run", none is configured)
//   - ReviewService::Review: the inventory and every offline check from one read, as the
//     report page and the weekly summary ask for them (the issue's "inventory plus every
//     offline check")
//   - ReviewService::Rule and RulePage for Rule1 (`rule NAME` and GET /rules/NAME: one rule's
//     history and the window's new episodes of the others)
// and prints them with the process's peak RSS (VmHWM). Prints "REVIEW_RESULT key=value …".
// --dump writes the review (inventory and findings as JSON) so that two builds can be diffed.
//
//   review_bench --db /tmp/year.db [--runs 3] [--dump review.json]
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>

#include <CLI/CLI.hpp>

#include "bot/config.h"
#include "bot/review/review_json.h"
#include "bot/review/review_service.h"
#include "storage/event_store.h"

namespace {

using Clock = std::chrono::steady_clock;
using nagame::Time;

constexpr int kRules = 2000;
constexpr int kInstances = 50000;
constexpr int kEpisodes = 2000000;
constexpr int64_t kNanosPerSecond = 1000000000;

void Check(sqlite3* db, int rc, const char* what) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return;
  std::cerr << "review_bench: " << what << ": " << sqlite3_errmsg(db) << "\n";
  std::exit(1);
}

sqlite3_stmt* Prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* s = nullptr;
  Check(db, sqlite3_prepare_v2(db, sql, -1, &s, nullptr), sql);
  return s;
}

void Step(sqlite3* db, sqlite3_stmt* s, const char* what) {
  Check(db, sqlite3_step(s), what);
  sqlite3_reset(s);
}

// One year ending at `end`: instances spread over the rules (a few rules own many instances,
// as in real rule sets); episodes with random starts and lengths from seconds to days, ending
// before the next one of the same instance starts; the newest ones may still be firing.
// The random draws are those of the first generator (instance by instance), so the store holds
// the same episodes; only their row order changed (start order since session 4).
void Generate(const std::string& path, Time end) {
  {
    auto store = nagame::storage::EventStore::Open({.path = path});
    if (!store.ok()) {
      std::cerr << "review_bench: " << store.status().ToString() << "\n";
      std::exit(1);
    }
  }
  sqlite3* db = nullptr;
  Check(db, sqlite3_open(path.c_str(), &db), "open");
  Check(db, sqlite3_exec(db, "PRAGMA synchronous = OFF; BEGIN", nullptr, nullptr, nullptr),
        "begin");
  std::mt19937_64 rng(42);
  const int64_t end_ns = end.time_since_epoch().count();
  const int64_t year_ns = int64_t{365} * 86400 * kNanosPerSecond;
  sqlite3_stmt* instance = Prepare(
      db,
      "INSERT INTO alert_instances (id, source, fingerprint, rule, labels, annotations, "
      "generator_url, first_seen_at) VALUES (?1, 'alertmanager', ?2, ?3, ?4, '{}', '', ?5)");
  std::vector<int> rule_of(kInstances);
  std::uniform_real_distribution<double> unit(0, 1);
  for (int i = 0; i < kInstances; ++i) {
    rule_of[i] = static_cast<int>(kRules * unit(rng) * unit(rng));  // skewed towards low ids
    const std::string rule = "Rule" + std::to_string(rule_of[i]);
    const std::string fingerprint = "fp" + std::to_string(i);
    const std::string labels = "{\"alertname\":\"" + rule + "\",\"instance\":\"host-" +
                               std::to_string(i) + "\",\"severity\":\"warning\"}";
    sqlite3_bind_int64(instance, 1, i + 1);
    sqlite3_bind_text(instance, 2, fingerprint.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(instance, 3, rule.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(instance, 4, labels.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(instance, 5, end_ns - year_ns);
    Step(db, instance, "insert instance");
  }
  sqlite3_finalize(instance);
  sqlite3_stmt* episode = Prepare(
      db,
      "INSERT INTO episodes (instance_id, source, rule, starts_at, ends_at, state, notifications, "
      "first_notified_at, last_notified_at) VALUES (?1, 'alertmanager', ?2, ?3, ?4, ?5, ?6, ?3, "
      "?7)");
  // Each instance's episodes: evenly many, starts in order over the year.
  struct Planned {
    int64_t start;
    int64_t length;
    int instance;
  };
  std::vector<Planned> planned;
  planned.reserve(kEpisodes);
  const int per_instance = kEpisodes / kInstances;
  const int64_t slot = year_ns / per_instance;
  std::exponential_distribution<double> length_s(1.0 / 1800);  // mean 30 min
  for (int i = 0; i < kInstances; ++i) {
    for (int k = 0; k < per_instance; ++k) {
      const int64_t start =
          end_ns - year_ns + k * slot + static_cast<int64_t>(unit(rng) * slot / 2);
      const int64_t length = std::min<int64_t>(
          static_cast<int64_t>(length_s(rng) * kNanosPerSecond) + kNanosPerSecond, slot / 2);
      planned.push_back({start, length, i});
    }
  }
  // Inserted in start order, as ingest inserts them (an episode's row is created when its first
  // notification arrives), so row ids grow with time as in a real store.
  std::sort(planned.begin(), planned.end(),
            [](const Planned& a, const Planned& b) { return a.start < b.start; });
  for (const Planned& p : planned) {
    const std::string rule = "Rule" + std::to_string(rule_of[p.instance]);
    const bool open = p.start + p.length > end_ns;
    sqlite3_bind_int64(episode, 1, p.instance + 1);
    sqlite3_bind_text(episode, 2, rule.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(episode, 3, p.start);
    if (open) {
      sqlite3_bind_null(episode, 4);
    } else {
      sqlite3_bind_int64(episode, 4, p.start + p.length);
    }
    sqlite3_bind_text(episode, 5, open ? "firing" : "resolved", -1, SQLITE_STATIC);
    sqlite3_bind_int64(episode, 6, 1 + p.length / (4 * 3600 * kNanosPerSecond));
    sqlite3_bind_int64(episode, 7, std::min(p.start + p.length, end_ns));
    Step(db, episode, "insert episode");
  }
  sqlite3_finalize(episode);
  const std::string finish =
      "INSERT INTO deliveries (source, receiver, group_key, external_url, status, "
      "truncated_alerts, alert_count, received_at) VALUES ('alertmanager', 'r', 'g', 'u', "
      "'firing', 0, 1, " +
      std::to_string(end_ns) + "); COMMIT; ANALYZE";
  Check(db, sqlite3_exec(db, finish.c_str(), nullptr, nullptr, nullptr), "commit");
  sqlite3_close(db);
}

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// The floor: one GROUP BY over the episodes starting in the window.
double FloorSeconds(const std::string& path, const nagame::rules::Window& w, int64_t* rows) {
  sqlite3* db = nullptr;
  Check(db, sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), "open");
  sqlite3_stmt* s = Prepare(db,
                            "SELECT rule, COUNT(*) FROM episodes WHERE starts_at >= ?1 AND "
                            "starts_at < ?2 GROUP BY rule");
  sqlite3_bind_int64(s, 1, w.from.time_since_epoch().count());
  sqlite3_bind_int64(s, 2, w.to.time_since_epoch().count());
  const auto t0 = Clock::now();
  *rows = 0;
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) *rows += sqlite3_column_int64(s, 1);
  Check(db, rc, "floor query");
  const double t = Seconds(Clock::now() - t0);
  sqlite3_finalize(s);
  sqlite3_close(db);
  return t;
}

long PeakRssKib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"The weekly review on a year of history (2M episodes)"};
  std::string path;
  int runs = 3;
  app.add_option("--db", path, "the year store (generated if missing)")->required();
  app.add_option("--runs", runs, "timed runs of each part (the best is printed)");
  std::string dump;
  app.add_option("--dump", dump, "write the review's inventory and findings (JSON) here");
  CLI11_PARSE(app, argc, argv);

  // A fixed "now": the store and the week under review do not depend on the day it runs.
  const Time now = nagame::ParseRfc3339("2026-11-30T00:00:00Z").value().value();
  if (!std::filesystem::exists(path)) {
    const auto t0 = Clock::now();
    Generate(path, now);
    std::cerr << "review_bench: generated " << path << " in " << Seconds(Clock::now() - t0)
              << " s\n";
  }
  nagame::bot::Config config;
  config.database = path;
  config.sources["alertmanager"] = {};
  auto service = nagame::bot::ReviewService::Create(config, {.clock = [now] { return now; }});
  if (!service.ok()) {
    std::cerr << "review_bench: " << service.status().ToString() << "\n";
    return 1;
  }
  auto window = (*service)->ParseWindowSpec("2026-W48");
  if (!window.ok()) return 1;

  double floor_s = 1e9, inventory_s = 1e9, suggestions_s = 1e9, review_s = 1e9, rule_s = 1e9,
         rule_page_s = 1e9;
  int64_t floor_rows = 0;
  size_t rows = 0, problems = 0, unable = 0;
  for (int r = 0; r < runs; ++r) {
    floor_s = std::min(floor_s, FloorSeconds(path, *window, &floor_rows));
    auto t0 = Clock::now();
    auto inventory = (*service)->Inventory(*window);
    inventory_s = std::min(inventory_s, Seconds(Clock::now() - t0));
    t0 = Clock::now();
    auto report = (*service)->Suggestions(*window, std::nullopt);
    suggestions_s = std::min(suggestions_s, Seconds(Clock::now() - t0));
    t0 = Clock::now();
    auto review = (*service)->Review(*window);
    review_s = std::min(review_s, Seconds(Clock::now() - t0));
    t0 = Clock::now();
    auto rule = (*service)->Rule("Rule1", *window);
    rule_s = std::min(rule_s, Seconds(Clock::now() - t0));
    t0 = Clock::now();
    auto rule_page = (*service)->RulePage("Rule1", *window);
    rule_page_s = std::min(rule_page_s, Seconds(Clock::now() - t0));
    for (const nagame::Status& st : {inventory.status(), report.status(), review.status(),
                                     rule.status(), rule_page.status()}) {
      if (st.ok()) continue;
      std::cerr << "review_bench: " << st.ToString() << "\n";
      return 1;
    }
    if (!dump.empty() && r == 0) {
      std::ofstream out(dump);
      out << nlohmann::json{{"inventory", nagame::rules::ToJson(review->inventory)},
                            {"suggestions", nagame::bot::SuggestionsJson(*window, review->report)}}
                 .dump(1)
          << "\n";
    }
    rows = inventory->rows.size();
    problems = report->problems.size();
    unable = report->unable.size();
  }
  std::printf(
      "REVIEW_RESULT episodes=%d instances=%d rules=%d window=2026-W48 window_episodes=%lld "
      "floor_group_by_s=%.3f inventory_s=%.3f suggestions_s=%.3f review_s=%.3f rule_s=%.3f "
      "rule_page_s=%.3f inventory_rows=%zu problems=%zu unable_to_run=%zu peak_rss_mib=%.1f\n",
      kEpisodes, kInstances, kRules, static_cast<long long>(floor_rows), floor_s, inventory_s,
      suggestions_s, review_s, rule_s, rule_page_s, rows, problems, unable, PeakRssKib() / 1024.0);
  return 0;
}
