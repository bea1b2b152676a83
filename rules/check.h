// The check engine's contract (modelled on cloudflare/pint): every check is one class behind
// this interface, named `family/name` — the same string is its config key, doc anchor and
// output label — registered by one line in rules/checks/registry.cc.
//
// Checks are pure: they read a CheckInput (plain values, `now` injected) and return Problems.
// A check that lacks what it needs (Prometheus unreachable, no rule definitions) returns a
// non-OK Status: "unable to run", with the cause; it never fails the whole report.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/episode.h"
#include "rules/problem.h"
#include "rules/review_records.h"
#include "rules/rule_definition.h"
#include "rules/status.h"

namespace nagame::rules {

// [from, to).
struct Window {
  Time from;
  Time to;
  Duration length() const { return to - from; }
  Interval interval() const { return {from, to}; }
  Window Previous() const { return {from - length(), from}; }
  bool Contains(Time t) const { return t >= from && t < to; }
};

// Wall-clock time in the configured zone. The conversion is injected (the tz database is I/O).
struct LocalTime {
  int weekday = 0;         // 0 = Sunday … 6 = Saturday
  int minute_of_day = 0;   // 0 … 1439
  int64_t day_number = 0;  // days since 1970-01-01 in local time (tells nights apart)
};
struct ZoneClock {
  std::string name = "UTC";
  std::function<Duration(Time)> utc_offset;  // empty: UTC
  LocalTime ToLocal(Time t) const;
  // `t` as local date and minute, "2026-12-02 14:05".
  std::string FormatMinute(Time t) const;
};

// A rule as defined (rule files or Prometheus' /api/v1/rules), with what the snapshots say.
struct DefinedRule {
  RuleDefinition definition;
  std::string source = "alertmanager";  // the source its alerts arrive through
  Time defined_since;                   // first snapshot that had it
};

// Whether an optional external input could be read; checks needing it are unable to run
// otherwise.
struct Availability {
  Status status = Status(Code::kUnavailable, "not configured");
  bool ok() const { return status.ok(); }
};

// A watch query's samples over the review windows (query_range).
struct WatchSeries {
  std::string name;
  std::string query;
  std::optional<double> threshold;
  Status status;  // why the query could not be run, if it could not
  // From window.from - kWatchBaselineWindows window lengths to window.to (what the upstream
  // reader asks for), in time order.
  std::vector<std::pair<Time, double>> points;
  // The values the series can take, when configured (a ratio or a share: max 1). A trend is
  // never extrapolated past them.
  std::optional<double> min;
  std::optional<double> max;
};

// How many window lengths before the window a watch series reaches: the previous window (the
// comparison of watch/change) and the baseline of watch/anomaly.
inline constexpr int kWatchBaselineWindows = 3;

// One coverage catalog entry (rules/catalog/*.yaml).
struct CatalogEntry {
  std::string id;                       // "kube-pod-restarts"
  std::string title;                    // "Pod restarts and crash loops"
  std::vector<std::string> metrics;     // any present means "this kind of system is here"
  std::vector<std::string> covered_by;  // metric names whose selection by a rule covers it
  std::string rule_yaml;                // the suggested alerting rule
};

struct CheckInput {
  Window window;  // under review; window.Previous() is the comparison
  Time now;
  ZoneClock zone;
  // Every episode overlapping [history_from, window.to), all rules and sources.
  Time history_from;
  std::vector<Episode> episodes;
  // Start of the newest episode per (source, rule), over all recorded time.
  std::map<std::pair<std::string, std::string>, Time> last_episode_start;
  // Rule definitions (rule files and/or Prometheus); `rules_availability` says if read.
  std::vector<DefinedRule> rules;
  Availability rules_availability;
  std::vector<Silence> silences;
  Availability silences_availability;
  std::vector<Ack> acks;
  std::vector<Feedback> feedback;
  std::vector<Decision> decisions;
  std::vector<Incident> incidents;
  std::set<std::string> configured_sources;
  std::map<std::string, Time> last_delivery_by_source;
  // Metric names that have series in Prometheus now.
  std::set<std::string> prometheus_metrics;
  Availability prometheus_availability;
  std::vector<WatchSeries> watch;
  std::vector<CatalogEntry> catalog;
};

// A check's options: what the config sets for it (`checks: {"noisy/volume": {min_episodes:
// 10}}`) over the check's default_options(), the one place each option and its default is
// declared. An accessor returns the configured value when it is present and of the accessor's
// type, else the declared default. Reading a key that default_options() does not declare (or
// declares with another type) is a bug in the check: the accessor throws std::logic_error,
// which the runner reports as the check being unable to run ("internal error: …").
class CheckOptions {
 public:
  CheckOptions(nlohmann::json defaults, nlohmann::json configured);
  double Number(const char* key) const;
  Duration Dur(const char* key) const;  // "5m", or seconds as a number
  std::string Text(const char* key) const;
  bool Flag(const char* key) const;                         // true or false
  std::vector<std::string> Strings(const char* key) const;  // a list of strings only

 private:
  // The configured value of `key` if `as` accepts it, else the default's.
  template <typename T>
  T Read(const char* key, std::optional<T> (*as)(const nlohmann::json&)) const;

  nlohmann::json defaults_;
  nlohmann::json configured_;
};

class Check {
 public:
  virtual ~Check() = default;
  virtual std::string_view id() const = 0;  // "noisy/volume"
  virtual Category category() const = 0;
  virtual std::string_view description() const = 0;  // one line: what it finds
  // Every option key Run reads, with its default, as JSON: the one declaration of both (for
  // validation, docs, and CheckOptions' fallbacks).
  virtual nlohmann::json default_options() const { return nlohmann::json::object(); }
  // Its options: `configured` (the config's object for this check) over default_options().
  CheckOptions Options(nlohmann::json configured = nlohmann::json::object()) const {
    return CheckOptions(default_options(), std::move(configured));
  }
  // Findings, or a non-OK Status meaning "unable to run" with its cause.
  virtual Result<std::vector<Problem>> Run(const CheckInput& in,
                                           const CheckOptions& options) const = 0;
};

}  // namespace nagame::rules
