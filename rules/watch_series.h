// Helpers over watch query samples (CheckInput::watch) shared by the watch-based checks.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "rules/check.h"

namespace nagame::rules {

// The finite points of `series` whose time lies in `window` ([from, to)), in time order
// (NaN and ±Inf samples, which Prometheus returns for 0/0 and the like, are dropped).
std::vector<std::pair<Time, double>> PointsIn(const WatchSeries& series, const Window& window);

// OK when every watch query in `watch` ran (only those with a threshold when
// `with_threshold_only`); else kUnavailable naming each failed query and its cause:
// `watch query "checkout p99": bad_data: parse error`.
Status FailedWatchQueries(const std::vector<WatchSeries>& watch, bool with_threshold_only);

// A measured value for people: up to 4 significant digits, no exponent for ordinary sizes
// ("0.0213", "420", "1.235e+06").
std::string FormatValue(double v);

}  // namespace nagame::rules
