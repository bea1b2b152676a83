// Checks that compare rules, and merging the reports of two sets of checks.
#include "rules/rule_scope.h"

#include <algorithm>
#include <iterator>
#include <string>

namespace nagame::rules {

bool ComparesRules(const Check& check) { return check.id() == "noisy/co-firing"; }

ChecksSettings ChecksComparingRules(ChecksSettings settings, bool comparing) {
  for (const Check* c : AllChecks()) {
    if (ComparesRules(*c) != comparing) settings.disabled.emplace(c->id());
  }
  return settings;
}

bool InReportOrder(const Problem& a, const Problem& b) {
  if (a.category != b.category) return a.category < b.category;
  if (a.severity != b.severity) return a.severity > b.severity;
  if (a.check != b.check) return a.check < b.check;
  return a.rule < b.rule;
}

CheckReport MergeReports(CheckReport a, CheckReport b) {
  // RunChecks concatenates in registration order and sorts stably; problems of different
  // checks never compare equal, so a stable sort of both lists gives the same order.
  std::move(b.problems.begin(), b.problems.end(), std::back_inserter(a.problems));
  std::stable_sort(a.problems.begin(), a.problems.end(), InReportOrder);
  std::move(b.unable.begin(), b.unable.end(), std::back_inserter(a.unable));
  const std::vector<const Check*>& all = AllChecks();
  auto position = [&all](const UnableToRun& u) {
    return std::find_if(all.begin(), all.end(),
                        [&u](const Check* c) { return c->id() == u.check; }) -
           all.begin();
  };
  std::stable_sort(a.unable.begin(), a.unable.end(),
                   [&position](const UnableToRun& x, const UnableToRun& y) {
                     return position(x) < position(y);
                   });
  return a;
}

}  // namespace nagame::rules
