// Review windows: durations, ISO weeks in a zone (DST included), RFC 3339 bounds, errors.
#include "bot/review/window_spec.h"

#include <gtest/gtest.h>

#include "tests/support/history_builder.h"

namespace nagame::bot {
namespace {

using testing::AtTime;

const Time kNow = AtTime("2026-11-28T12:00:00Z");

Zone MustZone(const std::string& name) {
  auto z = Zone::Find(name);
  EXPECT_TRUE(z.ok()) << z.status().ToString();
  return *z;
}

TEST(WindowSpec, Specs) {
  const Zone tokyo = MustZone("Asia/Tokyo");
  const Zone berlin = MustZone("Europe/Berlin");
  struct Case {
    const char* spec;
    const Zone* zone;
    const char* from;  // nullptr: an error is expected
    const char* to;
  };
  const Case cases[] = {
      {"", &tokyo, "2026-11-21T12:00:00Z", "2026-11-28T12:00:00Z"},
      {"7d", &tokyo, "2026-11-21T12:00:00Z", "2026-11-28T12:00:00Z"},
      {"2w", &tokyo, "2026-11-14T12:00:00Z", "2026-11-28T12:00:00Z"},
      {"36h", &tokyo, "2026-11-27T00:00:00Z", "2026-11-28T12:00:00Z"},
      // Monday 2026-11-16 00:00 in Tokyo (UTC+9) to the next Monday.
      {"2026-W47", &tokyo, "2026-11-15T15:00:00Z", "2026-11-22T15:00:00Z"},
      {"2026-w47", &tokyo, "2026-11-15T15:00:00Z", "2026-11-22T15:00:00Z"},
      // Berlin leaves summer time on Sunday 2026-10-25: that week is 7 days and 1 hour.
      {"2026-W43", &berlin, "2026-10-18T22:00:00Z", "2026-10-25T23:00:00Z"},
      // 2026 has 53 ISO weeks; W01 of 2027 starts on Monday 2027-01-04.
      {"2026-W53", &tokyo, "2026-12-27T15:00:00Z", "2027-01-03T15:00:00Z"},
      {"2025-W53", &tokyo, nullptr, nullptr},
      {"2026-W00", &tokyo, nullptr, nullptr},
      {"2026-W5", &tokyo, nullptr, nullptr},
      {"0d", &tokyo, nullptr, nullptr},
      {"last week", &tokyo, nullptr, nullptr},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.spec);
    auto w = ParseWindowSpec(c.spec, kNow, *c.zone);
    if (c.from == nullptr) {
      EXPECT_EQ(w.status().code(), Code::kInvalidArgument);
      EXPECT_EQ(w.status().field(), "window");
      continue;
    }
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    EXPECT_EQ(FormatRfc3339(w->from), c.from);
    EXPECT_EQ(FormatRfc3339(w->to), c.to);
  }
}

TEST(WindowSpec, Bounds) {
  const Zone tokyo = MustZone("Asia/Tokyo");
  struct Case {
    const char* from;
    const char* to;
    const char* want_from;  // nullptr: an error on `error_field`
    const char* want_to;
    const char* error_field;
  };
  const Case cases[] = {
      {"", "", "2026-11-21T12:00:00Z", "2026-11-28T12:00:00Z", ""},
      {"2026-11-01T00:00:00Z", "2026-11-08T00:00:00+09:00", "2026-11-01T00:00:00Z",
       "2026-11-07T15:00:00Z", ""},
      {"14d", "", "2026-11-14T12:00:00Z", "2026-11-28T12:00:00Z", ""},
      {"", "2026-11-10T00:00:00Z", "2026-11-03T00:00:00Z", "2026-11-10T00:00:00Z", ""},
      {"2026-W47", "", "2026-11-15T15:00:00Z", "2026-11-22T15:00:00Z", ""},
      {"2026-W46", "2026-W47", "2026-11-08T15:00:00Z", "2026-11-22T15:00:00Z", ""},
      {"yesterday", "", nullptr, nullptr, "from"},
      {"", "soon", nullptr, nullptr, "to"},
      {"2026-11-10T00:00:00Z", "2026-11-09T00:00:00Z", nullptr, nullptr, "from"},
      {"2026-11-10T00:00:00Z", "2026-11-10T00:00:00Z", nullptr, nullptr, "from"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.from) + " .. " + c.to);
    auto w = ParseWindowBounds(c.from, c.to, kNow, tokyo);
    if (c.want_from == nullptr) {
      EXPECT_EQ(w.status().code(), Code::kInvalidArgument);
      EXPECT_EQ(w.status().field(), c.error_field);
      continue;
    }
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    EXPECT_EQ(FormatRfc3339(w->from), c.want_from);
    EXPECT_EQ(FormatRfc3339(w->to), c.want_to);
  }
}

TEST(Zone, ClockGivesLocalWallTime) {
  const Zone tokyo = MustZone("Asia/Tokyo");
  rules::ZoneClock clock = tokyo.Clock();
  EXPECT_EQ(clock.name, "Asia/Tokyo");
  // 2026-11-27T20:30Z is Saturday 05:30 in Tokyo.
  rules::LocalTime t = clock.ToLocal(AtTime("2026-11-27T20:30:00Z"));
  EXPECT_EQ(t.weekday, 6);
  EXPECT_EQ(t.minute_of_day, 5 * 60 + 30);
  EXPECT_EQ(Zone::Find("Nowhere/Special").status().field(), "timezone");
}

}  // namespace
}  // namespace nagame::bot
