// Windowing, error collection and number formatting for watch query samples.
#include "rules/watch_series.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace nagame::rules {

std::vector<std::pair<Time, double>> PointsIn(const WatchSeries& series, const Window& window) {
  std::vector<std::pair<Time, double>> out;
  for (const auto& point : series.points) {
    if (window.Contains(point.first) && std::isfinite(point.second)) out.push_back(point);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

Status FailedWatchQueries(const std::vector<WatchSeries>& watch, bool with_threshold_only) {
  std::string failed;
  for (const WatchSeries& w : watch) {
    if (w.status.ok() || (with_threshold_only && !w.threshold)) continue;
    if (!failed.empty()) failed += "; ";
    failed += "watch query \"" + w.name + "\": " + w.status.ToString();
  }
  if (failed.empty()) return Status::Ok();
  return Unavailable(failed);
}

std::string FormatValue(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

}  // namespace nagame::rules
