// watch/change: a watch query whose median over the window moved a lot from the window before.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "rules/checks/checks.h"
#include "rules/history_math.h"
#include "rules/watch_series.h"

namespace nagame::rules::checks {
namespace {

std::optional<double> Median(const std::vector<std::pair<Time, double>>& points) {
  std::vector<double> values;
  for (const auto& point : points) values.push_back(point.second);
  return Quantile(std::move(values), 0.5);
}

class WatchChangeCheck : public Check {
 public:
  std::string_view id() const override { return "watch/change"; }
  Category category() const override { return Category::kWatch; }
  std::string_view description() const override {
    return "a watch query's median over the window moved by at least min_change (either way) "
           "from the previous window, or moved from or to zero; worse (towards the threshold, "
           "else per higher_is_worse) is a warning, better is info";
  }
  nlohmann::json default_options() const override {
    return {{"min_change", 0.25}, {"min_points", 5}, {"higher_is_worse", true}};
  }

  Result<std::vector<Problem>> Run(const CheckInput& in, const CheckOptions& opt) const override {
    NAGAME_RETURN_IF_ERROR(FailedWatchQueries(in.watch, /*with_threshold_only=*/false));
    const double min_change = opt.Number("min_change");
    const double min_points = opt.Number("min_points");
    // Without a threshold the bad direction is unknown; most watched values (latency, errors,
    // queue depth) are worse when higher.
    const bool higher_is_worse = opt.Flag("higher_is_worse");
    std::vector<Problem> out;
    for (const WatchSeries& w : in.watch) {
      auto current = PointsIn(w, in.window);
      auto previous = PointsIn(w, in.window.Previous());
      if (current.empty() || previous.empty() ||
          static_cast<double>(std::min(current.size(), previous.size())) < min_points) {
        continue;
      }
      double now = *Median(current), before = *Median(previous);
      if (now == before) continue;
      // From zero the relative change is undefined, and any move is a change (a version's
      // share going from 0 to 0.9): the absolute move is reported instead.
      std::optional<double> change;
      if (before != 0) change = (now - before) / std::abs(before);
      if (change && std::abs(*change) < min_change) continue;
      bool worse = w.threshold ? (now - before) * (*w.threshold - before) > 0
                               : (now > before) == higher_is_worse;
      Problem p;
      p.severity = worse ? Severity::kWarning : Severity::kInfo;
      char pct[16];
      if (change) std::snprintf(pct, sizeof pct, "%+.0f%%", *change * 100);
      p.summary = w.name + ": " + FormatValue(before) + " → " + FormatValue(now) + " (" +
                  (change ? std::string(pct) : "from zero") + ") vs the previous " +
                  FormatDuration(in.window.length()) + " — " + (worse ? "worse" : "improvement");
      if (w.threshold) p.summary += " (threshold " + FormatValue(*w.threshold) + ")";
      p.evidence = {{"watch", w.name},
                    {"query", w.query},
                    {"median", now},
                    {"previous_median", before},
                    {"change", change ? nlohmann::json(*change) : nlohmann::json()},
                    {"absolute_change", now - before},
                    {"direction", worse ? "worse" : "better"},
                    {"points", current.size()},
                    {"previous_points", previous.size()},
                    {"threshold", w.threshold ? nlohmann::json(*w.threshold) : nlohmann::json()}};
      p.fix.text = worse ? "listed as a change to discuss: what changed (deploy, traffic, "
                           "config), and does it need an alert or a fix?"
                         : "listed as a change to discuss: what made it better, and keep it";
      out.push_back(std::move(p));
    }
    return out;
  }
};

}  // namespace

const Check& WatchChange() {
  static const WatchChangeCheck kCheck;
  return kCheck;
}

}  // namespace nagame::rules::checks
