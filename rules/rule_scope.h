// Reviewing one rule without the others' history: which checks compare a rule with other
// rules, and how two partial reports become the report one run would have made.
//
// A rule's findings from every other check depend only on that rule's own episodes and
// records, so `rule NAME` and the rule page run those on the rule's history alone, and the
// checks that compare rules on the rule's history plus every rule's episodes that started in
// the window (bot/review/review_service.cc; tests/bot/review/scoped_rule_test.cc checks it).
#pragma once

#include "rules/check.h"
#include "rules/check_runner.h"

namespace nagame::rules {

// Whether `check`'s findings on a rule depend on other rules' episodes (those that started in
// the window): noisy/co-firing.
bool ComparesRules(const Check& check);

// `settings` with every check disabled whose ComparesRules differs from `comparing`.
ChecksSettings ChecksComparingRules(ChecksSettings settings, bool comparing);

// The order of a report's problems: category, severity (worst first), check, rule.
bool InReportOrder(const Problem& a, const Problem& b);

// Two reports of disjoint sets of checks as one: what RunChecks with both sets enabled returns
// (problems in report order, each check's own order kept; unable in registration order).
CheckReport MergeReports(CheckReport a, CheckReport b);

}  // namespace nagame::rules
