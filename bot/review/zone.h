// Zone: an IANA time zone from the system tz database (Debian's tzdata through
// libhowardhinnant-date), for review windows and the checks' wall-clock view.
#pragma once

#include <memory>
#include <string>

#include "rules/check.h"
#include "rules/status.h"
#include "rules/time.h"

namespace nagame::bot {

class Zone {
 public:
  // Looks `name` up ("Asia/Tokyo", "UTC") in the system tz database.
  // Errors: kInvalidArgument (field "timezone") when it is not a known zone.
  static Result<Zone> Find(const std::string& name);

  const std::string& name() const { return name_; }

  // The zone as the checks see it (rules::ZoneClock: name and UTC offset at any time).
  rules::ZoneClock Clock() const;

  // The UTC time of local midnight starting the day `days` days after 1970-01-01 (local
  // calendar). A midnight that does not exist (a DST gap) maps to the end of the gap.
  Time LocalMidnight(int64_t days) const;

  // Days since 1970-01-01 of the local calendar date at `t`.
  int64_t LocalDay(Time t) const;

 private:
  struct Impl;
  explicit Zone(std::shared_ptr<const Impl> impl, std::string name)
      : impl_(std::move(impl)), name_(std::move(name)) {}
  std::shared_ptr<const Impl> impl_;
  std::string name_;
};

}  // namespace nagame::bot
