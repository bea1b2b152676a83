// When a weekly schedule such as "MON 09:30" fires next, in an IANA time zone read from the
// system tz database (Debian's tzdata through libhowardhinnant-date's date/tz.h). Pure given
// `after`: the caller injects the clock.
//
// Daylight-saving rules: a local time that does not exist that day (skipped by a spring-forward
// gap) fires at the end of the gap, the first instant that exists; a local time that occurs
// twice (repeated by a fall-back overlap) fires once, at its first occurrence.
#pragma once

#include <string>

#include "bot/config.h"
#include "rules/status.h"
#include "rules/time.h"

namespace nagame::bot {

// The first instant strictly after `after` at which `at` (weekday, hour, minute local) occurs
// in `zone`. Errors: kInvalidArgument (field "timezone") for an unknown zone, or (field
// "schedule") for a weekday, hour or minute out of range.
Result<Time> NextWeeklyFire(const WeeklyTime& at, const std::string& zone, Time after);

}  // namespace nagame::bot
