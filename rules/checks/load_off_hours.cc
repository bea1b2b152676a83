// load/off-hours: a team gets more alerts outside working hours than a night or weekend day
// should bring.
//
// Off hours are cut into one period per local day, each starting at work_start: on a work day
// the night from work_end to the next work_start, on any other day the whole day until the
// next work_start (so Friday's night ends Saturday 08:00 and Sunday's runs into Monday 08:00).
// A period counts when at least half of it lies in the window. An alert is an episode starting
// off hours; its team is TeamOf (team, else owner, else "unowned").
#include <algorithm>
#include <cctype>
#include <cstdio>

#include "rules/checks/checks.h"
#include "rules/rule_history.h"

namespace nagame::rules::checks {
namespace {

constexpr int kDay = 24 * 60;

// Working hours in local time.
struct WorkHours {
  bool day[7] = {};  // by weekday, 0 = Sunday
  int start = 8 * 60;
  int end = 18 * 60;
  bool Working(const LocalTime& t) const {
    return day[t.weekday] && t.minute_of_day >= start && t.minute_of_day < end;
  }
};

Result<int> ParseClock(const std::string& text) {
  int h = 0, m = 0;
  char colon = 0;
  if (text.size() != 5 || std::sscanf(text.c_str(), "%2d%c%2d", &h, &colon, &m) != 3 ||
      colon != ':' || h < 0 || h > 24 || m < 0 || m > 59 || h * 60 + m > kDay) {
    return InvalidArgument("not a time of day HH:MM: \"" + text + "\"");
  }
  return h * 60 + m;
}

Result<WorkHours> ParseWorkHours(const CheckOptions& opt) {
  static const std::string kDays[] = {"sunday",   "monday", "tuesday", "wednesday",
                                      "thursday", "friday", "saturday"};
  WorkHours w;
  for (std::string d : opt.Strings("work_days")) {
    std::transform(d.begin(), d.end(), d.begin(), [](unsigned char c) { return std::tolower(c); });
    auto it = std::find_if(std::begin(kDays), std::end(kDays), [&d](const std::string& name) {
      return d == name || d == name.substr(0, 3);  // "monday" or "mon"
    });
    if (it == std::end(kDays)) return InvalidArgument("work_days: not a weekday: \"" + d + "\"");
    w.day[it - std::begin(kDays)] = true;
  }
  NAGAME_ASSIGN_OR_RETURN(w.start, ParseClock(opt.Text("work_start")));
  NAGAME_ASSIGN_OR_RETURN(w.end, ParseClock(opt.Text("work_end")));
  if (w.start >= w.end) return InvalidArgument("work_start must be before work_end");
  return w;
}

// The off-hours period `t` falls in: the local day it starts on, and whether that is a work day
// (a night) or not (a weekend day). REQUIRES: !hours.Working(t).
std::pair<int64_t, bool> PeriodOf(const LocalTime& t, const WorkHours& hours) {
  const bool before_work = t.minute_of_day < hours.start;
  return {t.day_number - before_work, hours.day[(t.weekday + (before_work ? 6 : 0)) % 7]};
}

class LoadOffHoursCheck : public Check {
 public:
  std::string_view id() const override { return "load/off-hours"; }
  Category category() const override { return Category::kLoad; }
  std::string_view description() const override {
    return "a team's alerts starting outside working hours (work_days, work_start–work_end, "
           "local) average more than max_per_period per night or weekend day";
  }
  nlohmann::json default_options() const override {
    return {{"work_days", {"mon", "tue", "wed", "thu", "fri"}},
            {"work_start", "08:00"},
            {"work_end", "18:00"},
            {"max_per_period", 2},
            {"urgent_severities", {"critical", "page"}}};
  }

  Result<std::vector<Problem>> Run(const CheckInput& in, const CheckOptions& opt) const override {
    NAGAME_ASSIGN_OR_RETURN(const WorkHours hours, ParseWorkHours(opt));
    const double max_per_period = opt.Number("max_per_period");
    const std::vector<std::string> urgent = opt.Strings("urgent_severities");
    const Window span = Elapsed(in.window, in.now);

    struct TeamLoad {
      std::vector<const Episode*> alerts;
      std::map<std::string, int64_t> by_rule;
      std::map<std::string, std::vector<const Episode*>> rule_episodes;
    };
    std::map<std::string, TeamLoad> teams;
    for (const Episode& e : in.episodes) {
      if (!span.Contains(e.starts_at) || hours.Working(in.zone.ToLocal(e.starts_at))) continue;
      TeamLoad& load = teams[TeamOf(e)];
      load.alerts.push_back(&e);
      ++load.by_rule[e.rule];
      load.rule_episodes[e.rule].push_back(&e);
    }
    std::vector<Problem> out;
    if (teams.empty()) return out;

    // Off-hours minutes of each period inside the window; it counts when at least half is.
    std::map<int64_t, std::pair<int, bool>> period_minutes;
    for (Time t = span.from; t < span.to; t += std::chrono::minutes(1)) {
      LocalTime local = in.zone.ToLocal(t);
      if (hours.Working(local)) continue;
      auto [day, night] = PeriodOf(local, hours);
      auto& [minutes, is_night] = period_minutes[day];
      ++minutes;
      is_night = night;
    }
    int64_t nights = 0, weekend_days = 0;
    for (const auto& [day, m] : period_minutes) {
      const int full = m.second ? kDay - (hours.end - hours.start) : kDay;
      if (2 * m.first < full) continue;
      ++(m.second ? nights : weekend_days);
    }
    const int64_t periods = nights + weekend_days;
    if (periods == 0) return out;

    for (auto& [team, load] : teams) {
      const int64_t n = static_cast<int64_t>(load.alerts.size());
      const double per_period = static_cast<double>(n) / static_cast<double>(periods);
      if (per_period <= max_per_period) continue;
      std::sort(load.alerts.begin(), load.alerts.end(),
                [](const Episode* a, const Episode* b) { return a->starts_at < b->starts_at; });
      nlohmann::json contributors = nlohmann::json::array();
      std::vector<std::string> demote, keep;
      for (const auto& [rule, count] : TopCounts(load.by_rule, 3)) {
        const std::string severity = MostCommonLabel(load.rule_episodes[rule], "severity");
        contributors.push_back({{"rule", rule}, {"alerts", count}, {"severity", severity}});
        const bool is_urgent = std::find(urgent.begin(), urgent.end(), severity) != urgent.end();
        (is_urgent ? keep : demote).push_back(rule);
      }
      // An init-capture: clang 14 cannot capture the structured binding `load` itself.
      auto listing = [&by_rule = load.by_rule](const std::vector<std::string>& rules) {
        std::string s;
        for (const std::string& r : rules) {
          s += (s.empty() ? "" : ", ") + r + " (" + std::to_string(by_rule[r]) + ")";
        }
        return s;
      };
      Problem p;
      p.severity = Severity::kWarning;
      p.summary = "team " + team + ": " + std::to_string(n) + " alerts off hours over " +
                  std::to_string(nights) + " nights and " + std::to_string(weekend_days) +
                  " weekend days, " + FormatDecimal(per_period) + " each (limit " +
                  FormatDecimal(max_per_period) + ")";
      p.evidence = {{"team", team},
                    {"off_hours_alerts", n},
                    {"nights", nights},
                    {"weekend_days", weekend_days},
                    {"per_period", per_period},
                    {"limit", max_per_period},
                    {"working_hours", WorkingHoursText(hours) + " " + in.zone.name},
                    {"contributors", contributors},
                    {"examples", ExampleEpisodes(load.alerts, 3, in.now)}};
      if (!demote.empty()) {
        p.fix.text = "deliver " + listing(demote) + " in working hours only, if they can wait";
        std::vector<int> days;
        for (int d = 0; d < 7; ++d) {
          if (hours.day[d]) days.push_back(d);
        }
        std::sort(demote.begin(), demote.end());
        p.fix.yaml = "# alertmanager.yml\n" +
                     TimeIntervalYaml("working-hours", hours.start, hours.end, days, in.zone.name) +
                     ChildRouteYaml(demote, {"active_time_intervals: [working-hours]"});
      }
      if (!keep.empty()) {
        p.fix.text += (p.fix.text.empty() ? "" : "; ") + std::string("urgent: ") + listing(keep) +
                      ": fix the cause, or demote to a ticket if nobody must "
                      "wake up for it";
      }
      out.push_back(std::move(p));
    }
    return out;
  }

 private:
  static std::string WorkingHoursText(const WorkHours& h) {
    static const char* const kNames[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    std::string days;
    for (int d = 0; d < 7; ++d) {
      if (h.day[d]) days += (days.empty() ? "" : ",") + std::string(kNames[d]);
    }
    return days + " " + FormatClock(h.start) + "–" + FormatClock(h.end);
  }
};

}  // namespace

const Check& LoadOffHours() {
  static const LoadOffHoursCheck kCheck;
  return kCheck;
}

}  // namespace nagame::rules::checks
