// Tests for ReviewStore, SnapshotStore and HistorySummary on real SQLite files: round trips,
// ranges, snapshots over time, and query plans that search indexes instead of scanning.
#include "storage/review_store.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "storage/history_summary.h"
#include "storage/snapshot_store.h"
#include "tests/support/files.h"
#include "tests/support/history_builder.h"
#include "tests/support/store_seeder.h"

namespace nagame::storage {
namespace {

using namespace std::chrono_literals;
using testing::AtTime;

class ReviewStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_.path = (dir_ / "nagame.db").string();
    events_ = Must(EventStore::Open(options_));
    records_ = Must(ReviewStore::Open(options_));
    snapshots_ = Must(SnapshotStore::Open(options_));
    history_ = Must(HistorySummary::Open(options_));
  }

  template <typename T>
  static T Must(Result<T> r) {
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return std::move(r).value();
  }

  static rules::DefinedRule Defined(const std::string& name, const std::string& expr = "up == 0") {
    rules::DefinedRule r;
    r.definition.name = name;
    r.definition.expr = expr;
    r.definition.group = "g";
    r.definition.file = "rules.yml";
    r.definition.line = 3;
    r.definition.for_duration = 5min;
    r.definition.labels = {{"severity", "page"}};
    r.definition.annotations = {{"summary", "it is down"}};
    return r;
  }

  testing::TempDir dir_;
  StoreOptions options_;
  std::unique_ptr<EventStore> events_;
  std::unique_ptr<ReviewStore> records_;
  std::unique_ptr<SnapshotStore> snapshots_;
  std::unique_ptr<HistorySummary> history_;
};

TEST_F(ReviewStoreTest, RecordsRoundTripWithIds) {
  testing::StoreSeeder seed(events_.get());
  const int64_t episode = seed.Episode("HostDown", "web-1", AtTime("2026-11-23T10:00:00Z"), 5min);

  rules::Ack ack{
      0, "alertmanager", "HostDown", episode, "ana", "looked", AtTime("2026-11-23T10:02:00Z")};
  rules::Ack stored = Must(records_->AddAck(ack));
  EXPECT_GT(stored.id, 0);
  rules::Feedback fb{0,    "HostDown", rules::Verdict::kNoise,
                     "bo", "flaps",    AtTime("2026-11-23T11:00:00Z")};
  EXPECT_GT(Must(records_->AddFeedback(fb)).id, 0);
  rules::Decision d{0,          "HostDown", rules::DecisionAction::kTune,
                    "for: 10m", "cy",       AtTime("2026-11-24T09:30:00Z")};
  EXPECT_GT(Must(records_->AddDecision(d)).id, 0);
  rules::Incident inc{
      0, "checkout", "500s for 20 min", "di", AtTime("2026-11-23T12:00:00Z"), std::nullopt};
  EXPECT_GT(Must(records_->AddIncident(inc)).id, 0);

  auto acks = Must(records_->Acks({}));
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_EQ(acks[0].id, stored.id);
  EXPECT_EQ(acks[0].source, "alertmanager");
  EXPECT_EQ(acks[0].episode_id, episode);
  EXPECT_EQ(acks[0].user, "ana");
  EXPECT_EQ(acks[0].note, "looked");
  EXPECT_EQ(acks[0].at, ack.at);
  auto fbs = Must(records_->FeedbackIn({}));
  ASSERT_EQ(fbs.size(), 1u);
  EXPECT_EQ(fbs[0].verdict, rules::Verdict::kNoise);
  auto ds = Must(records_->Decisions({}));
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].action, rules::DecisionAction::kTune);
  EXPECT_EQ(ds[0].note, "for: 10m");
  auto incs = Must(records_->Incidents({}));
  ASSERT_EQ(incs.size(), 1u);
  EXPECT_EQ(incs[0].service, "checkout");
  EXPECT_FALSE(incs[0].episode_id.has_value());
  EXPECT_EQ(incs[0].started_at, inc.started_at);
}

TEST_F(ReviewStoreTest, RangesAreHalfOpenAndFilterByRule) {
  const Time t0 = AtTime("2026-11-23T00:00:00Z");
  for (const auto& [rule, at] : std::vector<std::pair<std::string, Time>>{
           {"A", t0 - 1s}, {"A", t0}, {"B", t0 + 1h}, {"A", t0 + 24h}}) {
    Must(records_->AddDecision({0, rule, rules::DecisionAction::kKeep, "", "x", at}));
  }
  EXPECT_EQ(Must(records_->Decisions({t0, t0 + 24h, std::nullopt})).size(), 2u);
  auto only_a = Must(records_->Decisions({t0, t0 + 48h, std::string("A")}));
  ASSERT_EQ(only_a.size(), 2u);
  EXPECT_EQ(only_a[0].at, t0);  // oldest first
  EXPECT_EQ(only_a[1].at, t0 + 24h);
}

TEST_F(ReviewStoreTest, RuleSnapshotsKnowDefinedSinceAndDeletedOn) {
  const Time t1 = AtTime("2026-11-01T00:00:00Z");
  const Time t2 = AtTime("2026-11-08T00:00:00Z");
  const Time t3 = AtTime("2026-11-15T00:00:00Z");
  ASSERT_TRUE(snapshots_->RecordRules("rule_files", {Defined("A"), Defined("B")}, t1).ok());
  ASSERT_TRUE(snapshots_->RecordRules("rule_files", {Defined("A", "up == 2")}, t2).ok());
  auto rows = Must(snapshots_->Rules());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].definition.name, "A");
  EXPECT_EQ(rows[0].first_seen_at, t1);
  EXPECT_EQ(rows[0].last_seen_at, t2);
  EXPECT_FALSE(rows[0].deleted_at.has_value());
  EXPECT_EQ(rows[0].definition.expr, "up == 2");  // the latest definition
  EXPECT_EQ(rows[0].definition.for_duration, 5min);
  EXPECT_EQ(rows[0].definition.labels.at("severity"), "page");
  EXPECT_EQ(rows[1].definition.name, "B");
  EXPECT_EQ(rows[1].deleted_at, t2);

  // B comes back: defined since its return, no longer deleted. Another origin is separate.
  ASSERT_TRUE(snapshots_->RecordRules("rule_files", {Defined("A"), Defined("B")}, t3).ok());
  ASSERT_TRUE(snapshots_->RecordRules("prometheus", {Defined("B")}, t3).ok());
  auto b = Must(snapshots_->Rules(std::string("B")));
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].origin, "prometheus");
  EXPECT_EQ(b[1].origin, "rule_files");
  EXPECT_EQ(b[1].first_seen_at, t3);
  EXPECT_FALSE(b[1].deleted_at.has_value());
}

TEST_F(ReviewStoreTest, RuleSnapshotsKeepTheQueryLanguageAndEnabledFlag) {
  rules::DefinedRule nrql =
      Defined("Golden Signals / High CPU", "SELECT average(cpuPercent) FROM SystemSample");
  nrql.definition.language = rules::kNRQL;
  nrql.definition.enabled = false;
  ASSERT_TRUE(
      snapshots_->RecordRules("newrelic", {nrql, Defined("A")}, AtTime("2026-11-01T00:00:00Z"))
          .ok());
  auto rows = Must(snapshots_->Rules());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].definition.name, "A");
  EXPECT_EQ(rows[0].definition.language, rules::kPromQL);
  EXPECT_TRUE(rows[0].definition.enabled);
  EXPECT_EQ(rows[1].definition.language, rules::kNRQL);
  EXPECT_FALSE(rows[1].definition.enabled);
}

TEST_F(ReviewStoreTest, SilenceSnapshotsKeepFirstSightingAndLatestState) {
  rules::Silence s;
  s.id = "3f1c";
  s.matchers = {{"alertname", "HostDown", false, true}, {"env", "dev|test", true, false}};
  s.starts_at = AtTime("2026-10-01T00:00:00Z");
  s.ends_at = AtTime("2026-12-01T00:00:00Z");
  s.created_by = "ana";
  s.comment = "JIRA-12";
  s.state = "active";
  ASSERT_TRUE(snapshots_->RecordSilences({s}, AtTime("2026-11-01T00:00:00Z")).ok());
  s.state = "expired";
  ASSERT_TRUE(snapshots_->RecordSilences({s}, AtTime("2026-11-20T00:00:00Z")).ok());
  auto all = Must(snapshots_->Silences());
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].first_seen_at, AtTime("2026-11-01T00:00:00Z"));
  EXPECT_EQ(all[0].last_seen_at, AtTime("2026-11-20T00:00:00Z"));
  EXPECT_EQ(all[0].silence.state, "expired");
  ASSERT_EQ(all[0].silence.matchers.size(), 2u);
  EXPECT_TRUE(all[0].silence.matchers[1].is_regex);
  EXPECT_FALSE(all[0].silence.matchers[1].is_equal);
  EXPECT_EQ(all[0].silence.comment, "JIRA-12");
}

TEST_F(ReviewStoreTest, HistorySummaryFindsNewestEpisodesDeliveriesAndRules) {
  testing::StoreSeeder am(events_.get());
  testing::StoreSeeder grafana(events_.get(), "grafana");
  am.Episode("HostDown", "web-1", AtTime("2026-11-01T00:00:00Z"), 5min);
  const int64_t newest =
      am.Episode("HostDown", "web-2", AtTime("2026-11-20T00:00:00Z"), std::nullopt);
  grafana.Episode("HostDown", "db-1", AtTime("2026-11-10T00:00:00Z"), 1min);
  grafana.Episode("DiskFull", "db-1", AtTime("2026-11-12T00:00:00Z"), 1min);

  auto last = Must(history_->LastEpisodeStarts());
  ASSERT_EQ(last.size(), 3u);
  EXPECT_EQ(last.at({"alertmanager", "HostDown"}), AtTime("2026-11-20T00:00:00Z"));
  EXPECT_EQ(last.at({"grafana", "HostDown"}), AtTime("2026-11-10T00:00:00Z"));
  auto deliveries = Must(history_->LastDeliveryBySource());
  ASSERT_EQ(deliveries.size(), 2u);
  EXPECT_EQ(deliveries.at("alertmanager"), AtTime("2026-11-20T00:00:00Z"));
  EXPECT_EQ(deliveries.at("grafana"), AtTime("2026-11-12T00:01:00Z"));  // the resolved one
  EXPECT_EQ(Must(history_->SeenRules()),
            (std::vector<SourceRule>{
                {"alertmanager", "HostDown"}, {"grafana", "DiskFull"}, {"grafana", "HostDown"}}));
  EXPECT_TRUE(Must(history_->RuleSeen("DiskFull")));
  EXPECT_FALSE(Must(history_->RuleSeen("Nope")));
  EXPECT_EQ(Must(history_->EpisodeRule(newest)), SourceRule("alertmanager", "HostDown"));
  EXPECT_FALSE(Must(history_->EpisodeRule(999999)).has_value());
}

TEST_F(ReviewStoreTest, EmptyStoreGivesEmptySummaries) {
  EXPECT_TRUE(Must(history_->LastEpisodeStarts()).empty());
  EXPECT_TRUE(Must(history_->LastDeliveryBySource()).empty());
  EXPECT_TRUE(Must(records_->Acks({})).empty());
  EXPECT_TRUE(Must(snapshots_->Rules()).empty());
}

// Each plan line starting with "SCAN" is a full scan of a table or index.
std::vector<std::string> Scans(const std::string& plan) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < plan.size()) {
    size_t end = plan.find('\n', pos);
    std::string line = plan.substr(pos, end - pos);
    if (line.rfind("SCAN", 0) == 0) out.push_back(line);
    pos = end == std::string::npos ? plan.size() : end + 1;
  }
  return out;
}

TEST_F(ReviewStoreTest, WindowQueriesSearchIndexes) {
  const RecordQuery window{AtTime("2026-11-16T00:00:00Z"), AtTime("2026-11-23T00:00:00Z"),
                           std::nullopt};
  RecordQuery one_rule = window;
  one_rule.rule = "HostDown";
  for (const std::string& plan :
       {Must(records_->ExplainAcks(window)), Must(records_->ExplainAcks(one_rule)),
        Must(records_->ExplainDecisions(window)), Must(records_->ExplainDecisions(one_rule))}) {
    EXPECT_TRUE(Scans(plan).empty()) << plan;
    EXPECT_NE(plan.find("USING INDEX"), std::string::npos) << plan;
  }
  // The newest episode per rule: instances' (rule, source) index is walked (one entry per
  // instance) into the distinct keys k; episodes are only searched.
  const std::string last = Must(history_->ExplainLastEpisodeStarts());
  // (SQLite picks (source, rule, starts_at) or (rule, starts_at); both are searches.)
  EXPECT_NE(last.find("SEARCH e USING"), std::string::npos) << last;
  EXPECT_NE(last.find("rule=?"), std::string::npos) << last;
  for (const std::string& scan : Scans(last)) {  // the index, or the distinct keys it gave
    EXPECT_TRUE(scan.find("alert_instances_rule_source") != std::string::npos || scan == "SCAN k")
        << last;
  }
  const std::string deliveries = Must(history_->ExplainLastDeliveryBySource());
  for (const std::string& scan : Scans(deliveries)) {
    EXPECT_EQ(scan.find("deliveries"), std::string::npos) << deliveries;
    EXPECT_NE(scan.rfind("SCAN d ", 0), 0u) << deliveries;
    EXPECT_NE(scan, "SCAN d") << deliveries;
  }
  EXPECT_NE(deliveries.find("deliveries_source_received"), std::string::npos) << deliveries;
}

}  // namespace
}  // namespace nagame::storage
