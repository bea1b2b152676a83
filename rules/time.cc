// RFC 3339 and duration parsing/formatting without locale or time-zone dependencies.
#include "rules/time.h"

#include <array>
#include <charconv>
#include <cstdio>
#include <cstring>

namespace nagame {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

bool ReadDigits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

Status BadTimestamp(std::string_view text) {
  std::string shown(text.substr(0, 64));
  return InvalidArgument("not an RFC 3339 timestamp: \"" + shown + "\"");
}

}  // namespace

Result<std::optional<Time>> ParseRfc3339(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS[.fffffffff](Z|±HH:MM)
  int year, month, day, hour, minute, second;
  if (s.size() < 20 || !ReadDigits(s, 0, 4, year) || s[4] != '-' || !ReadDigits(s, 5, 2, month) ||
      s[7] != '-' || !ReadDigits(s, 8, 2, day) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      !ReadDigits(s, 11, 2, hour) || s[13] != ':' || !ReadDigits(s, 14, 2, minute) ||
      s[16] != ':' || !ReadDigits(s, 17, 2, second)) {
    return BadTimestamp(s);
  }
  size_t pos = 19;
  int64_t nanos = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 9) nanos = nanos * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return BadTimestamp(s);
    for (size_t i = digits; i < 9; ++i) nanos *= 10;
  }
  int offset_minutes = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!ReadDigits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !ReadDigits(s, pos + 4, 2, om) || oh > 23 || om > 59) {
      return BadTimestamp(s);
    }
    offset_minutes = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return BadTimestamp(s);
  }
  if (pos != s.size()) return BadTimestamp(s);
  if (year == 1 && month == 1 && day == 1 && hour == 0 && minute == 0 && second == 0 &&
      nanos == 0 && offset_minutes == 0) {
    return std::optional<Time>();  // Go's zero time: unset
  }
  std::chrono::year_month_day ymd{std::chrono::year(year), std::chrono::month(month),
                                  std::chrono::day(day)};
  if (!ymd.ok() || hour > 23 || minute > 59 || second > 60) return BadTimestamp(s);
  if (year < 1678 || year > 2261) {
    return InvalidArgument("timestamp out of supported range (1678..2261): \"" +
                           std::string(s.substr(0, 64)) + "\"");
  }
  auto secs = sys_days(ymd).time_since_epoch() + std::chrono::hours(hour) +
              std::chrono::minutes(minute) + std::chrono::seconds(second) -
              std::chrono::minutes(offset_minutes);
  return std::optional<Time>(Time(std::chrono::duration_cast<Duration>(secs) + Duration(nanos)));
}

namespace {

// Writes `value` as exactly `width` decimal digits. REQUIRES: 0 <= value < 10^width.
void PutDigits(int64_t value, int width, char* out) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

}  // namespace

std::string FormatRfc3339(Time t) {
  auto day_point = std::chrono::floor<days>(t);
  std::chrono::year_month_day ymd{day_point};
  std::chrono::hh_mm_ss<Duration> hms{t - day_point};
  // "YYYY-MM-DDTHH:MM:SS" by hand (the review formats tens of thousands of these); snprintf
  // for years outside 0000-9999, which it writes differently.
  const int year = int(ymd.year());
  char buf[64];
  int n;
  if (year >= 0 && year <= 9999) {
    std::memcpy(buf, "0000-00-00T00:00:00", 19);
    PutDigits(year, 4, buf);
    PutDigits(unsigned(ymd.month()), 2, buf + 5);
    PutDigits(unsigned(ymd.day()), 2, buf + 8);
    PutDigits(hms.hours().count(), 2, buf + 11);
    PutDigits(hms.minutes().count(), 2, buf + 14);
    PutDigits(hms.seconds().count(), 2, buf + 17);
    n = 19;
  } else {
    n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", year, unsigned(ymd.month()),
                      unsigned(ymd.day()), int(hms.hours().count()), int(hms.minutes().count()),
                      int(hms.seconds().count()));
  }
  std::string out(buf, n);
  int64_t frac = hms.subseconds().count();
  if (frac != 0) {
    char fbuf[10];
    fbuf[0] = '.';
    PutDigits(frac, 9, fbuf + 1);
    int len = 10;
    while (fbuf[len - 1] == '0') --len;
    out.append(fbuf, len);
  }
  out += 'Z';
  return out;
}

Result<Duration> ParseDuration(std::string_view s) {
  if (s.empty()) return InvalidArgument("empty duration");
  using namespace std::chrono;
  Duration total{0};
  size_t pos = 0;
  while (pos < s.size()) {
    int64_t value = 0;
    auto [ptr, ec] = std::from_chars(s.data() + pos, s.data() + s.size(), value);
    if (ec != std::errc() || ptr == s.data() + pos || value < 0) {
      return InvalidArgument("not a duration: \"" + std::string(s.substr(0, 64)) + "\"");
    }
    pos = ptr - s.data();
    std::string_view rest = s.substr(pos);
    Duration unit;
    size_t unit_len = 1;
    if (rest.starts_with("ms")) {
      unit = milliseconds(1);
      unit_len = 2;
    } else if (rest.starts_with("s")) {
      unit = seconds(1);
    } else if (rest.starts_with("m")) {
      unit = minutes(1);
    } else if (rest.starts_with("h")) {
      unit = hours(1);
    } else if (rest.starts_with("d")) {
      unit = hours(24);
    } else if (rest.starts_with("w")) {
      unit = hours(24 * 7);
    } else if (rest.starts_with("y")) {
      unit = hours(24 * 365);
    } else {
      return InvalidArgument("duration needs a unit (ms, s, m, h, d, w, y): \"" +
                             std::string(s.substr(0, 64)) + "\"");
    }
    // The whole sum stays under a quarter of the int64 nanosecond range, so neither adding
    // the terms ("70y70y70y70y70y") nor `now - duration` can overflow.
    constexpr int64_t kLimit = INT64_MAX / 4;
    if (value > 0 && unit.count() > 0 && value > (kLimit - total.count()) / unit.count()) {
      return InvalidArgument("duration too large: \"" + std::string(s.substr(0, 64)) + "\"");
    }
    total += unit * value;
    pos += unit_len;
  }
  return total;
}

std::string FormatDuration(Duration d) {
  using namespace std::chrono;
  if (d < Duration::zero()) return "-" + FormatDuration(-d);
  if (d == Duration::zero()) return "0s";
  if (d < seconds(1)) return std::to_string(duration_cast<milliseconds>(d).count()) + "ms";
  int64_t total = duration_cast<seconds>(d).count();
  constexpr std::array<std::pair<int64_t, const char*>, 4> kUnits{
      {{86400, "d"}, {3600, "h"}, {60, "m"}, {1, "s"}}};
  std::string out;
  int parts = 0;
  for (auto [size, name] : kUnits) {
    if (total >= size && parts < 2) {
      out += std::to_string(total / size) + name;
      total %= size;
      ++parts;
    } else if (parts > 0) {
      break;  // keep two adjacent units at most: "3d2h", never "3d5s"
    }
  }
  return out;
}

Result<Time> ParseTimeSpec(std::string_view text, Time now) {
  if (!text.empty() && text[0] >= '0' && text[0] <= '9' && text.find('-') != 4) {
    auto d = ParseDuration(text);
    if (!d.ok()) return d.status();
    return now - *d;
  }
  auto t = ParseRfc3339(text);
  if (!t.ok()) return t.status();
  if (!t->has_value()) return InvalidArgument("zero time is not a point in time");
  return **t;
}

}  // namespace nagame
