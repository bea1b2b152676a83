// Zone on date/tz.h with the operating system's tz database (USE_OS_TZDB).
#include "bot/review/zone.h"

#include <date/tz.h>

#include <exception>

namespace nagame::bot {

struct Zone::Impl {
  const date::time_zone* tz = nullptr;  // owned by the tz database, lives for the program
};

Result<Zone> Zone::Find(const std::string& name) {
  try {
    auto impl = std::make_shared<Impl>();
    impl->tz = date::locate_zone(name);
    return Zone(std::move(impl), name);
  } catch (const std::exception&) {
    return InvalidArgument("unknown time zone \"" + name + "\"", "timezone");
  }
}

rules::ZoneClock Zone::Clock() const {
  rules::ZoneClock clock;
  clock.name = name_;
  const date::time_zone* tz = impl_->tz;
  clock.utc_offset = [tz](Time t) -> Duration {
    return tz->get_info(std::chrono::floor<std::chrono::seconds>(t)).offset;
  };
  return clock;
}

Time Zone::LocalMidnight(int64_t days) const {
  const date::local_seconds local{
      std::chrono::duration_cast<std::chrono::seconds>(date::days(days))};
  const date::local_info info = impl_->tz->get_info(local);
  std::chrono::sys_seconds utc;
  switch (info.result) {
    case date::local_info::unique:
    case date::local_info::ambiguous:  // the earlier of the two
      utc = std::chrono::sys_seconds(local.time_since_epoch() - info.first.offset);
      break;
    case date::local_info::nonexistent:  // the gap's end
    default:
      utc = std::chrono::sys_seconds(info.second.begin.time_since_epoch());
      break;
  }
  return std::chrono::time_point_cast<Duration>(utc);
}

int64_t Zone::LocalDay(Time t) const {
  const auto s = std::chrono::floor<std::chrono::seconds>(t);
  const auto local = impl_->tz->to_local(s);
  return date::floor<date::days>(local).time_since_epoch().count();
}

}  // namespace nagame::bot
