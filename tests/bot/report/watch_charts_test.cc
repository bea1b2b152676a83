// The meeting screen's watch charts: findings of the real checks drawn on their charts (a
// trend line, a burst band, two medians), the window before overlaid, the threshold, the
// daily medians as the text alternative, escaping, and a series that could not be read.
#include "bot/report/watch_charts.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/support/check_harness.h"
#include "tests/support/golden.h"
#include "tests/support/history_builder.h"
#include "tests/support/text_search.h"

namespace nagame::bot::report {
namespace {

using namespace std::chrono_literals;
using testing::Samples;
using testing::Week;

using testing::Count;

const rules::Window kWeek = Week("2026-11-23");

// Four weeks of hourly samples ending with kWeek: value(i), i = 0 at kWeek.from.
rules::WatchSeries Series(std::string name, std::optional<double> threshold,
                          const std::function<double(int)>& value) {
  return {
      std::move(name), "max(x)", threshold, Status::Ok(),
      Samples(kWeek.from - 3 * 7 * 24h, 1h, 4 * 168, [&](int i) { return value(i - 3 * 168); })};
}

// Restarts with a burst on Wednesday, a latency creeping up, a db time halved.
std::vector<rules::WatchSeries> Charts() {
  return {
      Series("pod <restarts>", std::nullopt,
             [](int i) { return i >= 50 && i < 53 ? 30.0 : (i % 31 == 0 ? 1.0 : 0.0); }),
      Series("checkout p99", 0.7,
             [](int i) { return 0.4 + (i > 0 ? 0.025 * i / 24 : 0.0) + 0.002 * (i % 3); }),
      Series("db time", std::nullopt, [](int i) { return (i < 0 ? 1.2 : 0.6) + 0.01 * (i % 2); })};
}

std::vector<rules::Problem> Findings(const std::vector<rules::WatchSeries>& watch) {
  testing::HistoryBuilder h(kWeek);
  rules::CheckInput in = h.Build();
  in.watch = watch;
  std::vector<rules::Problem> out;
  for (const char* check : {"missing/trend", "watch/change", "watch/anomaly"}) {
    for (rules::Problem& p : testing::RunOnly(check, in).problems) out.push_back(std::move(p));
  }
  return out;
}

TEST(WatchCharts, EveryFindingIsDrawnOnItsChart) {
  const auto watch = Charts();
  const auto findings = Findings(watch);
  const std::string html = WatchChartsSection(kWeek, {}, watch, findings);
  EXPECT_EQ(Count(html, "<figure class=\"chart line\""), 3u);
  // This window and the window before, on every chart.
  EXPECT_EQ(Count(html, "<polyline class=\"v\""), 3u);
  EXPECT_EQ(Count(html, "<polyline class=\"v previous\""), 3u);
  EXPECT_EQ(Count(html, "<rect class=\"band\""), 1u);   // the restarts' burst
  EXPECT_EQ(Count(html, "<line class=\"trend\""), 1u);  // the latency's fitted line
  EXPECT_EQ(Count(html, "<line class=\"threshold\""), 1u);
  EXPECT_GE(Count(html, "<line class=\"median previous\""), 1u);  // db time halved
  EXPECT_EQ(Count(html, "<li class=\"finding better\">"), 1u);
  EXPECT_NE(html.find("improvement"), std::string::npos);
  // Seven days of medians each, as the text alternative.
  EXPECT_EQ(Count(html, "<tr><td>2026-11-2"), 3u * 7);  // 23rd … 29th
  EXPECT_EQ(html.find("<restarts>"), std::string::npos);
  EXPECT_NE(html.find("pod &lt;restarts&gt;"), std::string::npos);
  testing::ExpectGolden("report/watch_charts.html", html);
}

TEST(WatchCharts, ASeriesThatCouldNotBeReadSaysWhy) {
  auto watch = Charts();
  watch[1].status = Unavailable("GET /api/v1/query_range: connect: <refused>");
  const std::string html = WatchChartsSection(kWeek, {}, watch, {});
  EXPECT_EQ(Count(html, "<figure class=\"chart line\""), 2u);
  EXPECT_NE(html.find("Could not be read: unavailable: GET /api/v1/query_range: connect: "
                      "&lt;refused&gt;"),
            std::string::npos)
      << html;
  EXPECT_EQ(Count(html, "No change, trend or burst found."), 2u);
}

TEST(WatchCharts, NoWatchQueriesNoSection) { EXPECT_EQ(WatchChartsSection(kWeek, {}, {}, {}), ""); }

}  // namespace
}  // namespace nagame::bot::report
