// Tests for interval arithmetic, quantiles and Theil–Sen.
#include "rules/history_math.h"

#include <gtest/gtest.h>

namespace nagame::rules {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

Time T(int minute) { return Time(std::chrono::duration_cast<Duration>(minutes(minute))); }
Interval I(int a, int b) { return {T(a), T(b)}; }

TEST(MergeIntervals, Table) {
  struct Case {
    std::vector<Interval> in, want;
  };
  const Case cases[] = {
      {{}, {}},
      {{I(0, 5)}, {I(0, 5)}},
      {{I(10, 20), I(0, 5)}, {I(0, 5), I(10, 20)}},
      {{I(0, 5), I(5, 8)}, {I(0, 8)}},    // touching
      {{I(0, 10), I(2, 3)}, {I(0, 10)}},  // contained
      {{I(0, 4), I(3, 9), I(8, 12), I(20, 21)}, {I(0, 12), I(20, 21)}},
  };
  for (const Case& c : cases) EXPECT_EQ(MergeIntervals(c.in), c.want);
}

TEST(DutyCycle, CountsTheUnionInsideTheWindow) {
  Interval window = I(0, 100);
  EXPECT_DOUBLE_EQ(DutyCycle({}, window), 0);
  EXPECT_DOUBLE_EQ(DutyCycle({I(0, 50)}, window), 0.5);
  EXPECT_DOUBLE_EQ(DutyCycle({I(0, 50), I(25, 75)}, window), 0.75);    // overlap counted once
  EXPECT_DOUBLE_EQ(DutyCycle({I(-50, 10), I(90, 500)}, window), 0.2);  // clipped
  EXPECT_EQ(CoveredDuration({I(-50, 10)}, window), minutes(10));
}

TEST(Quantile, InterpolatesLikeNumpy) {
  EXPECT_FALSE(Quantile({}, 0.5).has_value());
  EXPECT_DOUBLE_EQ(*Quantile({3}, 0.9), 3);
  EXPECT_DOUBLE_EQ(*Quantile({4, 1, 3, 2}, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(*Quantile({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.9), 9.1);
  EXPECT_DOUBLE_EQ(*Quantile({1, 2, 3}, 0), 1);
  EXPECT_DOUBLE_EQ(*Quantile({1, 2, 3}, 1), 3);
  EXPECT_EQ(*QuantileDuration({seconds(10), seconds(30), seconds(20)}, 0.5), seconds(20));
}

TEST(TheilSen, IgnoresOutliers) {
  std::vector<double> x, y;
  for (int i = 0; i < 20; ++i) {
    x.push_back(i);
    y.push_back(2.0 * i + 1);
  }
  y[3] = 500;  // outliers that would wreck least squares
  y[15] = -300;
  auto line = TheilSen(x, y);
  ASSERT_TRUE(line.has_value());
  EXPECT_NEAR(line->slope, 2.0, 1e-9);
  EXPECT_NEAR(line->intercept, 1.0, 1e-9);
  EXPECT_FALSE(TheilSen({1, 1}, {2, 3}).has_value());
  EXPECT_FALSE(TheilSen({}, {}).has_value());
}

TEST(TheilSen, SubsamplesLargeInputs) {
  std::vector<double> x, y;
  for (int i = 0; i < 5000; ++i) {
    x.push_back(i);
    y.push_back(-0.5 * i + 7);
  }
  auto line = TheilSen(x, y, 200);
  ASSERT_TRUE(line.has_value());
  EXPECT_NEAR(line->slope, -0.5, 1e-9);
}

}  // namespace
}  // namespace nagame::rules
