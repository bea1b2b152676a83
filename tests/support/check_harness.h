// Check tests: one table helper shared by every check's test, and one-check runs through the
// real runner (so findings carry the check id and category exactly as reports do).
//
// A check's test is mostly a table of cases, each a fixture named for what it shows and the
// findings it must give (options over the check's defaults, when a case sets any):
//
//   const testing::CheckCase cases[] = {
//       {"ten episodes is at the threshold",
//        [](HistoryBuilder& h) { h.Rule("A").Every(1h).Times(10); }, {"A"}},
//       {"threshold is configurable",
//        [](HistoryBuilder& h) { h.Rule("A").Every(1h).Times(4); }, {"A"},
//        {{"min_episodes", 4}}},
//   };
//   testing::ExpectTable({"noisy/volume"}, cases);
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rules/check_runner.h"
#include "tests/support/history_builder.h"

namespace nagame::testing {

// What a table compares of each finding.
using FindingName = std::function<std::string(const rules::Problem&)>;
std::string RuleOf(const rules::Problem& p);
std::string SourceOf(const rules::Problem& p);
std::string SummaryOf(const rules::Problem& p);
std::string SeverityOf(const rules::Problem& p);  // "info", "warning", "critical"
// evidence[key]: a string as it is, any other JSON (or none) as its dump: ["a","b"], 7, null.
FindingName EvidenceOf(std::string key);

// One row of a check's table.
struct CheckCase {
  std::string name;                                   // what the case shows
  std::function<void(HistoryBuilder&)> history;       // the fixture; may edit h.input() as well
  std::vector<std::string> flagged;                   // each finding's name, in report order
  nlohmann::json options = nlohmann::json::object();  // the check's configured options
};

// The check a table runs, and how it names findings and lays out histories.
struct CheckTable {
  std::string_view check;                     // "noisy/volume"
  FindingName name = RuleOf;                  // what `flagged` lists of each finding
  rules::Window window = Week("2026-11-23");  // each case's HistoryBuilder window
};

// Runs each case on a fresh HistoryBuilder(table.window): its history, then the check alone
// through the runner with its options. Expects the check to run (no "unable to run") and the
// names of its findings, in report order, to equal the case's `flagged`. Failures name the
// case and the line of the call (__builtin_FILE/LINE as default arguments are the caller's;
// std::source_location needs clang 15 with libstdc++, and the sanitizer build uses clang 14).
void ExpectTable(const CheckTable& table, std::span<const CheckCase> cases,
                 const char* file = __builtin_FILE(), int line = __builtin_LINE());

// Runs only `check_id` through the runner, with `options` as its configured options.
rules::CheckReport RunOnly(std::string_view check_id, const rules::CheckInput& input,
                           nlohmann::json options = nlohmann::json::object());

// The rules named by the report's problems, in report order.
std::vector<std::string> ProblemRules(const rules::CheckReport& report);

// Runs check `check_id` directly (no runner: findings keep an empty check id) with `options`
// over its defaults, and expects it to run; its findings, or none (after a test failure) when
// it was unable to.
std::vector<rules::Problem> Findings(std::string_view check_id, const rules::CheckInput& input,
                                     nlohmann::json options = nlohmann::json::object());

// The rules named by `problems`, in order.
std::vector<std::string> ProblemRules(const std::vector<rules::Problem>& problems);

// The report's problems rendered as JSON (what goldens compare).
std::string RenderProblems(const rules::CheckReport& report);

}  // namespace nagame::testing
