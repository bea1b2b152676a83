// End to end: four weeks of key charts backfilled into a real Prometheus (Debian's promtool
// and prometheus, loopback), read by ReadUpstreams as a review of the last week, and the watch
// checks on what it read. The charts are the meeting's four examples plus a healthy one:
//   - pod restarts: a restart every 8 hours, then 25 at once for 30 minutes this week that no
//     alert caught → watch/anomaly names when, and that no alert fired;
//   - app 2.4 share: 0, rolled out this week to 0.92 and flat since → no missing/trend (it
//     levelled off; "now" is never a fitted value), watch/change "0 → 0.92 (from zero)";
//   - checkout p99: flat at 0.40, creeping up 0.025/day this week towards 0.7 → missing/trend;
//   - db time: 1.2 s, halved this week → watch/change, an improvement;
//   - search p99: the same daily cycle every week → nothing.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "rules/check_runner.h"
#include "rules/watch_series.h"
#include "tests/support/check_harness.h"
#include "tests/support/files.h"
#include "tests/support/prometheus_stack.h"
#include "tests/support/upstream_input.h"

namespace nagame::testing {
namespace {

using namespace std::chrono_literals;

constexpr Duration kSampleStep = 5min;
constexpr int kPerDay = 24 * 12;
constexpr int kPerWeek = 7 * kPerDay;
constexpr int kBurstAt = 2 * kPerDay + 120;  // this week's sample: Wednesday 10:00 after `from`
constexpr int kBurstSamples = 6;             // 30 minutes

// A small repeatable wobble in [-1, 1] for sample k.
double Wobble(int k) { return std::sin(k * 12.9898) * 0.5 + std::sin(k * 4.1414) * 0.5; }

// The charts' values at sample k, where this week's first sample is k = 0 and the three weeks
// before have negative k.
struct Chart {
  std::string metric;
  std::function<double(int)> value;
};

std::vector<Chart> Charts() {
  return {
      {"nagame_pod_restarts",
       [](int k) {
         if (k >= kBurstAt && k < kBurstAt + kBurstSamples) return 25.0;
         return k % 97 == 0 ? 1.0 : 0.0;
       }},
      {"nagame_app_version_share",
       [](int k) {
         if (k < kPerDay) return 0.0;
         if (k < 2 * kPerDay) return 0.92 * (k - kPerDay) / kPerDay;
         return 0.92;
       }},
      {"nagame_checkout_latency_seconds",
       [](int k) {
         const double creep = k > 0 ? 0.025 * k / kPerDay : 0.0;
         return 0.40 + creep + 0.005 * Wobble(k);
       }},
      {"nagame_db_time_seconds", [](int k) { return (k < 0 ? 1.2 : 0.6) + 0.02 * Wobble(k); }},
      {"nagame_search_latency_seconds",
       [](int k) {
         const int of_day = ((k % kPerDay) + kPerDay) % kPerDay;
         return 0.2 + 0.1 * std::sin(of_day * 2 * M_PI / kPerDay) + 0.003 * Wobble(of_day);
       }},
  };
}

class WatchHistoryE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { suite_ = new Suite(); }
  static void TearDownTestSuite() {
    delete suite_;
    suite_ = nullptr;
  }

  struct Suite {
    Suite() {
      // Whole 5 minutes: the review week ends at the last one, and samples sit on its grid.
      const Time now = std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now());
      week = {now - std::chrono::days(7), now};
      WriteHistory(dir.path() / "history.om");
      PrometheusServer::Options options;
      options.dir = dir.path();
      options.backfill = dir.path() / "history.om";
      auto started = PrometheusServer::Start(options);
      if (!started.ok()) {
        error = started.status().ToString();
        return;
      }
      prometheus = std::move(started).value();
      Status ready = prometheus->WaitReady(120s);
      if (!ready.ok()) error = ready.ToString();
    }

    // Every chart from three weeks before `week` to its end, one sample per kSampleStep.
    void WriteHistory(const std::filesystem::path& path) const {
      std::ofstream out(path);
      const int64_t from_s =
          std::chrono::duration_cast<std::chrono::seconds>(week.from.time_since_epoch()).count();
      for (const Chart& chart : Charts()) {
        out << "# TYPE " << chart.metric << " gauge\n";
        for (int k = -3 * kPerWeek; k < kPerWeek; ++k) {
          const int64_t t =
              from_s + k * std::chrono::duration_cast<std::chrono::seconds>(kSampleStep).count();
          out << chart.metric << " " << chart.value(k) << " " << t << "\n";
        }
      }
      out << "# EOF\n";
    }

    TempDir dir;
    rules::Window week;
    std::unique_ptr<PrometheusServer> prometheus;
    std::string error;
  };

  void SetUp() override {
    ASSERT_TRUE(suite_->prometheus && suite_->error.empty()) << suite_->error;
  }

  // The last week as a review window, read from Prometheus through ReadUpstreams.
  static rules::CheckInput ReadWeek() {
    bot::Config config;
    config.prometheus.url = suite_->prometheus->url();
    config.watch = {{"pod restarts", "max(nagame_pod_restarts)", std::nullopt},
                    {"app 2.4 share", "max(nagame_app_version_share)", 1.5},
                    {"checkout p99", "max(nagame_checkout_latency_seconds)", 0.7},
                    {"db time", "max(nagame_db_time_seconds)", std::nullopt},
                    {"search p99", "max(nagame_search_latency_seconds)", 0.35}};
    return UpstreamCheckInput(config, suite_->week, suite_->week.to);
  }

  static std::vector<std::string> Watches(const rules::CheckReport& report) {
    std::vector<std::string> out;
    for (const rules::Problem& p : report.problems) out.push_back(p.evidence["watch"]);
    return out;
  }

  static Suite* suite_;
};

WatchHistoryE2E::Suite* WatchHistoryE2E::suite_ = nullptr;

TEST_F(WatchHistoryE2E, EverySeriesReachesBackThreeWeeks) {
  rules::CheckInput in = ReadWeek();
  ASSERT_EQ(in.watch.size(), 5u);
  for (const rules::WatchSeries& w : in.watch) {
    ASSERT_TRUE(w.status.ok()) << w.name << ": " << w.status.ToString();
    ASSERT_FALSE(w.points.empty()) << w.name;
    EXPECT_LE(w.points.front().first, suite_->week.from - std::chrono::days(20)) << w.name;
    EXPECT_GE(w.points.size(), 3900u) << w.name;  // 4 weeks in steps of 605 s: 3,999
  }
}

TEST_F(WatchHistoryE2E, OnlyTheCreepingLatencyIsATrend) {
  rules::CheckReport report = RunOnly("missing/trend", ReadWeek());
  ASSERT_TRUE(report.unable.empty()) << report.unable.at(0).reason;
  ASSERT_EQ(Watches(report), std::vector<std::string>{"checkout p99"});
  const rules::Problem& p = report.problems[0];
  // What it printed as "now" was observed: no point of the week is above 0.58.
  EXPECT_LE(p.evidence["last_value"].get<double>(), 0.58) << p.summary;
  EXPECT_NE(p.summary.find("(now " + rules::FormatValue(p.evidence["last_value"])),
            std::string::npos)
      << p.summary;
  EXPECT_NEAR(p.evidence["slope_per_day"].get<double>(), 0.025, 0.005) << p.summary;
  EXPECT_NE(p.summary.find("crosses 0.7 in ~"), std::string::npos) << p.summary;
}

TEST_F(WatchHistoryE2E, TheRollOutAndTheImprovementAreChanges) {
  rules::CheckReport report = RunOnly("watch/change", ReadWeek());
  ASSERT_TRUE(report.unable.empty()) << report.unable.at(0).reason;
  ASSERT_EQ(Watches(report), (std::vector<std::string>{"app 2.4 share", "db time"}));
  const rules::Problem& share = report.problems[0];
  EXPECT_EQ(share.summary,
            "app 2.4 share: 0 → 0.92 (from zero) vs the previous 7d — worse (threshold 1.5)")
      << share.summary;
  const rules::Problem& db = report.problems[1];
  EXPECT_EQ(db.severity, rules::Severity::kInfo) << db.summary;
  EXPECT_NE(db.summary.find("(-50%)"), std::string::npos) << db.summary;
  EXPECT_NE(db.summary.find("improvement"), std::string::npos) << db.summary;
}

TEST_F(WatchHistoryE2E, TheRestartBurstIsAnAnomalyNoAlertCaught) {
  rules::CheckReport report = RunOnly("watch/anomaly", ReadWeek());
  ASSERT_TRUE(report.unable.empty()) << report.unable.at(0).reason;
  ASSERT_EQ(Watches(report), std::vector<std::string>{"pod restarts"});
  const rules::Problem& p = report.problems[0];
  EXPECT_EQ(p.severity, rules::Severity::kWarning) << p.summary;
  EXPECT_NE(p.summary.find("peak 25 vs a usual 0 (at most 1 in the 21d before), no alert fired"),
            std::string::npos)
      << p.summary;
  // When: within one step of the first burst sample.
  const Time burst = suite_->week.from + kBurstAt * kSampleStep;
  auto from = ParseRfc3339(p.evidence["bursts"][0]["from"].get<std::string>());
  ASSERT_TRUE(from.ok() && from->has_value()) << p.evidence.dump();
  EXPECT_LE(std::chrono::abs(**from - burst), 11min) << p.evidence.dump();
}

}  // namespace
}  // namespace nagame::testing
