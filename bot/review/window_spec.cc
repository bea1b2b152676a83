// Parsing and naming of review windows.
#include "bot/review/window_spec.h"

#include <date/date.h>
#include <date/iso_week.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>

namespace nagame::bot {
namespace {

constexpr Duration kWeek = std::chrono::hours(24 * 7);

struct IsoWeek {
  int year = 0;
  int week = 0;
};

// "2026-W47" (also "2026-w47"); nullopt when the text does not have that shape.
std::optional<IsoWeek> ParseIsoWeekText(std::string_view text) {
  if (text.size() != 8 || text[4] != '-' || (text[5] != 'W' && text[5] != 'w')) return {};
  IsoWeek w;
  auto digits = [](std::string_view s, int* out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
    return ec == std::errc() && p == s.data() + s.size();
  };
  if (!digits(text.substr(0, 4), &w.year) || !digits(text.substr(6, 2), &w.week)) return {};
  return w;
}

// One bound: RFC 3339, a duration back from now, or a week (its start or end).
Result<Time> ParseBound(std::string_view text, bool is_end, Time now, const Zone& zone,
                        const char* field) {
  if (ParseIsoWeekText(text)) {
    auto week = IsoWeekWindowOf(text, zone);
    if (!week.ok()) return InvalidArgument(week.status().message(), field);
    return is_end ? week->to : week->from;
  }
  auto t = ParseTimeSpec(text, now);
  if (!t.ok()) {
    return InvalidArgument(
        "expected an RFC 3339 time, a duration such as 7d, or an ISO week "
        "such as 2026-W47, got \"" +
            std::string(text) + "\"",
        field);
  }
  return *t;
}

}  // namespace

rules::Window DefaultWindow(Time now) { return {now - kWeek, now}; }

Result<rules::Window> IsoWeekWindow(int year, int week, const Zone& zone) {
  const iso_week::year_weeknum_weekday ywd{
      iso_week::year{year}, iso_week::weeknum{static_cast<unsigned>(week)}, iso_week::mon};
  if (year < 1970 || year > 2200 || week < 1 || !ywd.ok()) {
    return InvalidArgument("no ISO week " + std::to_string(week) + " in " + std::to_string(year),
                           "window");
  }
  const int64_t monday = date::sys_days(ywd).time_since_epoch().count();
  return rules::Window{zone.LocalMidnight(monday), zone.LocalMidnight(monday + 7)};
}

Result<rules::Window> IsoWeekWindowOf(std::string_view text, const Zone& zone) {
  auto w = ParseIsoWeekText(text);
  if (!w) return InvalidArgument("not an ISO week such as 2026-W47");
  return IsoWeekWindow(w->year, w->week, zone);
}

Result<rules::Window> ParseWindowSpec(std::string_view spec, Time now, const Zone& zone) {
  if (spec.empty()) return DefaultWindow(now);
  if (ParseIsoWeekText(spec)) return IsoWeekWindowOf(spec, zone);
  auto d = ParseDuration(spec);
  if (d.ok() && *d > Duration::zero()) return rules::Window{now - *d, now};
  return InvalidArgument(
      "expected a duration such as 7d or 2w, or an ISO week such as 2026-W47, got \"" +
          std::string(spec) + "\"",
      "window");
}

Result<rules::Window> ParseWindowBounds(std::string_view from, std::string_view to, Time now,
                                        const Zone& zone) {
  if (from.empty() && to.empty()) return DefaultWindow(now);
  rules::Window w;
  if (to.empty()) {
    w.to = ParseIsoWeekText(from) ? Time::max() : now;
  } else {
    NAGAME_ASSIGN_OR_RETURN(w.to, ParseBound(to, /*is_end=*/true, now, zone, "to"));
  }
  if (from.empty()) {
    w.from = w.to - kWeek;
  } else {
    NAGAME_ASSIGN_OR_RETURN(w.from, ParseBound(from, /*is_end=*/false, now, zone, "from"));
  }
  if (w.to == Time::max()) {  // `from` is a week and `to` was not given: that week
    NAGAME_ASSIGN_OR_RETURN(rules::Window week, IsoWeekWindowOf(from, zone));
    w.to = week.to;
  }
  if (w.from >= w.to) return InvalidArgument("must be before \"to\"", "from");
  return w;
}

std::string IsoWeekName(Time t, const Zone& zone) {
  const date::sys_days day{date::days(zone.LocalDay(t))};
  const iso_week::year_weeknum_weekday iso{day};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%d-W%02u", static_cast<int>(iso.year()),
                static_cast<unsigned>(iso.weeknum()));
  return buf;
}

std::string LocalMonthDay(Time t, const Zone& zone) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days(std::chrono::days(zone.LocalDay(t)))};
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02u-%02u", static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string WindowLabel(const rules::Window& window, const Zone& zone) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  auto day = [&](Time t) {
    auto wd = std::chrono::weekday(std::chrono::sys_days(std::chrono::days(zone.LocalDay(t))));
    return std::string(kDays[wd.c_encoding()]) + " " + LocalMonthDay(t, zone);
  };
  const Time last = window.to > window.from ? window.to - std::chrono::nanoseconds(1) : window.to;
  return day(window.from) + " → " + day(last) + ", " + zone.name();
}

}  // namespace nagame::bot
