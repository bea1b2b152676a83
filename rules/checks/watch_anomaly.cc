// watch/anomaly: a burst in a watch chart that the weekly median does not see — pods restarting
// together for half an hour — named with when it happened, how far out it was, and whether any
// alert fired in it.
//
// The baseline is the series over the kWatchBaselineWindows windows before the one under review,
// at the same resolution: its median, its spread (1.4826 × the median absolute deviation, a
// robust standard deviation) and its lowest and highest values. A point of the window is out
// when it lies beyond every baseline value and at least min_score spreads from the median (any
// distance when the baseline never moved). A burst is a run of consecutive out points on one
// side (going on across in-range points for up to merge_gap), at least min_points out points,
// no longer than max_duration, and followed by mostly normal points for max_duration: a longer
// run, or one the series stays out after, is a level shift or a trend, which watch/change and
// missing/trend name.
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "rules/checks/checks.h"
#include "rules/history_math.h"
#include "rules/rule_history.h"
#include "rules/watch_series.h"

namespace nagame::rules::checks {
namespace {

using Points = std::vector<std::pair<Time, double>>;

struct Baseline {
  double median = 0;
  double spread = 0;  // 1.4826 × MAD; 0 when most points are equal
  double lowest = 0;
  double highest = 0;
  size_t points = 0;
};

Baseline BaselineOf(const Points& points) {
  std::vector<double> values;
  for (const auto& point : points) values.push_back(point.second);
  Baseline b;
  b.points = values.size();
  b.median = *Quantile(values, 0.5);
  std::vector<double> deviations;
  for (double v : values) deviations.push_back(std::abs(v - b.median));
  b.spread = 1.4826 * *Quantile(std::move(deviations), 0.5);
  auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  b.lowest = *lo;
  b.highest = *hi;
  return b;
}

// How many spreads `v` lies from the baseline's median; infinite off a baseline that never
// moved.
double Score(const Baseline& b, double v) {
  const double distance = std::abs(v - b.median);
  if (b.spread > 0) return distance / b.spread;
  return distance > 0 ? std::numeric_limits<double>::infinity() : 0;
}

// +1 above every baseline value and far enough out, -1 below, 0 otherwise.
int Side(const Baseline& b, double v, double min_score) {
  if (Score(b, v) < min_score) return 0;
  if (v > b.highest) return 1;
  if (v < b.lowest) return -1;
  return 0;
}

struct Burst {
  Time from;  // the first out point
  Time to;    // one step after the last out point (or the window's end)
  int side = 0;
  double peak = 0;  // the farthest value from the median
  double score = 0;
  size_t points = 0;
  bool ongoing = false;  // still out at the last point of the window
};

// The typical spacing of `points`: the median gap (the query's step).
Duration StepOf(const Points& points) {
  std::vector<Duration> gaps;
  for (size_t i = 1; i < points.size(); ++i) gaps.push_back(points[i].first - points[i - 1].first);
  return QuantileDuration(std::move(gaps), 0.5).value_or(Duration::zero());
}

// The runs of out points on one side; a run goes on across in-range points for up to
// `merge_gap` (a trend flickering across the baseline's edge is one long run, not many short
// bursts).
std::vector<Burst> Bursts(const Baseline& b, const Points& points, const Window& window,
                          double min_score, Duration merge_gap) {
  const Duration step = StepOf(points);
  std::vector<Burst> out;
  std::optional<Burst> run;
  Time last_out{};
  auto close = [&] {
    if (!run) return;
    run->ongoing = last_out == points.back().first;
    run->to = run->ongoing ? window.to : std::min(last_out + step, window.to);
    out.push_back(*run);
    run.reset();
  };
  for (const auto& [t, v] : points) {
    const int side = Side(b, v, min_score);
    if (side == 0) continue;
    if (run && (side != run->side || t - last_out > merge_gap)) close();
    if (!run) run = Burst{t, t, side, v, 0, 0, false};
    if (std::abs(v - b.median) >= std::abs(run->peak - b.median)) run->peak = v;
    run->score = std::max(run->score, Score(b, v));
    ++run->points;
    last_out = t;
  }
  close();
  return out;
}

// Whether most points in the `after` following `burst` are not out on its side: a burst is
// over when it ends; a series that stays out is shifting (a trend flickering across the edge
// at first). A burst still going at the window's end cannot be told apart: true.
bool BackToNormal(const Baseline& b, const Points& points, const Burst& burst, Duration after,
                  double min_score) {
  int64_t following = 0, out = 0;
  for (const auto& [t, v] : points) {
    if (t < burst.to || t > burst.to + after) continue;
    ++following;
    if (Side(b, v, min_score) == burst.side) ++out;
  }
  return 2 * out <= following;
}

// The rules with an episode overlapping `burst`, widened by `slack` before it (an alert's `for:`
// and the chart's step make the two start a little apart).
std::set<std::string> RulesFiringIn(const CheckInput& in, const Burst& burst, Duration slack) {
  const Interval span{burst.from - slack, burst.to};
  std::set<std::string> out;
  for (const Episode& e : in.episodes) {
    const Interval s = e.Span(in.now);
    if (s.start < span.end && span.start < s.end) out.insert(e.rule);
  }
  return out;
}

std::string ScoreText(double score) {
  return std::isinf(score) ? "the baseline never moved" : FormatValue(score) + " spreads out";
}

class WatchAnomalyCheck : public Check {
 public:
  std::string_view id() const override { return "watch/anomaly"; }
  Category category() const override { return Category::kWatch; }
  std::string_view description() const override {
    return "a burst in a watch query: points beyond every value of the previous weeks and "
           "min_score robust spreads (MAD) from their median, at least min_points of them, "
           "lasting at most max_duration; a warning when no alert fired in it";
  }
  nlohmann::json default_options() const override {
    return {{"min_score", 4},
            {"min_points", 2},
            {"max_duration", "6h"},
            {"merge_gap", "1h"},
            {"min_baseline_points", 20}};
  }

  Result<std::vector<Problem>> Run(const CheckInput& in, const CheckOptions& opt) const override {
    NAGAME_RETURN_IF_ERROR(FailedWatchQueries(in.watch, /*with_threshold_only=*/false));
    const double min_score = opt.Number("min_score");
    const double min_points = opt.Number("min_points");
    const Duration max_duration = opt.Dur("max_duration");
    const Window baseline_window{in.window.from - kWatchBaselineWindows * in.window.length(),
                                 in.window.from};
    std::vector<Problem> out;
    for (const WatchSeries& w : in.watch) {
      Points before = PointsIn(w, baseline_window);
      Points points = PointsIn(w, in.window);
      if (points.empty() ||
          static_cast<double>(before.size()) < opt.Number("min_baseline_points")) {
        continue;
      }
      const Baseline baseline = BaselineOf(before);
      std::vector<Burst> bursts;
      for (const Burst& b : Bursts(baseline, points, in.window, min_score, opt.Dur("merge_gap"))) {
        if (static_cast<double>(b.points) >= min_points && b.to - b.from <= max_duration &&
            BackToNormal(baseline, points, b, max_duration, min_score)) {
          bursts.push_back(b);
        }
      }
      if (bursts.empty()) continue;
      // The farthest out first.
      std::stable_sort(bursts.begin(), bursts.end(), [&](const Burst& a, const Burst& b) {
        return std::abs(a.peak - baseline.median) > std::abs(b.peak - baseline.median);
      });
      out.push_back(Describe(in, w, baseline, before.front().first, bursts, StepOf(points)));
    }
    return out;
  }

 private:
  static std::string When(const CheckInput& in, const Burst& b) {
    std::string from = in.zone.FormatMinute(b.from), to = in.zone.FormatMinute(b.to);
    if (from.substr(0, 10) == to.substr(0, 10)) to = to.substr(11);
    return from + "–" + (b.ongoing ? "now" : to);
  }

  static Problem Describe(const CheckInput& in, const WatchSeries& w, const Baseline& baseline,
                          Time baseline_from, const std::vector<Burst>& bursts, Duration step) {
    const Burst& top = bursts.front();
    const std::set<std::string> fired = RulesFiringIn(in, top, step);
    const Duration baseline_length =
        std::chrono::round<std::chrono::days>(in.window.from - baseline_from);
    Problem p;
    p.severity = fired.empty() ? Severity::kWarning : Severity::kInfo;
    p.summary = nlohmann::json(w.name).dump() + ": burst " + When(in, top) + " (" +
                FormatDuration(top.to - top.from) + "), peak " + FormatValue(top.peak) +
                " vs a usual " + FormatValue(baseline.median) + " (" +
                (top.side > 0 ? "at most " + FormatValue(baseline.highest)
                              : "at least " + FormatValue(baseline.lowest)) +
                " in the " + FormatDuration(baseline_length) + " before), " +
                (fired.empty() ? "no alert fired in it" : "alerts fired: " + Join(fired));
    if (bursts.size() > 1) p.summary += "; " + std::to_string(bursts.size() - 1) + " more";
    nlohmann::json listed = nlohmann::json::array();
    for (const Burst& b : bursts) {
      if (listed.size() == 5) break;
      listed.push_back({{"from", FormatRfc3339(b.from)},
                        {"to", FormatRfc3339(b.to)},
                        {"ongoing", b.ongoing},
                        {"direction", b.side > 0 ? "above" : "below"},
                        {"peak", b.peak},
                        {"score", std::isinf(b.score) ? nlohmann::json() : nlohmann::json(b.score)},
                        {"points", b.points}});
    }
    p.evidence = {{"watch", w.name},
                  {"query", w.query},
                  {"bursts", listed},
                  {"burst_count", bursts.size()},
                  {"how_far", ScoreText(top.score)},
                  {"baseline",
                   {{"from", FormatRfc3339(baseline_from)},
                    {"median", baseline.median},
                    {"spread", baseline.spread},
                    {"lowest", baseline.lowest},
                    {"highest", baseline.highest},
                    {"points", baseline.points}}},
                  {"alerts_fired", fired}};
    if (!fired.empty()) {
      p.fix.text =
          "an alert fired in it; listed so the meeting can look at the chart beside "
          "the alert and check that they agree on when it started and ended";
      return p;
    }
    // Halfway between the farthest baseline value and the peak: catches this burst, not the
    // baseline weeks. `for:` a third of the burst, so it fires while the burst lasts.
    const double edge = top.side > 0 ? baseline.highest : baseline.lowest;
    const double threshold = edge + (top.peak - edge) / 2;
    const Duration hold = std::max<Duration>(
        std::chrono::minutes(1), std::chrono::floor<std::chrono::minutes>((top.to - top.from) / 3));
    p.fix.text =
        "nothing alerted on it: if it hurt, alert on it (the threshold lies between the "
        "previous weeks' extreme and this burst's peak)";
    p.fix.yaml =
        "- alert: " + AlertNameFrom(w.name, "Burst") + "\n  expr: " +
        nlohmann::json("(" + w.query + ") " + (top.side > 0 ? ">" : "<") + " " +
                       FormatValue(threshold))
            .dump() +
        "\n  for: " + FormatDuration(hold) +
        "\n  labels:\n    severity: warning\n  annotations:\n    summary: " +
        nlohmann::json(w.name + (top.side > 0 ? " far above" : " far below") + " its usual range")
            .dump() +
        "\n    runbook_url: \"TODO: link to the runbook\"\n";
    return p;
  }

  static std::string Join(const std::set<std::string>& names) {
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
  }
};

}  // namespace

const Check& WatchAnomaly() {
  static const WatchAnomalyCheck kCheck;
  return kCheck;
}

}  // namespace nagame::rules::checks
