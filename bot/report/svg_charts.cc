// SparklineChart, HeatMapChart, HistogramChart, TimelineChart, LineChart.
#include "bot/report/svg_charts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "bot/html_escape.h"
#include "rules/watch_series.h"

namespace nagame::bot::report {
namespace {

std::string Num(int64_t v) { return std::to_string(v); }

const char* const kWeekdays[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

// <figure> opening with its caption, and the <svg> labelled by it.
std::string Open(const std::string& kind, const std::string& id, const std::string& caption,
                 int width, int height) {
  const std::string eid = HtmlEscape(id);
  return "<figure class=\"chart " + kind + "\" id=\"" + eid + "\"><figcaption id=\"" + eid +
         "-caption\">" + HtmlEscape(caption) +
         "</figcaption>\n<svg role=\"img\" aria-labelledby=\"" + eid + "-caption\" viewBox=\"0 0 " +
         Num(width) + " " + Num(height) + "\">";
}

// The closing </svg>, the numbers as a table, and </figure>.
std::string Close(const std::string& head, const std::string& rows) {
  return "</svg>\n<details><summary>Numbers</summary><table><thead><tr>" + head +
         "</tr></thead><tbody>" + rows + "</tbody></table></details></figure>\n";
}

int64_t Max(const std::vector<int64_t>& v) {
  int64_t m = 0;
  for (int64_t x : v) m = std::max(m, x);
  return m;
}

}  // namespace

std::string SparklineChart(const std::string& id, const std::string& caption,
                           const std::vector<int64_t>& daily,
                           const std::vector<std::string>& day_labels) {
  constexpr int kBar = 6, kGap = 2, kHeight = 40;
  const int width = std::max(static_cast<int>(daily.size()) * (kBar + kGap), kBar);
  const int64_t max = std::max<int64_t>(Max(daily), 1);
  std::string out = Open("sparkline", id, caption, width, kHeight + 2);
  out += "<line class=\"axis\" x1=\"0\" y1=\"" + Num(kHeight) + "\" x2=\"" + Num(width) +
         "\" y2=\"" + Num(kHeight) + "\"/>";
  std::string rows;
  for (size_t i = 0; i < daily.size(); ++i) {
    const std::string label = i < day_labels.size() ? day_labels[i] : Num(i);
    rows += "<tr><td>" + HtmlEscape(label) + "</td><td class=\"n\">" + Num(daily[i]) + "</td></tr>";
    if (daily[i] <= 0) continue;
    const int h = std::max(static_cast<int>(daily[i] * kHeight / max), 2);
    out += "<rect class=\"v\" x=\"" + Num(static_cast<int>(i) * (kBar + kGap)) + "\" y=\"" +
           Num(kHeight - h) + "\" width=\"" + Num(kBar) + "\" height=\"" + Num(h) + "\"><title>" +
           HtmlEscape(label) + ": " + Num(daily[i]) + "</title></rect>";
  }
  return out + Close("<th>Day</th><th class=\"n\">Episodes started</th>", rows);
}

std::string HeatMapChart(const std::string& id, const std::string& caption,
                         const std::array<std::array<int64_t, 24>, 7>& counts) {
  constexpr int kCell = 14, kLeft = 32, kTop = 14;
  int64_t max = 1;
  for (const auto& day : counts) {
    for (int64_t c : day) max = std::max(max, c);
  }
  std::string out = Open("heatmap", id, caption, kLeft + 24 * kCell, kTop + 7 * kCell);
  for (int h = 0; h < 24; h += 6) {
    out += "<text x=\"" + Num(kLeft + h * kCell) + "\" y=\"10\">" + Num(h) + "h</text>";
  }
  std::string rows;
  for (int d = 0; d < 7; ++d) {
    const int y = kTop + d * kCell;
    out += "<text x=\"0\" y=\"" + Num(y + 11) + "\">" + kWeekdays[d] + "</text>";
    out += "<rect class=\"day\" x=\"" + Num(kLeft) + "\" y=\"" + Num(y) + "\" width=\"" +
           Num(24 * kCell) + "\" height=\"" + Num(kCell - 1) + "\"/>";
    std::string cells;
    for (int h = 0; h < 24; ++h) {
      const int64_t c = counts[d][h];
      if (c > 0) {
        // Five steps of one hue, the lightest still 3:1 against the empty row.
        const int step = static_cast<int>(std::min<int64_t>((c * 5 + max - 1) / max, 5));
        out += "<rect class=\"v s" + Num(step) + "\" x=\"" + Num(kLeft + h * kCell) + "\" y=\"" +
               Num(y) + "\" width=\"" + Num(kCell - 1) + "\" height=\"" + Num(kCell - 1) +
               "\"><title>" + kWeekdays[d] + " " + Num(h) + ":00: " + Num(c) + "</title></rect>";
        cells += (cells.empty() ? "" : ", ") + Num(h) + "h: " + Num(c);
      }
    }
    rows += "<tr><td>" + std::string(kWeekdays[d]) + "</td><td>" +
            (cells.empty() ? std::string("none") : cells) + "</td></tr>";
  }
  return out + Close("<th>Weekday</th><th>Episodes started by hour</th>", rows);
}

std::string HistogramChart(const std::string& id, const std::string& caption,
                           const std::vector<int64_t>& counts,
                           const std::vector<std::string>& labels,
                           const std::vector<Duration>& bounds, std::optional<Duration> current,
                           std::optional<Duration> proposed) {
  constexpr int kBar = 36, kGap = 6, kHeight = 80, kTop = 4, kBottom = 18;
  const int width = static_cast<int>(counts.size()) * (kBar + kGap);
  const int64_t max = std::max<int64_t>(Max(counts), 1);
  std::string out = Open("histogram", id, caption, width, kTop + kHeight + kBottom);
  std::string rows;
  for (size_t i = 0; i < counts.size(); ++i) {
    const int x = static_cast<int>(i) * (kBar + kGap);
    const std::string label = i < labels.size() ? labels[i] : Num(i);
    if (counts[i] > 0) {
      const int h = std::max(static_cast<int>(counts[i] * kHeight / max), 2);
      out += "<rect class=\"v\" x=\"" + Num(x) + "\" y=\"" + Num(kTop + kHeight - h) +
             "\" width=\"" + Num(kBar) + "\" height=\"" + Num(h) + "\"><title>" +
             HtmlEscape(label) + ": " + Num(counts[i]) + "</title></rect>";
    }
    out += "<text x=\"" + Num(x) + "\" y=\"" + Num(kTop + kHeight + 14) + "\">" +
           HtmlEscape(label) + "</text>";
    rows +=
        "<tr><td>" + HtmlEscape(label) + "</td><td class=\"n\">" + Num(counts[i]) + "</td></tr>";
  }
  auto marker = [&](std::optional<Duration> d, const char* kind) {
    if (!d) return std::string();
    size_t bucket = 0;
    while (bucket < bounds.size() && *d > bounds[bucket]) ++bucket;
    const int x = static_cast<int>(bucket) * (kBar + kGap) + kBar / 2;
    return "<line class=\"marker " + std::string(kind) + "\" x1=\"" + Num(x) + "\" y1=\"" +
           Num(kTop) + "\" x2=\"" + Num(x) + "\" y2=\"" + Num(kTop + kHeight) + "\"><title>" +
           kind + " for: " + HtmlEscape(FormatDuration(*d)) + "</title></line>";
  };
  out += marker(current, "current") + marker(proposed, "proposed");
  return out + Close("<th>Episode length</th><th class=\"n\">Episodes</th>", rows);
}

std::string TimelineChart(const std::string& id, const std::string& caption, Time from, Time to,
                          const std::vector<std::string>& lanes,
                          const std::vector<TimelineSpan>& spans,
                          const std::vector<TimelineMark>& acks,
                          const std::vector<TimelineMark>& decisions) {
  constexpr int kLeft = 8, kWidth = 700, kLane = 16, kTop = 16, kBottom = 10;
  const int height = kTop + std::max<int>(static_cast<int>(lanes.size()), 1) * kLane + kBottom;
  const double span = std::max<double>(ToSeconds(to - from), 1);
  auto x = [&](Time t) {
    const Time c = std::clamp(t, from, to);
    return kLeft + static_cast<int>(ToSeconds(c - from) * kWidth / span);
  };
  std::string out = Open("timeline", id, caption, kLeft * 2 + kWidth, height);
  const int64_t days = static_cast<int64_t>(span / 86400);
  for (int64_t d = 0; d <= days; ++d) {
    const int dx = x(from + std::chrono::days(d));
    out += "<line class=\"axis\" x1=\"" + Num(dx) + "\" y1=\"" + Num(kTop - 4) + "\" x2=\"" +
           Num(dx) + "\" y2=\"" + Num(height - kBottom) + "\"/>";
  }
  for (size_t l = 0; l < lanes.size(); ++l) {
    out += "<rect class=\"day\" x=\"" + Num(kLeft) + "\" y=\"" +
           Num(kTop + static_cast<int>(l) * kLane) + "\" width=\"" + Num(kWidth) + "\" height=\"" +
           Num(kLane - 3) + "\"><title>" + HtmlEscape(lanes[l]) + "</title></rect>";
  }
  std::string rows;
  for (const TimelineSpan& s : spans) {
    const int x0 = x(s.start), x1 = std::max(x(s.end), x0 + 2);
    out += "<rect class=\"v\" x=\"" + Num(x0) + "\" y=\"" +
           Num(kTop + static_cast<int>(s.lane) * kLane) + "\" width=\"" + Num(x1 - x0) +
           "\" height=\"" + Num(kLane - 3) + "\"><title>" + HtmlEscape(s.label) + "</title></rect>";
    rows += "<tr><td>Episode</td><td>" + HtmlEscape(s.label) + "</td></tr>";
  }
  auto inside = [&](Time t) { return t >= from && t < to; };
  for (const TimelineMark& a : acks) {
    if (!inside(a.at)) continue;
    out += "<circle class=\"ack\" cx=\"" + Num(x(a.at)) + "\" cy=\"" + Num(kTop - 8) +
           "\" r=\"4\"><title>" + HtmlEscape(a.label) + "</title></circle>";
    rows += "<tr><td>Ack</td><td>" + HtmlEscape(a.label) + "</td></tr>";
  }
  for (const TimelineMark& d : decisions) {
    if (!inside(d.at)) continue;
    const int dx = x(d.at);
    out += "<line class=\"decision\" x1=\"" + Num(dx) + "\" y1=\"0\" x2=\"" + Num(dx) + "\" y2=\"" +
           Num(height) + "\"><title>" + HtmlEscape(d.label) + "</title></line>";
    rows += "<tr><td>Decision</td><td>" + HtmlEscape(d.label) + "</td></tr>";
  }
  return out + Close("<th>What</th><th>When</th>", rows);
}

namespace {

// An SVG coordinate, to a tenth of a pixel.
std::string Coord(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// `points` inside [from, to) reduced to the lowest and highest value per `buckets` equal slices
// of time, in time order.
std::vector<std::pair<Time, double>> Thin(const std::vector<std::pair<Time, double>>& points,
                                          Time from, Time to, int buckets) {
  std::vector<std::pair<Time, double>> out;
  const double span = ToSeconds(to - from);
  int bucket = -1;
  size_t low = 0, high = 0;
  auto flush = [&] {
    if (bucket < 0) return;
    if (low == high) {
      out.push_back(points[low]);
    } else {
      out.push_back(points[std::min(low, high)]);
      out.push_back(points[std::max(low, high)]);
    }
  };
  for (size_t i = 0; i < points.size(); ++i) {
    const auto& [t, v] = points[i];
    if (t < from || t >= to || !std::isfinite(v)) continue;
    const int b = static_cast<int>(ToSeconds(t - from) / span * buckets);
    if (b != bucket) {
      flush();
      bucket = b;
      low = high = i;
    }
    if (v < points[low].second) low = i;
    if (v > points[high].second) high = i;
  }
  flush();
  return out;
}

}  // namespace

std::string LineChart(const std::string& id, const std::string& caption, Time from, Time to,
                      const std::vector<std::pair<Time, double>>& points,
                      const std::vector<std::pair<Time, double>>& previous,
                      std::optional<double> threshold, const std::vector<LineBand>& bands,
                      const std::vector<LineSegment>& segments, const LineTable& table) {
  constexpr int kLeft = 48, kWidth = 700, kTop = 8, kHeight = 160, kBottom = 18;
  const auto shown = Thin(points, from, to, kWidth / 2);
  const auto shown_before = Thin(previous, from, to, kWidth / 2);
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  auto widen = [&](double v) {
    if (!std::isfinite(v)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  };
  for (const auto& p : shown) widen(p.second);
  for (const auto& p : shown_before) widen(p.second);
  for (const LineSegment& s : segments) {
    widen(s.from_value);
    widen(s.to_value);
  }
  if (threshold) widen(*threshold);
  if (!std::isfinite(lo)) lo = 0, hi = 1;
  if (hi - lo < 1e-12) lo -= 1, hi += 1;
  const double span = std::max<double>(ToSeconds(to - from), 1);
  auto x = [&](Time t) {
    return kLeft + ToSeconds(std::clamp(t, from, to) - from) * kWidth / span;
  };
  auto y = [&](double v) { return kTop + (hi - v) / (hi - lo) * kHeight; };
  std::string out = Open("line", id, caption, kLeft + kWidth + 8, kTop + kHeight + kBottom);
  out += "<line class=\"axis\" x1=\"" + Num(kLeft) + "\" y1=\"" + Num(kTop + kHeight) + "\" x2=\"" +
         Num(kLeft + kWidth) + "\" y2=\"" + Num(kTop + kHeight) + "\"/>";
  out += "<text x=\"0\" y=\"" + Num(kTop + 10) + "\">" + HtmlEscape(rules::FormatValue(hi)) +
         "</text><text x=\"0\" y=\"" + Num(kTop + kHeight) + "\">" +
         HtmlEscape(rules::FormatValue(lo)) + "</text>";
  for (const LineBand& b : bands) {
    if (b.to <= from || b.from >= to) continue;
    const double x0 = x(b.from), x1 = std::max(x(b.to), x0 + 2);
    out += "<rect class=\"band\" x=\"" + Coord(x0) + "\" y=\"" + Num(kTop) + "\" width=\"" +
           Coord(x1 - x0) + "\" height=\"" + Num(kHeight) + "\"><title>" + HtmlEscape(b.label) +
           "</title></rect>";
  }
  auto polyline = [&](const std::vector<std::pair<Time, double>>& line, const char* cls,
                      const std::string& label) {
    if (line.empty()) return;
    out += "<polyline class=\"" + std::string(cls) + "\" points=\"";
    for (size_t i = 0; i < line.size(); ++i) {
      out += (i ? " " : "") + Coord(x(line[i].first)) + "," + Coord(y(line[i].second));
    }
    out += "\"><title>" + HtmlEscape(label) + "</title></polyline>";
  };
  polyline(shown_before, "v previous", "the window before");
  polyline(shown, "v", "this window");
  if (threshold) {
    out += "<line class=\"threshold\" x1=\"" + Num(kLeft) + "\" y1=\"" + Coord(y(*threshold)) +
           "\" x2=\"" + Num(kLeft + kWidth) + "\" y2=\"" + Coord(y(*threshold)) +
           "\"><title>threshold " + HtmlEscape(rules::FormatValue(*threshold)) + "</title></line>";
  }
  for (const LineSegment& s : segments) {
    out += "<line class=\"" + HtmlEscape(s.kind) + "\" x1=\"" + Coord(x(s.from)) + "\" y1=\"" +
           Coord(y(s.from_value)) + "\" x2=\"" + Coord(x(s.to)) + "\" y2=\"" +
           Coord(y(s.to_value)) + "\"><title>" + HtmlEscape(s.label) + "</title></line>";
  }
  std::string head, rows;
  for (const std::string& h : table.head) head += "<th>" + HtmlEscape(h) + "</th>";
  for (const auto& row : table.rows) {
    rows += "<tr>";
    for (const std::string& cell : row) rows += "<td>" + HtmlEscape(cell) + "</td>";
    rows += "</tr>";
  }
  return out + Close(head, rows);
}

}  // namespace nagame::bot::report
