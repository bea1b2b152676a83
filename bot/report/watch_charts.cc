// WatchChartsSection: findings to marks, per-day medians as the text alternative.
#include "bot/report/watch_charts.h"

#include "bot/html_escape.h"
#include "bot/report/svg_charts.h"
#include "rules/history_math.h"
#include "rules/watch_series.h"

namespace nagame::bot::report {
namespace {

using Points = std::vector<std::pair<Time, double>>;

Time TimeAt(const nlohmann::json& text) {
  if (!text.is_string()) return Time{};
  auto t = ParseRfc3339(text.get<std::string>());
  return t.ok() && t->has_value() ? **t : Time{};
}

double NumberAt(const nlohmann::json& v) { return v.is_number() ? v.get<double>() : 0.0; }

// The marks a finding draws: missing/trend its fitted line over the window, watch/change the
// two medians, watch/anomaly its bursts.
void Mark(const rules::Problem& p, const rules::Window& window, std::vector<LineBand>* bands,
          std::vector<LineSegment>* segments) {
  const nlohmann::json& e = p.evidence;
  if (p.check == "missing/trend" && e.contains("fitted_now") && e.contains("last_at")) {
    const Time last = TimeAt(e["last_at"]);
    const double slope = NumberAt(e["slope_per_day"]) / 86400, at_last = NumberAt(e["fitted_now"]);
    auto fitted = [&](Time t) { return at_last + slope * ToSeconds(t - last); };
    segments->push_back({window.from, fitted(window.from), window.to, fitted(window.to), "trend",
                         "fitted trend (Theil-Sen)"});
  } else if (p.check == "watch/change" && e.contains("median")) {
    const double before = NumberAt(e["previous_median"]), now = NumberAt(e["median"]);
    segments->push_back({window.from, before, window.to, before, "median previous",
                         "median of the window before: " + rules::FormatValue(before)});
    segments->push_back({window.from, now, window.to, now, "median",
                         "median of this window: " + rules::FormatValue(now)});
  } else if (p.check == "watch/anomaly" && e.contains("bursts")) {
    for (const nlohmann::json& b : e["bursts"]) {
      bands->push_back({TimeAt(b["from"]), TimeAt(b["to"]),
                        "burst, peak " + rules::FormatValue(NumberAt(b["peak"]))});
    }
  }
}

// The text alternative: per local day of the window, the median of the day and of the same
// day a window before.
LineTable DailyMedians(const rules::Window& window, const rules::ZoneClock& zone, const Points& now,
                       const Points& before) {
  LineTable table{{"Day", "Median", "Median a window before"}, {}};
  auto median = [](const Points& points, Time from, Time to) -> std::string {
    std::vector<double> values;
    for (const auto& [t, v] : points) {
      if (t >= from && t < to) values.push_back(v);
    }
    auto m = rules::Quantile(std::move(values), 0.5);
    return m ? rules::FormatValue(*m) : "–";
  };
  for (Time day = window.from; day < window.to; day += std::chrono::days(1)) {
    const Time end = std::min<Time>(day + std::chrono::days(1), window.to);
    table.rows.push_back(
        {zone.FormatMinute(day).substr(0, 10), median(now, day, end), median(before, day, end)});
  }
  return table;
}

std::string SeverityTag(rules::Severity s) {
  const std::string name = rules::SeverityName(s);
  return "<span class=\"sev " + name + "\">" + name + "</span> ";
}

std::string Chart(const rules::Window& window, const rules::ZoneClock& zone,
                  const rules::WatchSeries& w, size_t index,
                  const std::vector<const rules::Problem*>& mine) {
  const std::string id = "watch-" + std::to_string(index);
  std::string out = "<div class=\"watch\"><h3>" + HtmlEscape(w.name) + "</h3>";
  if (!w.status.ok()) {
    return out + "<p>Could not be read: " + HtmlEscape(w.status.ToString()) + "</p></div>\n";
  }
  const Points now = rules::PointsIn(w, window);
  Points before;
  for (const auto& [t, v] : rules::PointsIn(w, window.Previous())) {
    before.emplace_back(t + window.length(), v);
  }
  std::vector<LineBand> bands;
  std::vector<LineSegment> segments;
  for (const rules::Problem* p : mine) Mark(*p, window, &bands, &segments);
  out += LineChart(id, w.name + ": this window (blue) and the window before (grey, dashed)",
                   window.from, window.to, now, before, w.threshold, bands, segments,
                   DailyMedians(window, zone, now, before));
  if (mine.empty()) return out + "<p>No change, trend or burst found.</p></div>\n";
  out += "<ul class=\"watch-findings\">";
  for (const rules::Problem* p : mine) {
    const bool better = p->evidence.value("direction", "") == "better";
    out += std::string("<li class=\"finding") + (better ? " better" : "") + "\">" +
           SeverityTag(p->severity) + HtmlEscape(p->summary) + " <code>" + HtmlEscape(p->check) +
           "</code></li>";
  }
  return out + "</ul></div>\n";
}

}  // namespace

std::string WatchChartsSection(const rules::Window& window, const rules::ZoneClock& zone,
                               const std::vector<rules::WatchSeries>& watch,
                               const std::vector<rules::Problem>& findings) {
  if (watch.empty()) return "";
  std::string out =
      "<section class=\"watch-charts\" aria-labelledby=\"watch-charts-h\"><h2 "
      "id=\"watch-charts-h\">Watch charts</h2>\n";
  for (size_t i = 0; i < watch.size(); ++i) {
    std::vector<const rules::Problem*> mine;
    for (const rules::Problem& p : findings) {
      const auto it = p.evidence.find("watch");
      if (it != p.evidence.end() && it->is_string() && *it == watch[i].name) mine.push_back(&p);
    }
    out += Chart(window, zone, watch[i], i, mine);
  }
  return out + "</section>\n";
}

}  // namespace nagame::bot::report
