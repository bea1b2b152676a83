// missing/trend: a watch query trending to cross its threshold soon, with no alert that fired.
#include <algorithm>
#include <cmath>
#include <set>

#include "rules/checks/checks.h"
#include "rules/history_math.h"
#include "rules/promql/parser.h"
#include "rules/promql/selectors.h"
#include "rules/rule_history.h"
#include "rules/watch_series.h"

namespace nagame::rules::checks {
namespace {

std::string WithoutSpaces(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') out += c;
  }
  return out;
}

// The rules that alert on what `query` measures. A watch query has no rule of its own, so the
// link is by content: a rule whose expression selects every metric the query selects (the
// alert is then built on the same data, whatever its threshold or formatting); for a query
// that does not parse or names no metric, a rule whose expression contains the query's text
// (whitespace ignored).
std::set<std::string> LinkedRules(const CheckInput& in, const std::string& query) {
  std::set<std::string> wanted;
  if (auto parsed = promql::Parse(query); parsed.ok()) wanted = promql::MetricNames(*parsed);
  const std::string text = WithoutSpaces(query);
  std::set<std::string> out;
  for (const DefinedRule& rule : in.rules) {
    bool linked = false;
    if (wanted.empty()) {
      linked = WithoutSpaces(rule.definition.expr).find(text) != std::string::npos;
    } else if (!IsPromQL(rule)) {
      // A KQL table name parses as a PromQL selector: only PromQL rules are read as PromQL.
    } else if (auto expr = promql::Parse(rule.definition.expr); expr.ok()) {
      std::set<std::string> names = promql::MetricNames(*expr);
      linked = std::includes(names.begin(), names.end(), wanted.begin(), wanted.end());
    }
    if (linked) out.insert(rule.definition.name);
  }
  return out;
}

// A trend must still be moving the same way over the last kRecentShare of the window (at
// least its last kRecentMinPoints points), at no less than kRecentMinRate of the whole window's
// slope: a series that levelled off (a roll-out finished) is not heading anywhere. The part is
// taken by time, not by count: a few repeated samples at the end (a late scrape read at a
// finer step) are then a small part of it.
constexpr double kRecentShare = 0.25;
constexpr size_t kRecentMinPoints = 5;
constexpr double kRecentMinRate = 0.5;

// The Theil-Sen slope of the points of (x, y) whose x is in the last kRecentShare of
// [0, span], or of the last kRecentMinPoints points if that is more. REQUIRES: x ascending.
std::optional<double> RecentSlope(const std::vector<double>& x, const std::vector<double>& y,
                                  double span) {
  const double from = span * (1 - kRecentShare);
  size_t n = static_cast<size_t>(x.end() - std::lower_bound(x.begin(), x.end(), from));
  n = std::min(std::max(n, kRecentMinPoints), x.size());
  std::vector<double> rx(x.end() - n, x.end()), ry(y.end() - n, y.end());
  auto line = TheilSen(rx, ry);
  if (!line) return std::nullopt;
  return line->slope;
}

// Whether the series' configured bounds put `threshold` out of its reach.
bool OutOfReach(const WatchSeries& w, double threshold) {
  return (w.max && threshold > *w.max) || (w.min && threshold < *w.min);
}

class MissingTrendCheck : public Check {
 public:
  std::string_view id() const override { return "missing/trend"; }
  Category category() const override { return Category::kMissing; }
  std::string_view description() const override {
    return "a watch query whose robust (Theil-Sen) trend over the window crosses its threshold "
           "within horizon, still moving that way over its last quarter and within the "
           "series' min/max, while no rule on the same metrics fired in the window";
  }
  nlohmann::json default_options() const override {
    return {{"horizon", "14d"}, {"min_points", 10}};
  }

  Result<std::vector<Problem>> Run(const CheckInput& in, const CheckOptions& opt) const override {
    NAGAME_RETURN_IF_ERROR(FailedWatchQueries(in.watch, /*with_threshold_only=*/true));
    const Duration horizon = opt.Dur("horizon");
    const double min_points = opt.Number("min_points");
    std::set<std::string> fired;
    for (const auto& [key, group] : GroupByRule(in.episodes, in.window, in.now)) {
      fired.insert(key.second);
    }
    std::vector<Problem> out;
    for (const WatchSeries& w : in.watch) {
      if (!w.threshold || OutOfReach(w, *w.threshold)) continue;
      auto points = PointsIn(w, in.window);
      if (points.empty() || static_cast<double>(points.size()) < min_points) continue;
      std::vector<double> x, y;  // x: seconds since the window start
      for (const auto& [t, v] : points) {
        x.push_back(ToSeconds(t - in.window.from));
        y.push_back(v);
      }
      auto line = TheilSen(x, y);
      if (!line || line->slope == 0) continue;
      auto recent = RecentSlope(x, y, ToSeconds(in.window.length()));
      if (!recent || *recent * line->slope <= 0 ||
          std::abs(*recent) < kRecentMinRate * std::abs(line->slope)) {
        continue;
      }
      // Where the fitted line meets the threshold. Before the first point the line started on
      // the far side, and which side is bad cannot be told: skip.
      double cross = (*w.threshold - line->intercept) / line->slope;
      if (!std::isfinite(cross)) continue;
      if (cross < x.front() || cross > x.back() + ToSeconds(horizon)) continue;
      std::set<std::string> linked =
          in.rules_availability.ok() ? LinkedRules(in, w.query) : std::set<std::string>{};
      if (std::any_of(linked.begin(), linked.end(),
                      [&fired](const std::string& r) { return fired.count(r) > 0; })) {
        continue;
      }
      out.push_back(
          Describe(in, w, *line, *recent, points.back(), cross, points.size(), linked, horizon));
    }
    return out;
  }

 private:
  // The summary prints what was observed (the last point); the fitted line is evidence, named
  // as such.
  static Problem Describe(const CheckInput& in, const WatchSeries& w, const Line& line,
                          double recent_slope, std::pair<Time, double> last, double cross,
                          size_t points, const std::set<std::string>& linked, Duration horizon) {
    const double threshold = *w.threshold;
    const double per_day = line.slope * 86400;
    const Time last_t = last.first;
    const double last_x = ToSeconds(last_t - in.window.from);
    const double fitted_now = line.intercept + line.slope * last_x;
    const Time cross_t =
        in.window.from + std::chrono::duration_cast<Duration>(std::chrono::duration<double>(cross));
    Problem p;
    p.severity = Severity::kWarning;
    p.summary = nlohmann::json(w.name).dump() + (per_day > 0 ? " rising " : " falling ") +
                FormatValue(std::abs(per_day)) + "/day: ";
    if (cross <= last_x) {
      p.summary +=
          "crossed " + FormatValue(threshold) + " on " + FormatRfc3339(cross_t).substr(0, 10);
    } else {
      // Days once it is two days or more away, hours before that.
      Duration eta = cross_t - last_t;
      Duration shown = eta >= std::chrono::hours(48)
                           ? Duration(std::chrono::round<std::chrono::days>(eta))
                           : Duration(std::chrono::ceil<std::chrono::hours>(eta));
      p.summary += "crosses " + FormatValue(threshold) + " in ~" + FormatDuration(shown);
    }
    p.summary += " (now " + FormatValue(last.second) + "), no alert fired";
    p.evidence = {{"watch", w.name},
                  {"query", w.query},
                  {"threshold", threshold},
                  {"slope_per_day", per_day},
                  {"recent_slope_per_day", recent_slope * 86400},
                  {"last_value", last.second},
                  {"last_at", FormatRfc3339(last_t)},
                  {"fitted_now", fitted_now},
                  {"crosses_at", FormatRfc3339(cross_t)},
                  {"horizon", FormatDuration(horizon)},
                  {"points", points},
                  {"linked_rules", linked},
                  {"rules_known", in.rules_availability.ok()}};
    const char* op = per_day > 0 ? ">" : "<";
    p.fix.text = linked.empty()
                     ? "alert before it gets there: a predict_linear rule on the watch query"
                     : "rules on the same metrics (" + *linked.begin() +
                           (linked.size() > 1 ? ", …" : "") +
                           ") did not fire: alert on the trend with predict_linear";
    std::string summary =
        w.name + " will cross " + FormatValue(threshold) + " within 3 days at its current rate";
    p.fix.yaml =
        "# a 1-day fit projected 3 days ahead; widen both for slower trends\n"
        "- alert: " +
        AlertNameFrom(w.name, "Trend") + "\n" + "  expr: " +
        nlohmann::json("predict_linear((" + w.query + ")[1d:5m], 3 * 86400) " + op + " " +
                       nlohmann::json(threshold).dump())
            .dump() +
        "\n  for: 1h\n  labels:\n    severity: warning\n  annotations:\n    summary: " +
        nlohmann::json(summary).dump() + "\n    runbook_url: \"TODO: link to the runbook\"\n";
    return p;
  }
};

}  // namespace

const Check& MissingTrend() {
  static const MissingTrendCheck kCheck;
  return kCheck;
}

}  // namespace nagame::rules::checks
