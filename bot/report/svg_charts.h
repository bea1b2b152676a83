// The meeting page's small charts as inline SVG, each inside a <figure class="chart KIND">
// with a stable id, a caption, a role="img" SVG labelled by that caption, one countable shape
// per value (class "v") and its numbers in a table as the text alternative. Pure; every text
// is HTML-escaped here.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rules/time.h"

namespace nagame::bot::report {

// Daily counts as a sparkline: one <rect class="v"> per day with a count (days at 0 draw
// none), `day_labels[i]` naming day i in the table. REQUIRES: same sizes.
std::string SparklineChart(const std::string& id, const std::string& caption,
                           const std::vector<int64_t>& daily,
                           const std::vector<std::string>& day_labels);

// Counts by weekday (0 = Monday) and hour as a 7×24 heat map: one <rect class="v"> per
// non-empty cell, darker for more, its count in the cell's <title>.
std::string HeatMapChart(const std::string& id, const std::string& caption,
                         const std::array<std::array<int64_t, 24>, 7>& counts);

// A histogram: one <rect class="v"> per non-empty bucket, `labels[i]` under bucket i, and a
// vertical marker line (class "marker current" / "marker proposed") at the bucket holding
// each given `for:`. REQUIRES: counts.size() == labels.size() == bounds.size() + 1.
std::string HistogramChart(const std::string& id, const std::string& caption,
                           const std::vector<int64_t>& counts,
                           const std::vector<std::string>& labels,
                           const std::vector<Duration>& bounds, std::optional<Duration> current,
                           std::optional<Duration> proposed);

// One episode on a timeline: its lane (0-based), span and the text naming it.
struct TimelineSpan {
  size_t lane = 0;
  Time start;
  Time end;
  std::string label;
};
// A point on a timeline (an ack, a decision) and the text naming it.
struct TimelineMark {
  Time at;
  std::string label;
};

// Episodes over [from, to) as a timeline: one row per lane (`lanes[i]` names it), one
// <rect class="v"> per span clipped to the window (at least 2 px wide), one <circle class="ack">
// per ack and one <line class="decision"> per decision inside the window, and a tick per day.
// Its table lists every span, ack and decision. REQUIRES: from < to; every lane < lanes.size().
std::string TimelineChart(const std::string& id, const std::string& caption, Time from, Time to,
                          const std::vector<std::string>& lanes,
                          const std::vector<TimelineSpan>& spans,
                          const std::vector<TimelineMark>& acks,
                          const std::vector<TimelineMark>& decisions);

// A span marked on a line chart (a burst) and the text naming it.
struct LineBand {
  Time from;
  Time to;
  std::string label;
};
// A straight line drawn on a line chart (a fitted trend, a median) and the text naming it;
// `kind` is its class ("trend", "median", "median previous").
struct LineSegment {
  Time from;
  double from_value = 0;
  Time to;
  double to_value = 0;
  std::string kind;
  std::string label;
};
// The text alternative of a line chart: its column heads and rows (plain text).
struct LineTable {
  std::vector<std::string> head;
  std::vector<std::vector<std::string>> rows;
};

// A value over [from, to) as a line chart: `points` as one <polyline class="v"> and `previous`
// (the window before, already shifted onto this one) as one <polyline class="v previous">,
// each thinned to its lowest and highest value per 2 px (a spike stays visible); a dashed
// <line class="threshold"> when given; one <line> per segment and one <rect class="band"> per
// band inside the window. The y axis spans every point, segment and the threshold. Points
// outside [from, to) are not drawn. REQUIRES: from < to.
std::string LineChart(const std::string& id, const std::string& caption, Time from, Time to,
                      const std::vector<std::pair<Time, double>>& points,
                      const std::vector<std::pair<Time, double>>& previous,
                      std::optional<double> threshold, const std::vector<LineBand>& bands,
                      const std::vector<LineSegment>& segments, const LineTable& table);

}  // namespace nagame::bot::report
