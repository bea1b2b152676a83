// Tests for the watch-series helpers: windowing, failed-query reporting, value formatting.
#include "rules/watch_series.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "tests/support/history_builder.h"

namespace nagame::rules {
namespace {

using namespace std::chrono_literals;

TEST(PointsIn, KeepsFinitePointsInsideTheWindowInTimeOrder) {
  const Window w = testing::Week("2026-11-23");
  WatchSeries s;
  s.points = {{w.from + 2h, 2},
              {w.from - 1s, 99},  // before
              {w.from, 1},        // from is inclusive
              {w.to, 98},         // to is exclusive
              {w.from + 3h, std::numeric_limits<double>::quiet_NaN()},
              {w.from + 4h, std::numeric_limits<double>::infinity()}};
  auto points = PointsIn(s, w);
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points[0].first, w.from);
  EXPECT_EQ(points[1].second, 2);
}

TEST(FailedWatchQueries, NamesEachFailedQuery) {
  std::vector<WatchSeries> watch(3);
  watch[0].name = "ok";
  watch[1].name = "p99";
  watch[1].threshold = 1.5;
  watch[1].status = InvalidArgument("parse error");
  watch[2].name = "no threshold";
  watch[2].status = Unavailable("timeout");
  Status all = FailedWatchQueries(watch, false);
  EXPECT_EQ(all.code(), Code::kUnavailable);
  EXPECT_EQ(all.message(),
            "watch query \"p99\": invalid_argument: parse error; "
            "watch query \"no threshold\": unavailable: timeout");
  EXPECT_EQ(FailedWatchQueries(watch, true).message(),
            "watch query \"p99\": invalid_argument: parse error");
  watch[1].status = Status::Ok();
  EXPECT_TRUE(FailedWatchQueries(watch, true).ok());
}

TEST(FormatValue, FourSignificantDigits) {
  EXPECT_EQ(FormatValue(420), "420");
  EXPECT_EQ(FormatValue(0.021346), "0.02135");
  EXPECT_EQ(FormatValue(1.5), "1.5");
  EXPECT_EQ(FormatValue(1234567), "1.235e+06");
  EXPECT_EQ(FormatValue(-3), "-3");
}

}  // namespace
}  // namespace nagame::rules
