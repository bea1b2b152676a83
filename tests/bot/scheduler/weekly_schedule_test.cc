// Weekly schedule with an injected clock, in Asia/Tokyo (no DST) and America/New_York across
// both 2026 DST changes (Mar 8: 02:00 → 03:00; Nov 1: 02:00 → 01:00).
#include "bot/scheduler/weekly_schedule.h"

#include <gtest/gtest.h>

#include "tests/support/history_builder.h"

namespace nagame::bot {
namespace {

using nagame::testing::AtTime;

constexpr int kSun = 0, kMon = 1;

TEST(NextWeeklyFire, Table) {
  struct Case {
    const char* name;
    const char* zone;
    WeeklyTime at;
    const char* after;
    const char* fire;
  };
  const Case cases[] = {
      {"Tokyo: Sunday morning to Monday 09:30 JST",
       "Asia/Tokyo",
       {kMon, 9, 30},
       "2026-11-28T23:37:00Z",
       "2026-11-30T00:30:00Z"},
      {"Tokyo: one second before",
       "Asia/Tokyo",
       {kMon, 9, 30},
       "2026-11-30T00:29:59Z",
       "2026-11-30T00:30:00Z"},
      {"Tokyo: exactly at the fire time goes to next week",
       "Asia/Tokyo",
       {kMon, 9, 30},
       "2026-11-30T00:30:00Z",
       "2026-12-07T00:30:00Z"},
      {"Tokyo: Monday after 09:30 local",
       "Asia/Tokyo",
       {kMon, 9, 30},
       "2026-11-30T03:00:00Z",
       "2026-12-07T00:30:00Z"},
      {"New York: Monday before spring forward is EST (UTC-5)",
       "America/New_York",
       {kMon, 9, 30},
       "2026-03-01T00:00:00Z",
       "2026-03-02T14:30:00Z"},
      {"New York: next Monday is EDT (UTC-4), 6d23h later",
       "America/New_York",
       {kMon, 9, 30},
       "2026-03-02T14:30:00Z",
       "2026-03-09T13:30:00Z"},
      {"New York: skipped 02:30 fires at the gap's end, 03:00 EDT",
       "America/New_York",
       {kSun, 2, 30},
       "2026-03-07T12:00:00Z",
       "2026-03-08T07:00:00Z"},
      {"New York: the week after the gap is a normal 02:30 EDT",
       "America/New_York",
       {kSun, 2, 30},
       "2026-03-08T07:00:00Z",
       "2026-03-15T06:30:00Z"},
      {"New York: repeated 01:30 fires at its first occurrence (EDT)",
       "America/New_York",
       {kSun, 1, 30},
       "2026-10-31T12:00:00Z",
       "2026-11-01T05:30:00Z"},
      {"New York: not again at the second 01:30 (EST)",
       "America/New_York",
       {kSun, 1, 30},
       "2026-11-01T05:30:00Z",
       "2026-11-08T06:30:00Z"},
      {"New York: Monday after fall back is EST",
       "America/New_York",
       {kMon, 9, 30},
       "2026-10-27T00:00:00Z",
       "2026-11-02T14:30:00Z"},
  };
  for (const Case& c : cases) {
    auto fire = NextWeeklyFire(c.at, c.zone, AtTime(c.after));
    ASSERT_TRUE(fire.ok()) << c.name << ": " << fire.status().ToString();
    EXPECT_EQ(FormatRfc3339(*fire), FormatRfc3339(AtTime(c.fire))) << c.name;
  }
}

TEST(NextWeeklyFire, RejectsBadInput) {
  const Time now = AtTime("2026-11-28T00:00:00Z");
  auto zone = NextWeeklyFire({kMon, 9, 30}, "Mars/Olympus_Mons", now);
  EXPECT_EQ(zone.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(zone.status().field(), "timezone");
  for (WeeklyTime bad :
       {WeeklyTime{7, 9, 30}, WeeklyTime{1, 24, 0}, WeeklyTime{1, 9, 60}, WeeklyTime{-1, 0, 0}}) {
    auto r = NextWeeklyFire(bad, "UTC", now);
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
    EXPECT_EQ(r.status().field(), "schedule");
  }
}

}  // namespace
}  // namespace nagame::bot
