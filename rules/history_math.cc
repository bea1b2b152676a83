// Interval arithmetic, quantiles and the Theil–Sen slope.
#include "rules/history_math.h"

#include <algorithm>
#include <cmath>

namespace nagame::rules {

std::optional<Interval> Clip(const Interval& iv, const Interval& window) {
  Interval out{std::max(iv.start, window.start), std::min(iv.end, window.end)};
  if (out.end <= out.start) return std::nullopt;
  return out;
}

std::vector<Interval> MergeIntervals(std::vector<Interval> in) {
  std::sort(in.begin(), in.end(),
            [](const Interval& a, const Interval& b) { return a.start < b.start; });
  std::vector<Interval> out;
  for (const Interval& iv : in) {
    if (iv.end < iv.start) continue;
    if (!out.empty() && iv.start <= out.back().end) {
      out.back().end = std::max(out.back().end, iv.end);
    } else {
      out.push_back(iv);
    }
  }
  return out;
}

Duration CoveredDuration(const std::vector<Interval>& intervals, const Interval& window) {
  std::vector<Interval> clipped;
  clipped.reserve(intervals.size());
  for (const Interval& iv : intervals) {
    if (auto c = Clip(iv, window)) clipped.push_back(*c);
  }
  Duration total{0};
  for (const Interval& iv : MergeIntervals(std::move(clipped))) total += iv.length();
  return total;
}

double DutyCycle(const std::vector<Interval>& intervals, const Interval& window) {
  Duration len = window.length();
  if (len <= Duration::zero()) return 0;
  return ToSeconds(CoveredDuration(intervals, window)) / ToSeconds(len);
}

std::optional<double> Quantile(std::vector<double> v, double q) {
  if (v.empty()) return std::nullopt;
  q = std::clamp(q, 0.0, 1.0);
  std::sort(v.begin(), v.end());
  double pos = q * static_cast<double>(v.size() - 1);
  size_t lo = static_cast<size_t>(std::floor(pos));
  size_t hi = std::min(lo + 1, v.size() - 1);
  double frac = pos - static_cast<double>(lo);
  return v[lo] + (v[hi] - v[lo]) * frac;
}

std::optional<Duration> QuantileDuration(std::vector<Duration> values, double q) {
  std::vector<double> secs;
  secs.reserve(values.size());
  for (Duration d : values) secs.push_back(static_cast<double>(d.count()));
  auto r = Quantile(std::move(secs), q);
  if (!r) return std::nullopt;
  return Duration(static_cast<int64_t>(std::llround(*r)));
}

std::optional<Line> TheilSen(const std::vector<double>& x, const std::vector<double>& y,
                             size_t max_points) {
  size_t n = std::min(x.size(), y.size());
  std::vector<size_t> idx;
  if (n > max_points && max_points >= 2) {
    for (size_t i = 0; i < max_points; ++i) idx.push_back(i * (n - 1) / (max_points - 1));
  } else {
    for (size_t i = 0; i < n; ++i) idx.push_back(i);
  }
  std::vector<double> slopes;
  slopes.reserve(idx.size() * (idx.size() - 1) / 2 + 1);
  for (size_t a = 0; a < idx.size(); ++a) {
    for (size_t b = a + 1; b < idx.size(); ++b) {
      double dx = x[idx[b]] - x[idx[a]];
      if (dx == 0 || !std::isfinite(dx)) continue;
      double s = (y[idx[b]] - y[idx[a]]) / dx;
      if (std::isfinite(s)) slopes.push_back(s);
    }
  }
  auto slope = Quantile(std::move(slopes), 0.5);
  if (!slope) return std::nullopt;
  std::vector<double> intercepts;
  intercepts.reserve(idx.size());
  for (size_t i : idx) {
    if (std::isfinite(x[i]) && std::isfinite(y[i])) intercepts.push_back(y[i] - *slope * x[i]);
  }
  auto intercept = Quantile(std::move(intercepts), 0.5);
  return Line{*slope, intercept.value_or(0)};
}

}  // namespace nagame::rules
