// ReviewService: THE one service behind the review's JSON API, CLI and chat commands. It
// builds a rules::CheckInput from the store (episodes of the window and the three before it,
// people's records, snapshots), the rule files and the upstream servers, runs the registered
// checks and the inventory over it, and records acks, feedback, decisions and incidents.
//
// Reads do not write: Inventory, Review, Agenda, Suggestions, Rule, KnownRules, RuleNames and
// Decisions never change the database (they work on a read-only file). The snapshots of rule
// definitions and silences the reads use are taken by TakeSnapshots, which the scheduler calls.
//
// Thread safety: every method may be called from any thread concurrently (HTTP I/O threads,
// the CLI, chat). Store access is serialised by one mutex; the upstream read (network) runs
// outside it. Methods block (SQLite, rule files, upstream HTTP): run them off I/O threads.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/config.h"
#include "bot/review/zone.h"
#include "bot/upstream/upstream_reader.h"
#include "rules/check.h"
#include "rules/check_runner.h"
#include "rules/clock.h"
#include "rules/inventory.h"
#include "rules/meeting_agenda.h"
#include "rules/review_records.h"
#include "rules/rule_page.h"
#include "rules/status.h"
#include "storage/event_store.h"
#include "storage/history_summary.h"
#include "storage/review_store.h"
#include "storage/snapshot_store.h"

namespace nagame::bot {

// Reads the upstream servers for a window at `now`. Empty: none configured, so the checks
// that need Prometheus or Alertmanager report "unable to run" (the production reader is
// bot/upstream's ReadUpstreams bound to the config).
using UpstreamReader = std::function<UpstreamSnapshot(const rules::Window&, Time)>;

struct ReviewServiceOptions {
  UpstreamReader upstream;  // empty: no upstream
  Clock clock;              // empty: SystemNow
  // Open the database read-only (a replica, or a file the process may not write): every read
  // works; records and TakeSnapshots fail with kUnavailable. The schema must be migrated.
  bool read_only = false;
};

// A window's inventory and every check's findings, from one read of the store: what the report
// page and the weekly summary show together.
struct WindowReview {
  rules::Inventory inventory;
  rules::CheckReport report;
};

// The meeting's agenda for a window (rules/meeting_agenda.h), from one read of the store.
struct MeetingAgenda {
  std::vector<rules::AgendaItem> items;
  int64_t first_day = 0;  // local day number of every item's daily_starts[0]
  // The watch charts: every configured watch series as read, and the window's findings on
  // them (those whose evidence names a "watch").
  rules::Window window;
  rules::ZoneClock zone;
  std::vector<rules::WatchSeries> watch;
  std::vector<rules::Problem> watch_findings;
};

// Everything the review knows about one rule (all sources it has), for `rule NAME` and
// GET /api/v1/rules/{name}.
struct RuleDetail {
  std::string name;
  rules::Window window;
  std::vector<rules::InventoryRow> rows;         // one per source with this rule
  std::vector<rules::DefinedRule> definitions;   // current definitions
  std::vector<storage::RuleSnapshot> snapshots;  // defined since / deleted on, per origin
  std::vector<rules::Problem> problems;          // the window's findings on this rule
  std::vector<rules::Episode> recent_episodes;   // of the window, newest first, at most 20
  std::vector<rules::Decision> decisions;        // all recorded, oldest first
  std::vector<rules::Ack> acks;                  // of the window, oldest first
};

// A rule Nagame knows of, for listings and "did you mean".
struct KnownRule {
  std::string name;
  std::vector<std::string> sources;  // where it was defined or seen, sorted
  bool defined = false;              // a current definition exists
};

// Longest accepted free text (notes, incident text) and name (rule, user, service), in bytes.
inline constexpr size_t kMaxRecordText = 4000;
inline constexpr size_t kMaxRecordName = 200;

class ReviewService {
 public:
  // Opens the store at config.database (creating and migrating it if needed) with its own
  // connections, resolves config.timezone and validates config.checks against the registry.
  // Errors: kUnavailable (storage), kFailedPrecondition (schema newer than this binary),
  // kInvalidArgument (unknown zone, unknown check id or option).
  static Result<std::unique_ptr<ReviewService>> Create(Config config,
                                                       ReviewServiceOptions options = {});
  ~ReviewService();

  // Window from "7d" | "2w" | "2026-W47" (ISO week in the configured zone) | RFC 3339 from/to;
  // default the last 7 days ending now (see bot/review/window_spec.h). kInvalidArgument.
  Result<rules::Window> ParseWindow(std::string_view from, std::string_view to) const;
  Result<rules::Window> ParseWindowSpec(std::string_view spec) const;  // "" = default

  // The inventory of the window, each row's `checks` filled from the same run's report.
  // Errors: kUnavailable when the store cannot be read; rule files or upstreams that cannot
  // be read only make the checks needing them unable to run.
  Result<rules::Inventory> Inventory(const rules::Window& window);
  // Inventory and Suggestions(window, all categories) at the cost of one. Same errors.
  Result<WindowReview> Review(const rules::Window& window);
  // The meeting's agenda for the window: its rules in meeting order with the figures their
  // charts draw, over the window and the three before it. Same errors as Review.
  Result<MeetingAgenda> Agenda(const rules::Window& window);
  // The window's findings (of one category, or all) and the checks unable to run.
  Result<rules::CheckReport> Suggestions(const rules::Window& window,
                                         std::optional<rules::Category> category);
  // Reads that rule's episodes of the window and the three before it, and of the other rules
  // only those that started in the window (BuildRuleInputs).
  // Errors: kNotFound when no rule of that name is defined, snapshotted or seen.
  Result<RuleDetail> Rule(std::string_view name, const rules::Window& window);
  // The rule page's facts for the window (rules/rule_page.h), read as Rule reads.
  // Errors: kNotFound as Rule; otherwise as Review.
  Result<rules::RulePageFacts> RulePage(std::string_view name, const rules::Window& window);
  // Every known rule name (defined now, ever snapshotted, or seen in episodes), sorted.
  Result<std::vector<std::string>> RuleNames();
  // The same with sources and whether it is defined now.
  Result<std::vector<KnownRule>> KnownRules();

  // Validate and store one record; return it with its id. An unset time (the epoch) is now.
  // Errors: kInvalidArgument naming the field (empty or over-long name or text, an
  // episode_id that no episode has, or whose rule differs); kNotFound for an unknown rule
  // (a decision to `add` a rule may name a new one); kUnavailable (storage).
  Result<rules::Ack> RecordAck(rules::Ack ack);
  Result<rules::Feedback> RecordFeedback(rules::Feedback feedback);
  Result<rules::Decision> RecordDecision(rules::Decision decision);
  Result<rules::Incident> RecordIncident(rules::Incident incident);

  // Decisions recorded in the window, oldest first.
  Result<std::vector<rules::Decision>> Decisions(const rules::Window& window);

  // Records what the rule files and Prometheus define now, and Alertmanager's silences, as
  // snapshots (storage/snapshot_store.h): first seen, last seen, deleted. Sources that cannot
  // be read are skipped (their snapshots stay as they were). The scheduler calls it; no read
  // does. Errors: kUnavailable when the store cannot be written.
  Status TakeSnapshots();

  const Zone& zone() const { return zone_; }
  Time Now() const;

 private:
  struct Stores;
  ReviewService(Config config, ReviewServiceOptions options, Zone zone,
                rules::ChecksSettings settings, std::unique_ptr<Stores> stores);

  // The CheckInput for `window`; writes nothing. REQUIRES: mu_ not held. With `rule`, of
  // the episodes only that rule's.
  Result<rules::CheckInput> BuildInput(const rules::Window& window,
                                       const std::string* rule = nullptr);
  // One rule's inputs (rules/rule_scope.h): `own` has the rule's history alone; `compared`
  // adds every rule's episodes that started in the window (what co-firing and the agenda's
  // partners compare a rule with). REQUIRES: mu_ not held.
  struct RuleInputs {
    rules::CheckInput own;
    rules::CheckInput compared;
  };
  Result<RuleInputs> BuildRuleInputs(const rules::Window& window, const std::string& rule);
  // Every enabled check over `in`: each finding and inventory row of the rule is the same as
  // from the whole input (tests/bot/review/scoped_rule_test.cc), as long as no alert carries an
  // `alertname` label that differs from its rule (silence matching reads that label).
  rules::CheckReport RunRuleChecks(const RuleInputs& in) const;
  // Rule definitions from rule_files and upstream, merged, with "defined since" from the
  // snapshots; writes nothing. REQUIRES: mu_ held.
  void LoadDefinitions(const UpstreamSnapshot* upstream, Time now, rules::CheckInput* in);
  // kNotFound unless `rule` is defined, snapshotted or seen. REQUIRES: mu_ held.
  Status RequireKnownRule(const std::string& rule);
  // The episode's (source, rule) must match; fills an empty source. REQUIRES: mu_ held.
  Status CheckEpisode(const std::optional<int64_t>& episode_id, const std::string& rule,
                      std::string* source);

  const Config config_;
  const ReviewServiceOptions options_;
  const Zone zone_;
  const rules::ChecksSettings settings_;
  std::mutex mu_;
  std::unique_ptr<Stores> stores_;  // guarded by mu_
};

}  // namespace nagame::bot
