// Shared maths over firing history: intervals, union/overlap, duty cycle, quantiles and a
// robust slope. One module, used by every check and by the inventory (style.md practice 6).
#pragma once

#include <optional>
#include <vector>

#include "rules/time.h"

namespace nagame::rules {

// A half-open span of time [start, end).
struct Interval {
  Time start;
  Time end;
  Duration length() const { return end > start ? end - start : Duration::zero(); }
  friend bool operator==(const Interval&, const Interval&) = default;
};

// Clips `iv` to `window`; nullopt when they do not overlap.
std::optional<Interval> Clip(const Interval& iv, const Interval& window);

// Sorts and merges overlapping or touching intervals.
std::vector<Interval> MergeIntervals(std::vector<Interval> intervals);

// Total length of the union of `intervals` inside `window`.
Duration CoveredDuration(const std::vector<Interval>& intervals, const Interval& window);

// Fraction of `window` covered by the union of `intervals`, in [0, 1].
double DutyCycle(const std::vector<Interval>& intervals, const Interval& window);

// The q-quantile (0 ≤ q ≤ 1) of `values` with linear interpolation between closest ranks
// (the same definition as numpy's default). nullopt for an empty input.
std::optional<double> Quantile(std::vector<double> values, double q);
std::optional<Duration> QuantileDuration(std::vector<Duration> values, double q);

// Theil–Sen estimator of the slope of y over x: the median of the pairwise slopes. Robust to
// up to ~29% outliers. nullopt when fewer than two distinct x values. For more than
// `max_points` points, an even subsample is used (O(n²) pairs otherwise).
struct Line {
  double slope;      // y units per x unit
  double intercept;  // median of y - slope·x
};
std::optional<Line> TheilSen(const std::vector<double>& x, const std::vector<double>& y,
                             size_t max_points = 600);

}  // namespace nagame::rules
