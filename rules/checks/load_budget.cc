// load/budget: a team is paged more often than its on-call budget per shift allows.
//
// A page is an episode starting in the window whose `severity` label is one of
// page_severities. The budget is per team (TeamOf: team, else owner, else "unowned"), since
// each team carries its own pager; the average is over the shifts in the part of the window
// that has passed (at least one).
#include <algorithm>

#include "rules/checks/checks.h"
#include "rules/rule_history.h"

namespace nagame::rules::checks {
namespace {

class LoadBudgetCheck : public Check {
 public:
  std::string_view id() const override { return "load/budget"; }
  Category category() const override { return Category::kLoad; }
  std::string_view description() const override {
    return "a team gets more than max_per_shift pages (episodes with a page_severities "
           "severity) per `shift` on average over the window";
  }
  nlohmann::json default_options() const override {
    return {{"page_severities", {"critical", "page"}}, {"shift", "12h"}, {"max_per_shift", 2}};
  }

  Result<std::vector<Problem>> Run(const CheckInput& in, const CheckOptions& opt) const override {
    const std::vector<std::string> page = opt.Strings("page_severities");
    const Duration shift = opt.Dur("shift");
    const double max_per_shift = opt.Number("max_per_shift");
    if (shift <= Duration::zero()) return InvalidArgument("shift must be positive", "shift");
    const Window span = Elapsed(in.window, in.now);
    const double shifts = std::max(1.0, ToSeconds(span.length()) / ToSeconds(shift));

    std::map<std::string, std::vector<const Episode*>> pages;  // by team
    for (const Episode& e : in.episodes) {
      auto severity = e.labels.find("severity");
      if (!span.Contains(e.starts_at) || severity == e.labels.end() ||
          std::find(page.begin(), page.end(), severity->second) == page.end()) {
        continue;
      }
      pages[TeamOf(e)].push_back(&e);
    }
    std::vector<Problem> out;
    for (auto& [team, list] : pages) {
      const int64_t n = static_cast<int64_t>(list.size());
      const double per_shift = static_cast<double>(n) / shifts;
      if (per_shift <= max_per_shift) continue;
      std::sort(list.begin(), list.end(),
                [](const Episode* a, const Episode* b) { return a->starts_at < b->starts_at; });
      std::map<std::string, int64_t> by_rule;
      for (const Episode* e : list) ++by_rule[e->rule];
      nlohmann::json contributors = nlohmann::json::array();
      std::string ranked;
      for (const auto& [rule, count] : TopCounts(by_rule, 5)) {
        contributors.push_back({{"rule", rule}, {"pages", count}});
        ranked += (ranked.empty() ? "" : ", ") + rule + " " + std::to_string(count);
      }
      Problem p;
      p.severity = Severity::kWarning;
      p.summary = "team " + team + ": " + std::to_string(n) + " pages in " +
                  FormatDuration(span.length()) + ", " + FormatDecimal(per_shift) + " per " +
                  FormatDuration(shift) + " shift (budget " + FormatDecimal(max_per_shift) + ")";
      p.evidence = {{"team", team},
                    {"pages", n},
                    {"shifts", shifts},
                    {"per_shift", per_shift},
                    {"budget", max_per_shift},
                    {"rules", by_rule.size()},
                    {"contributors", contributors},
                    {"examples", ExampleEpisodes(list, 3, in.now)}};
      p.fix.text = "cut the top pagers: " + ranked +
                   " — fix their causes, or demote the ones that can wait to a ticket";
      out.push_back(std::move(p));
    }
    return out;
  }
};

}  // namespace

const Check& LoadBudget() {
  static const LoadBudgetCheck kCheck;
  return kCheck;
}

}  // namespace nagame::rules::checks
