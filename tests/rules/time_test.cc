// Tests for RFC 3339 and duration parsing/formatting.
#include "rules/time.h"

#include <gtest/gtest.h>

namespace nagame {
namespace {

TEST(ParseRfc3339, TableOfValidAndInvalidInputs) {
  struct Case {
    const char* text;
    bool ok;
    const char* formatted;  // empty for "unset" (Go zero time)
  };
  const Case cases[] = {
      {"2026-11-28T20:03:46.566Z", true, "2026-11-28T20:03:46.566Z"},
      {"2018-08-03T09:52:26.739266876+02:00", true, "2018-08-03T07:52:26.739266876Z"},
      {"2021-10-12T09:51:03.157076+02:00", true, "2021-10-12T07:51:03.157076Z"},
      {"2019-03-22T13:58:24.3713213Z", true, "2019-03-22T13:58:24.3713213Z"},
      {"2026-01-01T00:00:00-05:30", true, "2026-01-01T05:30:00Z"},
      {"0001-01-01T00:00:00Z", true, ""},
      {"2026-02-30T00:00:00Z", false, nullptr},
      {"2026-11-28 20:03:46", false, nullptr},
      {"2026-11-28T20:03:46.Z", false, nullptr},
      {"2026-11-28T25:03:46Z", false, nullptr},
      {"not a time", false, nullptr},
      {"", false, nullptr},
      {"2026-11-28T20:03:46Zjunk", false, nullptr},
      {"9999-01-01T00:00:00Z", false, nullptr},
  };
  for (const Case& c : cases) {
    auto got = ParseRfc3339(c.text);
    ASSERT_EQ(got.ok(), c.ok) << c.text;
    if (!c.ok) {
      EXPECT_EQ(got.status().code(), Code::kInvalidArgument) << c.text;
      continue;
    }
    if (std::string(c.formatted).empty()) {
      EXPECT_FALSE(got->has_value()) << c.text;
    } else {
      ASSERT_TRUE(got->has_value()) << c.text;
      EXPECT_EQ(FormatRfc3339(**got), c.formatted) << c.text;
    }
  }
}

TEST(ParseDuration, UnitsAndErrors) {
  using namespace std::chrono;
  EXPECT_EQ(*ParseDuration("90s"), seconds(90));
  EXPECT_EQ(*ParseDuration("1h30m"), minutes(90));
  EXPECT_EQ(*ParseDuration("7d"), hours(168));
  EXPECT_EQ(*ParseDuration("2w"), hours(336));
  EXPECT_EQ(*ParseDuration("250ms"), milliseconds(250));
  EXPECT_FALSE(ParseDuration("").ok());
  EXPECT_FALSE(ParseDuration("10").ok());
  EXPECT_FALSE(ParseDuration("h").ok());
  EXPECT_FALSE(ParseDuration("5x").ok());
  EXPECT_FALSE(ParseDuration("99999999999999999999d").ok());
}

// Each term was bounded (to a quarter of the int64 nanosecond range, 73 years) but not their
// sum, so five 70-year terms overflowed int64 nanoseconds: undefined behaviour, which UBSan
// stops on. Now the sum has the terms' bound.
TEST(ParseDuration, BoundsTheSumOfItsTerms) {
  using namespace std::chrono;
  EXPECT_EQ(*ParseDuration("36y36y"), hours(24 * 365 * 72));
  EXPECT_FALSE(ParseDuration("70y70y").ok());
  EXPECT_FALSE(ParseDuration("70y70y70y70y70y").ok());
  EXPECT_FALSE(ParseDuration("1000000y1000000y").ok());
  EXPECT_FALSE(ParseTimeSpec("70y70y70y70y70y", **ParseRfc3339("2026-11-28T00:00:00Z")).ok());
}

TEST(FormatDuration, ShowsTwoUnitsAtMost) {
  using namespace std::chrono;
  EXPECT_EQ(FormatDuration(seconds(130)), "2m10s");
  EXPECT_EQ(FormatDuration(hours(74) + seconds(5)), "3d2h");
  EXPECT_EQ(FormatDuration(hours(4)), "4h");
  EXPECT_EQ(FormatDuration(milliseconds(850)), "850ms");
}

TEST(ParseTimeSpec, DurationMeansBeforeNow) {
  Time now = **ParseRfc3339("2026-11-28T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(*ParseTimeSpec("7d", now)), "2026-11-21T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(*ParseTimeSpec("2026-11-01T00:00:00Z", now)), "2026-11-01T00:00:00Z");
  EXPECT_FALSE(ParseTimeSpec("yesterday", now).ok());
}

}  // namespace
}  // namespace nagame
