// Time points, durations and their text forms (RFC 3339, Prometheus-style durations).
//
// All times are UTC nanoseconds since the Unix epoch. Go's zero time
// ("0001-01-01T00:00:00Z"), which Alertmanager and Grafana send for "unset", parses as
// std::nullopt.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "rules/status.h"

namespace nagame {

using Duration = std::chrono::nanoseconds;
using Time = std::chrono::sys_time<Duration>;

inline int64_t ToUnixNanos(Time t) { return t.time_since_epoch().count(); }
inline Time FromUnixNanos(int64_t ns) { return Time(Duration(ns)); }
inline double ToSeconds(Duration d) { return std::chrono::duration<double>(d).count(); }

// Parses an RFC 3339 timestamp with optional fraction (up to 9 digits) and a "Z" or ±hh:mm
// offset. Returns nullopt for Go's zero time (year 1). Errors: kInvalidArgument for anything
// else that is not a valid timestamp, or one outside 1678..2261 (the int64 nanosecond range).
Result<std::optional<Time>> ParseRfc3339(std::string_view text);

// Formats `t` as UTC RFC 3339 with the fraction trimmed of trailing zeros, like Go's
// time.RFC3339Nano: "2026-11-28T20:03:46.566Z".
std::string FormatRfc3339(Time t);

// Parses a Prometheus-style duration: one or more <number><unit> with units ms, s, m, h, d, w,
// y ("1h30m", "7d", "90s"). Errors: kInvalidArgument.
Result<Duration> ParseDuration(std::string_view text);

// Formats a duration compactly for people: "2m10s", "4h", "3d2h", "850ms".
std::string FormatDuration(Duration d);

// Parses a point in time given on a command line or in a query string: an RFC 3339 timestamp,
// or a duration meaning "that long before now" ("7d"). Errors: kInvalidArgument.
Result<Time> ParseTimeSpec(std::string_view text, Time now);

}  // namespace nagame
