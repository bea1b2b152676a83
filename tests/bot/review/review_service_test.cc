// ReviewService against a seeded real SQLite file: inventory, suggestions, rule details,
// records and their validation, snapshots, upstream injection, and the replay of a timing fix
// over stored episodes with a stored ack.
#include "bot/review/review_service.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "bot/review/review_json.h"
#include "storage/snapshot_store.h"
#include "tests/bot/review/review_fixture.h"

namespace nagame::bot {
namespace {

using namespace std::chrono_literals;
using testing::AtTime;

const rules::InventoryRow* FindRow(const rules::Inventory& inv, const std::string& rule) {
  for (const auto& r : inv.rows) {
    if (r.rule == rule) return &r;
  }
  return nullptr;
}

const rules::Problem* FindProblem(const rules::CheckReport& report, const std::string& check,
                                  const std::string& rule) {
  for (const auto& p : report.problems) {
    if (p.check == check && p.rule == rule) return &p;
  }
  return nullptr;
}

bool Unable(const rules::CheckReport& report, const std::string& check) {
  return std::any_of(report.unable.begin(), report.unable.end(),
                     [&](const rules::UnableToRun& u) { return u.check == check; });
}

class ReviewServiceTest : public ::testing::Test {
 protected:
  testing::ReviewWorld world_;
};

TEST_F(ReviewServiceTest, InventoryHasEveryFiredOrDefinedRuleWithItsNumbers) {
  auto service = world_.Service();
  ASSERT_TRUE(service);
  auto inv = service->Inventory(world_.week());
  ASSERT_TRUE(inv.ok()) << inv.status().ToString();
  ASSERT_EQ(inv->rows.size(), 4u);
  EXPECT_EQ(inv->rows[0].rule, "Flappy");  // most episodes first

  const rules::InventoryRow* host = FindRow(*inv, "HostDown");
  ASSERT_NE(host, nullptr);
  EXPECT_TRUE(host->defined);
  EXPECT_EQ(host->source, "alertmanager");
  EXPECT_EQ(host->severity, "page");
  EXPECT_EQ(host->team, "sre");
  EXPECT_EQ(host->episodes, 3);
  EXPECT_EQ(host->previous_episodes, 1);
  EXPECT_EQ(host->delta_episodes, 2);
  EXPECT_EQ(host->instances, 1);
  EXPECT_EQ(host->firing, 60min);
  EXPECT_EQ(host->median, 20min);

  const rules::InventoryRow* quiet = FindRow(*inv, "Quiet");
  ASSERT_NE(quiet, nullptr);
  EXPECT_TRUE(quiet->defined);
  EXPECT_EQ(quiet->episodes, 0);
  EXPECT_NE(std::find(quiet->checks.begin(), quiet->checks.end(), "stale/undocumented"),
            quiet->checks.end());
  const rules::InventoryRow* orphan = FindRow(*inv, "Orphan");
  ASSERT_NE(orphan, nullptr);
  EXPECT_FALSE(orphan->defined);
}

TEST_F(ReviewServiceTest, SuggestionsRunEveryCheckAndFilterByCategory) {
  auto service = world_.Service();
  ASSERT_TRUE(service);
  auto all = service->Suggestions(world_.week(), std::nullopt);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_NE(FindProblem(*all, "noisy/flapping", "Flappy"), nullptr);
  EXPECT_NE(FindProblem(*all, "stale/undocumented", "Quiet"), nullptr);
  EXPECT_NE(FindProblem(*all, "stale/never-fired", "Quiet"), nullptr);
  EXPECT_NE(FindProblem(*all, "stale/orphaned", "Orphan"), nullptr);
  EXPECT_EQ(FindProblem(*all, "stale/undocumented", "HostDown"), nullptr);
  // No upstream configured: the checks needing Prometheus cannot run, and say so.
  EXPECT_TRUE(Unable(*all, "stale/dead-metric"));

  auto stale = service->Suggestions(world_.week(), rules::Category::kStale);
  ASSERT_TRUE(stale.ok()) << stale.status().ToString();
  ASSERT_FALSE(stale->problems.empty());
  for (const auto& p : stale->problems) EXPECT_EQ(p.category, rules::Category::kStale) << p.check;
  for (const auto& u : stale->unable) EXPECT_EQ(u.check.rfind("stale/", 0), 0u) << u.check;
}

TEST_F(ReviewServiceTest, ReviewIsInventoryAndSuggestionsInOneRead) {
  auto service = world_.Service();
  ASSERT_TRUE(service);
  auto both = service->Review(world_.week());
  auto inventory = service->Inventory(world_.week());
  auto suggestions = service->Suggestions(world_.week(), std::nullopt);
  ASSERT_TRUE(both.ok() && inventory.ok() && suggestions.ok());
  ASSERT_FALSE(both->inventory.rows.empty());
  ASSERT_FALSE(both->report.problems.empty());
  EXPECT_EQ(rules::ToJson(both->inventory), rules::ToJson(*inventory));
  EXPECT_EQ(SuggestionsJson(world_.week(), both->report),
            SuggestionsJson(world_.week(), *suggestions));
}

// The replay, end to end: the ack is stored through the service, read back from
// SQLite into the CheckInput, and the suggested `for:` removes the short episodes only.
TEST_F(ReviewServiceTest, SuggestedForRemovesShortEpisodesAndKeepsTheStoredAck) {
  auto service = world_.Service();
  ASSERT_TRUE(service);
  rules::Ack ack;
  ack.rule = "Flappy";
  ack.episode_id = world_.real_flappy_episode();
  ack.user = "mori";
  ack.note = "real outage";
  ack.at = AtTime("2026-11-27T12:05:00Z");
  ASSERT_TRUE(service->RecordAck(ack).ok());

  auto report = service->Suggestions(world_.week(), rules::Category::kNoisy);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const rules::Problem* p = FindProblem(*report, "noisy/flapping", "Flappy");
  ASSERT_NE(p, nullptr);
  ASSERT_TRUE(p->fix.replay.has_value());
  const rules::Replay& r = *p->fix.replay;
  EXPECT_EQ(r.change, "for: 1m");
  EXPECT_EQ(r.episodes_before, 10);
  EXPECT_EQ(r.episodes_after, 1);
  EXPECT_EQ(r.acked_episodes, 1);
  EXPECT_EQ(r.acked_episodes_lost, 0);
}

TEST_F(ReviewServiceTest, RuleDetailGathersEverythingAboutOneRule) {
  auto service = world_.Service();
  ASSERT_TRUE(service);
  rules::Decision d;
  d.rule = "HostDown";
  d.action = rules::DecisionAction::kKeep;
  d.author = "cy";
  d.at = AtTime("2026-11-20T09:00:00Z");
  ASSERT_TRUE(service->RecordDecision(d).ok());
  ASSERT_TRUE(service->TakeSnapshots().ok());  // the scheduler's: the rules are still defined
  auto detail = service->Rule("HostDown", world_.week());
  ASSERT_TRUE(detail.ok()) << detail.status().ToString();
  ASSERT_EQ(detail->rows.size(), 1u);
  EXPECT_EQ(detail->rows[0].episodes, 3);
  ASSERT_TRUE(detail->rows[0].last_decision.has_value());
  ASSERT_EQ(detail->definitions.size(), 1u);
  EXPECT_EQ(detail->definitions[0].definition.for_duration, 5min);
  EXPECT_EQ(detail->definitions[0].defined_since, AtTime("2026-06-01T00:00:00Z"));
  ASSERT_EQ(detail->recent_episodes.size(), 3u);
  EXPECT_EQ(detail->recent_episodes[0].starts_at, AtTime("2026-11-26T10:00:00Z"));  // newest
  ASSERT_EQ(detail->decisions.size(), 1u);
  ASSERT_EQ(detail->snapshots.size(), 1u);
  EXPECT_EQ(detail->snapshots[0].first_seen_at, AtTime("2026-06-01T00:00:00Z"));
  EXPECT_EQ(detail->snapshots[0].last_seen_at, world_.now());

  auto unknown = service->Rule("HostDwn", world_.week());
  EXPECT_EQ(unknown.status().code(), Code::kNotFound);
}

TEST_F(ReviewServiceTest, RuleDeletedFromTheFilesIsStillKnownWithItsDeletionDate) {
  auto service = world_.Service();
  ASSERT_TRUE(service);
  ASSERT_TRUE(service->TakeSnapshots().ok());  // with Quiet
  std::string rules_yaml = testing::kReviewRules;
  rules_yaml.erase(rules_yaml.find("      - alert: Quiet"));
  testing::WriteFile(world_.dir() / "rules.yml", rules_yaml);
  ASSERT_TRUE(service->Inventory(world_.week()).ok());
  auto before = service->Rule("Quiet", world_.week());  // a read does not snapshot
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  ASSERT_EQ(before->snapshots.size(), 1u);
  EXPECT_FALSE(before->snapshots[0].deleted_at.has_value());
  ASSERT_TRUE(service->TakeSnapshots().ok());  // without it

  auto detail = service->Rule("Quiet", world_.week());
  ASSERT_TRUE(detail.ok()) << detail.status().ToString();
  EXPECT_TRUE(detail->definitions.empty());
  ASSERT_EQ(detail->snapshots.size(), 1u);
  EXPECT_EQ(detail->snapshots[0].deleted_at, world_.now());
  auto names = service->RuleNames();
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names, (std::vector<std::string>{"Flappy", "HostDown", "Orphan", "Quiet"}));
}

TEST_F(ReviewServiceTest, RecordsAreValidatedBeforeTheyAreStored) {
  auto service = world_.Service();
  ASSERT_TRUE(service);
  const int64_t flappy = world_.real_flappy_episode();
  struct Case {
    const char* name;
    Status status;
    Code code;
    const char* field;
  };
  auto ack = [&](std::string rule, std::string user, std::optional<int64_t> episode = {},
                 std::string note = "") {
    return service->RecordAck({0, "", rule, episode, user, note, Time{}}).status();
  };
  auto decision = [&](std::string rule, rules::DecisionAction a) {
    return service->RecordDecision({0, rule, a, "", "cy", Time{}}).status();
  };
  auto incident = [&](std::string service_name, std::string text,
                      std::optional<int64_t> episode = {}) {
    return service->RecordIncident({0, service_name, text, "di", Time{}, episode}).status();
  };
  const Case cases[] = {
      {"ack ok", ack("Flappy", "ana", flappy), Code::kOk, ""},
      {"ack of a defined rule that never fired", ack("Quiet", "ana"), Code::kOk, ""},
      {"ack without rule", ack("", "ana"), Code::kInvalidArgument, "rule"},
      {"ack without user", ack("Flappy", ""), Code::kInvalidArgument, "user"},
      {"ack of unknown rule", ack("Flapy", "ana"), Code::kNotFound, "rule"},
      {"ack of another rule's episode", ack("HostDown", "ana", flappy), Code::kInvalidArgument,
       "episode_id"},
      {"ack of a missing episode", ack("Flappy", "ana", 987654), Code::kInvalidArgument,
       "episode_id"},
      {"ack with a huge note", ack("Flappy", "ana", {}, std::string(kMaxRecordText + 1, 'x')),
       Code::kInvalidArgument, "note"},
      {"decision to tune an unknown rule", decision("Nope", rules::DecisionAction::kTune),
       Code::kNotFound, "rule"},
      {"decision to add a new rule", decision("CheckoutSlow", rules::DecisionAction::kAdd),
       Code::kOk, ""},
      {"incident ok", incident("checkout", "500s", flappy), Code::kOk, ""},
      {"incident without text", incident("checkout", ""), Code::kInvalidArgument, "text"},
      {"incident without service", incident("", "500s"), Code::kInvalidArgument, "service"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(c.status.code(), c.code) << c.status.ToString();
    EXPECT_EQ(c.status.field(), c.field);
  }
  auto stored = service->RecordFeedback({0, "Flappy", rules::Verdict::kNoise, "bo", "", Time{}});
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(stored->at, world_.now());  // unset time: now
  auto decisions = service->Decisions({world_.now() - 1h, world_.now() + 1h});
  ASSERT_TRUE(decisions.ok());
  ASSERT_EQ(decisions->size(), 1u);
  EXPECT_EQ((*decisions)[0].rule, "CheckoutSlow");
}

TEST_F(ReviewServiceTest, UpstreamSnapshotFeedsTheChecksAndTheSchedulerSnapshotsIt) {
  int calls = 0;
  auto service = world_.Service([&calls](const rules::Window&, Time) {
    ++calls;
    UpstreamSnapshot up;
    up.prometheus_metrics = {"up"};
    up.prometheus_availability.status = Status::Ok();
    rules::Silence s;
    s.id = "s-1";
    s.matchers = {{"alertname", "HostDown", false, true}};
    s.starts_at = AtTime("2026-09-01T00:00:00Z");
    s.ends_at = AtTime("2027-01-01T00:00:00Z");
    s.state = "active";
    up.silences = {s};
    up.silences_availability.status = Status::Ok();
    return up;
  });
  ASSERT_TRUE(service);
  auto report = service->Suggestions(world_.week(), std::nullopt);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(calls, 1);
  EXPECT_FALSE(Unable(*report, "stale/dead-metric"));
  // Flappy selects http_errors_total, which Prometheus does not have; HostDown's `up` exists.
  EXPECT_NE(FindProblem(*report, "stale/dead-metric", "Flappy"), nullptr);
  EXPECT_EQ(FindProblem(*report, "stale/dead-metric", "HostDown"), nullptr);
  EXPECT_NE(FindProblem(*report, "stale/long-silence", "HostDown"), nullptr);

  storage::StoreOptions so;
  so.path = world_.config().database;
  auto snapshots = storage::SnapshotStore::Open(so);
  ASSERT_TRUE(snapshots.ok());
  auto silences = (*snapshots)->Silences();
  ASSERT_TRUE(silences.ok());
  EXPECT_TRUE(silences->empty()) << "a read does not snapshot";
  ASSERT_TRUE(service->TakeSnapshots().ok());  // the scheduler's
  EXPECT_EQ(calls, 2);
  silences = (*snapshots)->Silences();
  ASSERT_TRUE(silences.ok());
  ASSERT_EQ(silences->size(), 1u);
  EXPECT_EQ((*silences)[0].first_seen_at, world_.now());
}

TEST_F(ReviewServiceTest, ConfigErrorsAreReportedAtCreation) {
  world_.config().timezone = "Mars/Olympus";
  auto bad_zone = ReviewService::Create(world_.config());
  EXPECT_EQ(bad_zone.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(bad_zone.status().field(), "timezone");
  world_.config().timezone = "UTC";
  world_.config().checks.disabled = {"noisy/nope"};
  EXPECT_EQ(ReviewService::Create(world_.config()).status().code(), Code::kInvalidArgument);
}

TEST_F(ReviewServiceTest, BrokenRuleFilesMakeDefinitionChecksUnableNotTheReport) {
  testing::WriteFile(world_.dir() / "rules.yml",
                     "groups:\n  - name: x\n    rules:\n      - alert: A\n        expr: up ==\n");
  auto service = world_.Service();
  ASSERT_TRUE(service);
  auto report = service->Suggestions(world_.week(), std::nullopt);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(Unable(*report, "stale/undocumented"));
  EXPECT_NE(FindProblem(*report, "noisy/flapping", "Flappy"), nullptr);
}

}  // namespace
}  // namespace nagame::bot
