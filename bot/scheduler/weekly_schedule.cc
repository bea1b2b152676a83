// Next fire time of a weekly local time, across DST changes.
#include "bot/scheduler/weekly_schedule.h"

#include <date/tz.h>

#include <exception>

namespace nagame::bot {
namespace {

// The UTC instant of local time `local` in `tz` under this file's DST rules.
std::chrono::sys_seconds ToSys(const date::time_zone* tz, date::local_seconds local) {
  const date::local_info info = tz->get_info(local);
  switch (info.result) {
    case date::local_info::nonexistent:  // in a gap: the gap's end
      return std::chrono::sys_seconds(info.second.begin.time_since_epoch());
    case date::local_info::ambiguous:  // repeated: the first occurrence
    case date::local_info::unique:
    default:
      return std::chrono::sys_seconds(local.time_since_epoch() - info.first.offset);
  }
}

}  // namespace

Result<Time> NextWeeklyFire(const WeeklyTime& at, const std::string& zone, Time after) {
  if (at.weekday < 0 || at.weekday > 6 || at.hour < 0 || at.hour > 23 || at.minute < 0 ||
      at.minute > 59) {
    return InvalidArgument("weekday, hour or minute out of range", "schedule");
  }
  const date::time_zone* tz = nullptr;
  try {
    tz = date::locate_zone(zone);
  } catch (const std::exception&) {
    return InvalidArgument("unknown time zone \"" + zone + "\"", "timezone");
  }
  const auto after_s = std::chrono::floor<std::chrono::seconds>(after);
  const date::local_days today = date::floor<date::days>(tz->to_local(after_s));
  const unsigned wd = date::weekday(today).c_encoding();
  date::local_days day = today + date::days((at.weekday + 7 - static_cast<int>(wd)) % 7);
  const auto clock = std::chrono::hours(at.hour) + std::chrono::minutes(at.minute);
  // At most two rounds: this week's occurrence may already be past (or be `after` itself).
  for (int round = 0; round < 3; ++round, day += date::days(7)) {
    const std::chrono::sys_seconds fire = ToSys(tz, day + clock);
    if (fire > after) return std::chrono::time_point_cast<Duration>(fire);
  }
  return Internal("no weekly fire time found");  // unreachable: a week always has one
}

}  // namespace nagame::bot
